/**
 * Generates the admin artefacts from main/engine/policy/schema.ts:
 *
 *   assets/policy/windows/Roamdesk.admx, assets/policy/windows/en-US/Roamdesk.adml
 *   assets/policy/macos/com.roamdesk.desktop.example.mobileconfig
 *   assets/policy/jamf/com.roamdesk.desktop.json           (Jamf Pro custom schema)
 *   assets/policy/linux/policy.example.json                (for /etc/roamdesk/policy.json)
 *   docs/deployment.md                                     (the policy table between its markers)
 *
 * `npm run generate:policy-templates` writes them (tools/policy-templates/run.mjs bundles
 * this file, since Node 20 cannot run TypeScript). tests/policy/templates.test.ts fails when
 * a committed file differs from what this produces.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type SettingKey, settingDefinition } from '../../main/engine/policy/schema.js';
import { buildAdml, buildAdmx } from './admx.js';
import { replacePolicyTable } from './docs-table.js';
import { buildJamfSchema } from './jamf.js';
import { buildExampleMobileconfig } from './mobileconfig.js';

export interface GeneratedFile {
  /** Relative to the repository root, with forward slashes. */
  path: string;
  content: string;
}

export const DOCS_PATH = 'docs/deployment.md';

const linuxExampleKeys: SettingKey[] = ['relayUrl', 'managedByOrganization', 'managedByUrl', 'autoConnect', 'remoteLogConsent', 'redactionLevel', 'prohibitedSsids', 'updatesDisabled'];

export function policyAssetFiles(): GeneratedFile[] {
  return [
    { path: 'assets/policy/windows/Roamdesk.admx', content: buildAdmx() },
    { path: 'assets/policy/windows/en-US/Roamdesk.adml', content: buildAdml() },
    { path: 'assets/policy/macos/com.roamdesk.desktop.example.mobileconfig', content: buildExampleMobileconfig() },
    { path: 'assets/policy/jamf/com.roamdesk.desktop.json', content: `${JSON.stringify(buildJamfSchema(), null, 2)}\n` },
    { path: 'assets/policy/linux/policy.example.json', content: `${JSON.stringify(Object.fromEntries(linuxExampleKeys.map((key) => [key, settingDefinition(key).example])), null, 2)}\n` },
  ];
}

/** Every generated file, the docs page included (its hand-written parts read from `root`). */
export function generatedFiles(root: string): GeneratedFile[] {
  const doc = readFileSync(path.join(root, DOCS_PATH), 'utf8');
  return [...policyAssetFiles(), { path: DOCS_PATH, content: replacePolicyTable(doc) }];
}

export function writePolicyTemplates(root: string): string[] {
  const written: string[] = [];
  for (const file of generatedFiles(root)) {
    const target = path.join(root, file.path);
    mkdirSync(path.dirname(target), { recursive: true });
    let current: string | undefined;
    try {
      current = readFileSync(target, 'utf8');
    } catch {
      current = undefined;
    }
    if (current === file.content) continue;
    writeFileSync(target, file.content);
    written.push(file.path);
  }
  return written;
}
