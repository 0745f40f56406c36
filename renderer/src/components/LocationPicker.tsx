import type { SimulationState } from '../../../preload/contract.js';

/** Only in a simulated world: move the device between sites to see other networks. */
export function LocationPicker({ simulation, onMove }: { simulation: SimulationState; onMove: (siteId: string) => void }) {
  return (
    <label className="location">
      Simulated location{' '}
      <select value={simulation.currentSiteId ?? ''} onChange={(event) => onMove(event.target.value)}>
        {simulation.currentSiteId === null && <option value="">In transit</option>}
        {simulation.sites.map((site) => (
          <option key={site.id} value={site.id}>
            {site.name}
          </option>
        ))}
      </select>
    </label>
  );
}
