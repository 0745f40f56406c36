/**
 * Spatial lookups on the directory: sites near a point, through the R*Tree over site
 * positions (a bounding box query), then exact great-circle distances on the few hits.
 */
import type { CacheDatabase } from './database.js';

export interface NearbySite {
  siteId: string;
  name: string;
  kind: string;
  lat: number;
  lon: number;
  distanceM: number;
  hotspots: number;
}

const EARTH_RADIUS_M = 6_371_008.8;

export function distanceM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const toRad = Math.PI / 180;
  const dLat = (lat2 - lat1) * toRad;
  const dLon = (lon2 - lon1) * toRad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * toRad) * Math.cos(lat2 * toRad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

export class DirectoryQueries {
  private readonly inBox;

  constructor(db: CacheDatabase) {
    this.inBox = db
      .prepare<[number, number, number, number], [number, string, string, number, number, number]>(
        `SELECT s.id, s.name, s.kind, s.lat_e6, s.lon_e6, s.hotspots
           FROM directory_sites_rtree AS r CROSS JOIN directory_sites AS s ON s.id = r.id
          WHERE r.max_lat >= ? AND r.min_lat <= ? AND r.max_lon >= ? AND r.min_lon <= ?`,
      )
      .raw();
  }

  /** Sites within `radiusM` of a point, nearest first. */
  nearbySites(lat: number, lon: number, radiusM: number, limit = 50): NearbySite[] {
    const dLat = (radiusM / EARTH_RADIUS_M) * (180 / Math.PI);
    const cosLat = Math.max(Math.cos((lat * Math.PI) / 180), 1e-6);
    const dLon = Math.min(180, dLat / cosLat);
    const minLat = Math.max(-90, lat - dLat);
    const maxLat = Math.min(90, lat + dLat);
    // A box across the antimeridian is split in two.
    const boxes: Array<[number, number]> = [];
    if (lon - dLon < -180) boxes.push([lon - dLon + 360, 180], [-180, lon + dLon]);
    else if (lon + dLon > 180) boxes.push([lon - dLon, 180], [-180, lon + dLon - 360]);
    else boxes.push([lon - dLon, lon + dLon]);
    const found: NearbySite[] = [];
    for (const [minLon, maxLon] of boxes)
      for (const [id, name, kind, latE6, lonE6, hotspots] of this.inBox.all(minLat, maxLat, minLon, maxLon)) {
        const siteLat = latE6 / 1e6;
        const siteLon = lonE6 / 1e6;
        const distance = distanceM(lat, lon, siteLat, siteLon);
        if (distance <= radiusM) found.push({ siteId: String(id), name, kind, lat: siteLat, lon: siteLon, distanceM: distance, hotspots });
      }
    return found.sort((a, b) => a.distanceM - b.distanceM).slice(0, limit);
  }
}
