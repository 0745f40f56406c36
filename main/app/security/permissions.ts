/**
 * Roamdesk's UI needs no web permission (camera, geolocation, notifications through the web
 * API, …): every request and every check is denied. Location for Wi-Fi scanning is an OS
 * permission asked by the native helper, not a web permission.
 */
export function permissionDecision(_permission: string): false {
  return false;
}
