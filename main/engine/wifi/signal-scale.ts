/**
 * Signal scales. Windows and NetworkManager report a percentage, each on its own linear
 * scale; macOS (CoreWLAN, airport, system_profiler, wdutil) and `iw` report dBm. The scan
 * model holds dBm, so percentages are converted here, and only here.
 *
 * Windows (`WLAN_SIGNAL_QUALITY`, netsh `Signal : 42%`): "0 implies −100 dBm, 100 implies
 * −50 dBm, linear" (Microsoft, WLAN_ASSOCIATION_ATTRIBUTES):
 *     dBm = −100 + q / 2                       q = 2 · (dBm + 100), clamped to 0…100
 *
 * NetworkManager (`Strength`, nmcli `SIGNAL`): nm_wifi_utils_level_to_quality() clamps dBm to
 * −100…−40 and maps it linearly onto 0…100:
 *     dBm = −100 + 0.6 · s                     s = (dBm + 100) / 0.6, clamped to 0…100
 * (node-wifi and systeminformation use the Windows formula for NM too, which reads a 100%
 * NM signal as −50 dBm instead of −40 dBm or better.)
 *
 * Either way a percentage cannot say how far above the top of its scale a signal is: 100%
 * is "−50 dBm or better" on Windows and "−40 dBm or better" under NetworkManager.
 * Results are rounded to 0.1 dB.
 */

function clampPercent(percent: number): number {
  return Math.min(100, Math.max(0, percent));
}

function tenth(value: number): number {
  return Math.round(value * 10) / 10;
}

export function windowsPercentToDbm(percent: number): number {
  return tenth(-100 + clampPercent(percent) / 2);
}

export function dbmToWindowsPercent(dbm: number): number {
  return Math.round(clampPercent(2 * (dbm + 100)));
}

export function networkManagerPercentToDbm(percent: number): number {
  return tenth(-100 + 0.6 * clampPercent(percent));
}

export function dbmToNetworkManagerPercent(dbm: number): number {
  return Math.round(clampPercent((dbm + 100) / 0.6));
}
