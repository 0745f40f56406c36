/** Every scenario of the selection benchmark, in report order. */
import type { ScenarioDefinition } from '../world.js';
import { airportSite } from './airport-site.js';
import { callsDuringMovement } from './calls-during-movement.js';
import { coldCache } from './cold-cache.js';
import { commuteOfficeHabit } from './commute-office-habit.js';
import { denseHotel } from './dense-hotel.js';
import { failureStorm } from './failure-storm.js';
import { operatorMinSuccessRate } from './operator-min-success-rate.js';
import { staleCache } from './stale-cache.js';
import { trainDriveBy } from './train-drive-by.js';

export const SCENARIOS: readonly ScenarioDefinition[] = [
  commuteOfficeHabit,
  airportSite,
  denseHotel,
  trainDriveBy,
  failureStorm,
  callsDuringMovement,
  operatorMinSuccessRate,
  coldCache,
  staleCache,
];
