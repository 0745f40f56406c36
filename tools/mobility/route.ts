/** Where the device is at a step: straight lines between waypoints, standing still after the last. */
import type { Point, Waypoint } from './world.js';

export function positionAt(route: readonly Waypoint[], step: number): Point {
  const first = route[0];
  if (!first) throw new Error('a route needs at least one waypoint');
  if (step <= first.atStep) return first.position;
  for (let i = 1; i < route.length; i++) {
    const b = route[i]!;
    if (step <= b.atStep) {
      const a = route[i - 1]!;
      const f = b.atStep === a.atStep ? 1 : (step - a.atStep) / (b.atStep - a.atStep);
      return { x: a.position.x + f * (b.position.x - a.position.x), y: a.position.y + f * (b.position.y - a.position.y) };
    }
  }
  return route[route.length - 1]!.position;
}
