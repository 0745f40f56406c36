/**
 * Connection-sensitive apps: while one runs, the selector never makes an optional switch,
 * because even a make-before-break re-association drops a call's media for a second or
 * more, and a hard switch drops the call.
 *
 * What a process list can and cannot tell:
 * - It sees that an app runs, not that a call is in progress. Where a vendor runs a
 *   separate process only during a meeting, that name is listed (Zoom's `CptHost`,
 *   Webex's `atmgr`, GoTo's `g2mcomm`). Teams, Slack, Discord and WhatsApp keep one process
 *   alive all day, so their presence holds optional switches whenever they are open: a
 *   deliberate trade (a held switch costs a little quality; a dropped call costs the
 *   meeting). Operators who find that too conservative remove them in policy.
 * - Calls in a browser tab (Google Meet, Teams/Zoom/Webex web clients, Jitsi, Whereby) are
 *   invisible: the process is just the browser. Roamdesk does not treat browsers as
 *   critical, since that would freeze roaming for everyone.
 * - FaceTime on macOS runs as `FaceTime` while its window is open.
 *
 * Names are matched case-insensitively against ProcessList results: on Windows the image
 * name with `.exe` (from `tasklist`), on macOS the executable's file name (from `ps`).
 */
import { z } from 'zod';
import type { ProcessInfo } from '../ports/process-list.js';

export const CriticalAppSpecSchema = z.strictObject({
  id: z.string().min(1),
  label: z.string().min(1),
  windows: z.array(z.string().min(1)),
  macos: z.array(z.string().min(1)),
  linux: z.array(z.string().min(1)).optional(),
});
export type CriticalAppSpec = z.infer<typeof CriticalAppSpecSchema>;

export const defaultCriticalApps: CriticalAppSpec[] = [
  { id: 'teams', label: 'Microsoft Teams', windows: ['ms-teams.exe', 'Teams.exe'], macos: ['MSTeams', 'Microsoft Teams', 'Microsoft Teams (work or school)'], linux: ['teams-for-linux'] },
  { id: 'zoom', label: 'Zoom', windows: ['Zoom.exe', 'CptHost.exe'], macos: ['zoom.us', 'CptHost'], linux: ['zoom'] },
  { id: 'webex', label: 'Webex', windows: ['CiscoCollabHost.exe', 'webexmta.exe', 'atmgr.exe', 'Webex.exe'], macos: ['Webex', 'Cisco Webex Meetings', 'Meeting Center'], linux: [] },
  { id: 'slack', label: 'Slack (huddles)', windows: ['slack.exe'], macos: ['Slack'], linux: ['slack'] },
  { id: 'facetime', label: 'FaceTime', windows: [], macos: ['FaceTime'], linux: [] },
  { id: 'skype', label: 'Skype', windows: ['Skype.exe'], macos: ['Skype'], linux: ['skypeforlinux'] },
  { id: 'discord', label: 'Discord', windows: ['Discord.exe'], macos: ['Discord'], linux: ['Discord'] },
  { id: 'goto', label: 'GoTo Meeting', windows: ['g2mcomm.exe', 'g2mstart.exe', 'GoTo.exe', 'GoToMeeting.exe'], macos: ['GoTo Meeting', 'GoTo'], linux: [] },
  { id: 'ringcentral', label: 'RingCentral', windows: ['RingCentral.exe', 'RingCentralMeetings.exe'], macos: ['RingCentral', 'RingCentral Meetings'], linux: [] },
  { id: 'jabber', label: 'Cisco Jabber', windows: ['CiscoJabber.exe'], macos: ['Cisco Jabber'], linux: [] },
  { id: 'whatsapp', label: 'WhatsApp', windows: ['WhatsApp.exe'], macos: ['WhatsApp'], linux: [] },
  { id: 'signal', label: 'Signal', windows: ['Signal.exe'], macos: ['Signal'], linux: ['signal-desktop'] },
];

export type CriticalAppPlatform = 'windows' | 'macos' | 'linux';

/** Node's `process.platform` to the spec's key. */
export function criticalAppPlatform(platform: NodeJS.Platform): CriticalAppPlatform {
  return platform === 'win32' ? 'windows' : platform === 'darwin' ? 'macos' : 'linux';
}

export interface CriticalAppMatch {
  id: string;
  label: string;
  pid: number;
  processName: string;
}

// Lower-cased name → spec, built once per (spec list, platform): the process list is
// polled every few seconds and has hundreds of entries.
const indexCache = new WeakMap<readonly CriticalAppSpec[], Map<CriticalAppPlatform, Map<string, CriticalAppSpec>>>();

function indexFor(apps: readonly CriticalAppSpec[], platform: CriticalAppPlatform): Map<string, CriticalAppSpec> {
  let perPlatform = indexCache.get(apps);
  if (!perPlatform) indexCache.set(apps, (perPlatform = new Map()));
  let index = perPlatform.get(platform);
  if (!index) {
    index = new Map();
    for (const app of apps) for (const name of app[platform] ?? []) index.set(name.toLowerCase(), app);
    perPlatform.set(platform, index);
  }
  return index;
}

/** The connection-sensitive apps among running processes, one match per app. */
export function findCriticalApps(
  processes: readonly ProcessInfo[],
  platform: CriticalAppPlatform,
  apps: readonly CriticalAppSpec[] = defaultCriticalApps,
): CriticalAppMatch[] {
  const index = indexFor(apps, platform);
  const seen = new Set<string>();
  const matches: CriticalAppMatch[] = [];
  for (const process of processes) {
    const app = index.get(process.name.toLowerCase());
    if (app && !seen.has(app.id)) {
      seen.add(app.id);
      matches.push({ id: app.id, label: app.label, pid: process.pid, processName: process.name });
    }
  }
  return matches;
}
