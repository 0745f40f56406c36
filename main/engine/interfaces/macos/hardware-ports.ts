/**
 * `networksetup -listallhardwareports` (macOS) → which BSD device is the Wi-Fi one. The
 * port is called `Wi-Fi` (older systems: `AirPort`) in every system language, because it
 * is the hardware port's name, not a localised label.
 *
 *   Hardware Port: Wi-Fi
 *   Device: en0
 *   Ethernet Address: 3c:22:fb:12:34:56
 */

export interface HardwarePort {
  port: string;
  device: string;
  mac: string | null;
}

export function parseHardwarePorts(text: string): HardwarePort[] {
  const out: HardwarePort[] = [];
  let port: string | undefined;
  for (const line of text.split(/\r\n|\r|\n/)) {
    const match = /^\s*(Hardware Port|Device|Ethernet Address):\s*(.*?)\s*$/.exec(line);
    if (!match) continue;
    const value = match[2]!;
    if (match[1] === 'Hardware Port') port = value;
    else if (match[1] === 'Device' && port !== undefined && value) {
      out.push({ port, device: value, mac: null });
      port = undefined;
    } else if (match[1] === 'Ethernet Address' && out.length > 0) {
      // `N/A` on ports without hardware of their own (bridges).
      out[out.length - 1]!.mac = /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(value) ? value.toLowerCase() : null;
    }
  }
  return out;
}

export function wifiDevice(ports: readonly HardwarePort[]): string | null {
  return ports.find((item) => /^(wi-?fi|airport)$/i.test(item.port))?.device ?? null;
}
