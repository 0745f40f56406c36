/** The part of the report that explains how the numbers come about (kept beside the code that makes them). */
export const MODEL_NOTES = `
## How the simulator works

- **Time** advances in 2 s steps; nothing sleeps. Each step: an attempt whose time is up
  ends (the device's cache records it), an online link that the world says is lost drops,
  then — unless an attempt is under way or a loss is still being detected (4 s: missed
  beacons, then a fresh scan) — the policy sees the scan and decides: stay, or connect to
  a BSSID in the scan. A step counts as online if the device ends it online.
- **Luck** is a pure function of (seed, entity, index) through \`main/engine/wifi/simulated/seeded-random.ts\`:
  per (AP, step) slow fading (AR(1) shadowing, σ = 3 dB by default), association draws,
  portal durations, throughput samples and AP-side drops; per seed the layout, which APs
  are broken, outage and call times. Outcomes depend on (AP, step) only, never on who
  asks, so every policy faces the same luck.
- **Signal**: log-distance path loss from each AP to the device's position on its route.
  A scan lists APs at −92 dBm or better; a link is lost under −87 dBm, when the AP's
  backhaul is out, when the device has a fault, or by an AP-side drop.
- **An attempt** succeeds with the AP's true probability × a signal factor (full odds from
  −75 dBm, none at −90). A success costs association + DHCP (+ the AP's portal sign-in,
  varying per attempt) before the device is online; a rejection costs 4 s; an AP with a dead
  uplink (or in an outage, or a device fault) associates but fails the internet check
  after 10 s. A portal sign-in is paid on every association: sessions do not carry across
  APs, so every handover on a portal network costs its sign-in.
- **What a policy sees**: the scan (signal with fading), its current link, its own cache
  (attempts, successes, consecutive failures, throughput measured while online,
  time-to-online, per-network habits: what the engine's cache holds), the directory with
  crowd data when the scenario ships one (none on a cold cache, out of date on a stale
  one), the saved credentials, and the process list (a call app during calls). Roamdesk is
  run through its real \`rank()\` with Candidates built from these; its block states follow
  the selector's own \`onAttemptOutcome\`/\`suspectDevice\`. Wi-Fi only: no cellular.
- **The oracle** reads the realised world and plans by dynamic programming over (step,
  state) under exactly these rules: no policy can be online for more steps than it.

## Metrics

- **online share**: steps online / steps. **regret**: oracle's online share − the policy's.
- **success rate**: attempts that got online / attempts. **first-attempt success**: share of
  connection episodes (attempts since the device was last online, or a switch) whose first
  attempt worked.
- **time to online** p50/p95: association + portal time of successful attempts.
- **handovers/h**: changes of the serving BSSID (reconnecting to the same one is not one).
- **ping-pongs/h**: serving sequence A → B → A with the return to A within 60 s of leaving it.
- **calls interrupted**: calls during which the device went offline or the policy made an
  optional switch. A switch is *optional* when the link it left was still usable: at
  −80 dBm or better and, had the device stayed, not lost within the next 30 s (ground
  truth, the same judge for every policy). The target counts optional switches only.

## Baselines

- **strongest**: joins the loudest joinable network (≥ −85 dBm); moves when another is 8 dB
  louder; no memory of failures.
- **most-recent**: joins the network it was last online on, among those in view (else the
  loudest); stays until the link drops; roams within the same SSID below −75 dBm.
- **android-like**: AOSP's selector, simplified: per-band entry thresholds (−80/−77/−77 dBm),
  saturating RSSI + predicted throughput + saved-network and security awards + a current
  bonus; re-selects only when the current link is insufficient, at most every 10 s; its own
  BSSID blocklist (3 failures, or one failed internet check: 5 min doubling). No crowd data,
  no calls awareness.
- **oracle**: the limit (above).
`;
