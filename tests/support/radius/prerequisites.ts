/**
 * The RADIUS lab needs three Debian packages: `freeradius` (the server, /usr/sbin/freeradius),
 * `eapoltest` (wpa_supplicant's eapol_test, /usr/bin/eapol_test) and `openssl` (the CLI).
 * A missing one is an error, never a skip: CI installs them (`.ci/run`), and a test that did
 * not run is not a passing test.
 */
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

export interface LabTool {
  /** Command names tried, in order. */
  commands: string[];
  /** Debian package that provides it. */
  debianPackage: string;
}

export const LAB_TOOLS = {
  freeradius: { commands: ['freeradius', 'radiusd'], debianPackage: 'freeradius' },
  eapolTest: { commands: ['eapol_test'], debianPackage: 'eapoltest' },
  openssl: { commands: ['openssl'], debianPackage: 'openssl' },
} as const satisfies Record<string, LabTool>;

export type LabToolName = keyof typeof LAB_TOOLS;

/** sbin directories are often missing from a non-root PATH; FreeRADIUS lives in /usr/sbin. */
const EXTRA_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

function searchPath(dirs?: string[]): string[] {
  if (dirs) return dirs;
  const fromEnv = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  return [...new Set([...fromEnv, ...EXTRA_DIRS])];
}

/** Absolute path of the tool's executable, or undefined when it is not installed. `dirs` replaces PATH + sbin dirs (tests). */
export function findLabTool(name: LabToolName, dirs?: string[]): string | undefined {
  for (const command of LAB_TOOLS[name].commands) {
    for (const dir of searchPath(dirs)) {
      const candidate = path.join(dir, command);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

export class LabToolMissingError extends Error {
  readonly missingPackages: string[];
  constructor(missing: LabToolName[]) {
    const packages = missing.map((name) => LAB_TOOLS[name].debianPackage);
    const what = missing.map((name) => `\`${LAB_TOOLS[name].commands[0]}\` (Debian package \`${LAB_TOOLS[name].debianPackage}\`)`);
    super(
      `The RADIUS lab cannot run: ${what.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not installed. ` +
        `Install with \`apt-get install -y ${packages.join(' ')}\` (CI: add ${packages.map((p) => `\`${p}\``).join(', ')} to .ci/run).`,
    );
    this.name = 'LabToolMissingError';
    this.missingPackages = packages;
  }
}

/** Resolves every tool the lab needs or throws one error naming every missing package. */
export function requireLabTools(dirs?: string[]): Record<LabToolName, string> {
  const names = Object.keys(LAB_TOOLS) as LabToolName[];
  const found = Object.fromEntries(names.map((name) => [name, findLabTool(name, dirs)])) as Record<LabToolName, string | undefined>;
  const missing = names.filter((name) => found[name] === undefined);
  if (missing.length > 0) throw new LabToolMissingError(missing);
  return found as Record<LabToolName, string>;
}
