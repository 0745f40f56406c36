/**
 * Windows Group Policy / Intune ADMX policy: `HKLM\SOFTWARE\Policies\Roamdesk` (machine)
 * and `HKCU\SOFTWARE\Policies\Roamdesk` (user), read with `reg query <key> /s` through the
 * CommandRunner port (argv, no shell) and mapped by registry-text.ts.
 *
 * Live pickup: the registry has no file to watch from Node, so the source polls (default
 * every 60 s) and reports a change when the key's text differs from the last read. Group
 * Policy itself refreshes every 90 minutes ± 30, Intune on check-in, so a minute is ample.
 *
 * Known limit: fleets that set "Prevent access to registry editing tools" with the
 * "disable regedit from running silently" option block reg.exe too (research
 * 8021x-mdm.md C.5); the reader then reports an error for the source. An in-process
 * reader (registry-js) can replace `runReg` without changing anything else.
 */
import type { CommandRunner } from '../../engine/ports/command-runner.js';
import type { ManagedPolicySource, PolicyScope, PolicySnapshot } from '../../engine/policy/policy-source.js';
import { POLICY_REGISTRY_KEY } from '../../engine/policy/schema.js';
import { parseRegQueryOutput, registryHasKey, registryPolicyValues } from './registry-text.js';

export type RegistryHive = 'HKLM' | 'HKCU';

export interface RegistrySourceOptions {
  runner: CommandRunner;
  hive: RegistryHive;
  /** Defaults to SOFTWARE\Policies\Roamdesk. */
  keyPath?: string;
  pollMs?: number;
  /** reg.exe, found on PATH; tests pass their own. */
  regExe?: string;
  timeoutMs?: number;
}

const NOT_FOUND = /unable to find the specified registry key|ERROR: .*(not found|cannot find)/i;

export class RegistryPolicySource implements ManagedPolicySource {
  readonly origin: string;
  readonly scope: PolicyScope;
  private readonly key: string;
  /** What the last read or poll saw: a poll that sees something else reports a change. */
  private fingerprint: string | undefined;

  constructor(private readonly options: RegistrySourceOptions) {
    this.key = `${options.hive}\\${options.keyPath ?? POLICY_REGISTRY_KEY}`;
    this.origin = this.key;
    this.scope = options.hive === 'HKLM' ? 'machine' : 'user';
  }

  /** The key's text as `reg query /s` prints it; undefined when the key does not exist. */
  private async queryText(): Promise<string | undefined> {
    const result = await this.options.runner.run(this.options.regExe ?? 'reg', ['query', this.key, '/s'], { timeoutMs: this.options.timeoutMs ?? 10_000 });
    const stdout = result.stdout.toString('utf8');
    const stderr = result.stderr.toString('utf8');
    if (result.exitCode !== 0) {
      if (NOT_FOUND.test(stderr) || NOT_FOUND.test(stdout)) return undefined;
      throw new Error(`reg query ${this.key} failed (exit ${result.exitCode}): ${(stderr || stdout).trim().slice(0, 300)}`);
    }
    return stdout;
  }

  async read(): Promise<PolicySnapshot> {
    const base = { origin: this.origin, scope: this.scope };
    try {
      const text = await this.queryText();
      this.fingerprint = text ?? '(absent)';
      if (text === undefined) return { ...base, status: 'absent', values: {} };
      const tree = parseRegQueryOutput(text);
      const root = `${this.options.hive}\\${this.options.keyPath ?? POLICY_REGISTRY_KEY}`;
      if (!registryHasKey(tree, root)) return { ...base, status: 'absent', values: {} };
      return { ...base, status: 'ok', values: registryPolicyValues(tree, root) };
    } catch (error) {
      return { ...base, status: 'error', values: {}, error: (error as Error).message };
    }
  }

  watch(onChange: () => void): () => void {
    let busy = false;
    const poll = async () => {
      if (busy) return;
      busy = true;
      try {
        const text = await this.queryText().catch((error: unknown) => `error: ${String(error)}`);
        const fingerprint = text ?? '(absent)';
        const changed = this.fingerprint !== undefined && fingerprint !== this.fingerprint;
        this.fingerprint = fingerprint;
        if (changed) onChange();
      } finally {
        busy = false;
      }
    };
    void poll(); // also catches a change between the last read and this watch
    const timer = setInterval(() => void poll(), this.options.pollMs ?? 60_000);
    timer.unref?.();
    return () => clearInterval(timer);
  }
}
