/** Hotspot-in-a-box's public API: start a portal, read its config types. */
export { type Hotspot, type StartHotspotOptions, startHotspot } from './hotspot.js';
export {
  HotspotConfig,
  type HotspotConfigInput,
  HotspotConfigError,
  HotspotFaults,
  HotspotFaultsPatch,
  MalformedXml,
  parseHotspotConfig,
} from './config.js';
export type { HotspotStats } from './portal-session.js';
export type { PortalUrls } from './portal-site.js';
export { type PortalCertificates, issuePortalCertificates } from './certificate-authority.js';
