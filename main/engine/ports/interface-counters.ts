/**
 * What the Wi-Fi interface has carried, and its addresses: byte counters (cumulative since
 * the interface came up) plus MAC and IP, for the usage report. A port because each OS
 * keeps them elsewhere (Linux /sys/class/net, Windows GetIfEntry2, macOS getifaddrs) and
 * a simulated world counts what passed its gateway.
 */
export interface InterfaceSample {
  rxBytes: number;
  txBytes: number;
  mac: string | null;
  ip: string | null;
}

export interface InterfaceCounters {
  /** Null when this platform cannot say (the report then leaves bytes empty, never zero). */
  sample(): Promise<InterfaceSample | null>;
}

export const noInterfaceCounters: InterfaceCounters = { sample: async () => null };
