/**
 * `roamdesk eap …`: enterprise Wi-Fi (802.1X) profiles for IT and support, without the engine.
 *
 *   roamdesk eap render --from <eap-config.xml> --format windows|apple|networkmanager|wpa_supplicant
 *                       [--out <dir>] [--identity <user>] [--cert-dir <dir>] [--json]
 *
 * Reads an eap-config file (eduroam CAT / geteduroam / letswifi), checks it (server validation
 * is mandatory) and renders the OS's files. With --out they are written there (secret files
 * 0600); without, they are printed. No password is ever taken on the command line or written:
 * the OS asks for it (or keeps it) when the profile is used.
 *
 * Exit status: 0 done; 2 bad input (unreadable or invalid eap-config, unsupported methods,
 * no server validation, unknown format); 1 anything else. Errors carry a stable code.
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { RoamdeskError, isRoamdeskError } from '../engine/errors.js';
import { type EapConfigImport, importEapConfigBytes } from '../engine/eap/eap-config-import.js';
import { profileSlug } from '../engine/eap/model.js';
import { renderAppleMobileconfig } from '../engine/eap/render/apple-mobileconfig.js';
import { renderNetworkManager } from '../engine/eap/render/networkmanager.js';
import type { RenderedFile } from '../engine/eap/render/rendered-file.js';
import { renderWindowsWlan } from '../engine/eap/render/windows-wlan.js';
import { renderWpaSupplicant } from '../engine/eap/render/wpa-supplicant.js';

export const EAP_RENDER_FORMATS = ['windows', 'apple', 'networkmanager', 'wpa_supplicant'] as const;
export type EapRenderFormat = (typeof EAP_RENDER_FORMATS)[number];

/** Error codes of `eap render` that mean the input is unusable (exit 2). */
export const EAP_INPUT_ERRORS: ReadonlySet<string> = new Set([
  'INVALID_REQUEST',
  'EAP_CONFIG_MALFORMED',
  'EAP_CONFIG_UNSUPPORTED',
  'EAP_SERVER_VALIDATION_MISSING',
  'EAP_PROFILE_INVALID',
  'EAP_PROFILE_NO_NETWORKS',
  'EAP_CERTIFICATE_INVALID',
  'EAP_RENDER_INPUT_MISSING',
]);

interface RenderOptions {
  from: string;
  format: string;
  out?: string;
  identity?: string;
  certDir?: string;
  json?: boolean;
}

export function registerEapCommands(program: Command): void {
  const eap = program.command('eap').description('enterprise Wi-Fi (802.1X / Passpoint) profiles');
  eap
    .command('render')
    .description('render an eap-config file (eduroam CAT, geteduroam) as Windows, Apple, NetworkManager or wpa_supplicant files')
    .requiredOption('--from <file>', 'the eap-config file (EAPIdentityProviderList XML)')
    .requiredOption('--format <format>', `one of ${EAP_RENDER_FORMATS.join(', ')}`)
    .option('--out <dir>', 'write the files into this directory (default: print them)')
    .option('--identity <user>', 'the user name to put in the profile (the profile’s realm rules apply)')
    .option('--cert-dir <dir>', 'networkmanager / wpa_supplicant: where the certificate files will live (default: /etc/roamdesk/eap/<id>)')
    .option('--json', 'print machine-readable JSON')
    .action(async (options: RenderOptions) => {
      try {
        renderCommand(options);
      } catch (error) {
        fail(options, error);
      }
    });
}

function renderCommand(options: RenderOptions): void {
  if (!(EAP_RENDER_FORMATS as readonly string[]).includes(options.format)) {
    throw new RoamdeskError('INVALID_REQUEST', `--format ${options.format} is not one of ${EAP_RENDER_FORMATS.join(', ')}.`);
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(options.from);
  } catch (cause) {
    throw new RoamdeskError('INVALID_REQUEST', `The eap-config file ${options.from} cannot be read.`, { cause });
  }
  const imported = importEapConfigBytes(bytes);
  const files = render(imported, options.format as EapRenderFormat, options);

  const written = options.out !== undefined ? writeFiles(options.out, files) : undefined;
  const summary = {
    profile: { id: imported.profile.id, name: imported.profile.name, method: imported.profile.method, ssids: imported.profile.ssids, passpoint: imported.profile.passpoint !== undefined },
    format: options.format,
    warnings: imported.warnings,
    skipped: imported.skipped,
    files: files.map((file, index) => ({
      name: file.name,
      role: file.role,
      secret: file.secret,
      ...(written ? { path: written[index]! } : typeof file.content === 'string' ? { content: file.content } : { contentBase64: Buffer.from(file.content).toString('base64') }),
    })),
  };
  if (options.json) {
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return;
  }
  const head = [
    `${imported.profile.name} (${imported.profile.id}): ${imported.profile.method}, ${options.format}`,
    ...imported.warnings.map((w) => `warning: ${w}`),
    ...imported.skipped.map((s) => `skipped AuthenticationMethod ${s.position} (${s.description}): ${s.reason}`),
  ];
  if (written) {
    process.stdout.write(`${[...head, ...files.map((f, i) => `wrote ${written[i]} (${f.role}${f.secret ? ', secret' : ''})`)].join('\n')}\n`);
    return;
  }
  const bodies = files.map((f) => `==> ${f.name} (${f.role}) <==\n${typeof f.content === 'string' ? f.content : `[${f.content.length} bytes, binary: use --out or --json]\n`}`);
  process.stdout.write(`${head.join('\n')}\n\n${bodies.join('\n')}`);
}

function render(imported: EapConfigImport, format: EapRenderFormat, options: RenderOptions): RenderedFile[] {
  const { profile } = imported;
  const identity = options.identity !== undefined ? { identity: options.identity } : {};
  if (format === 'windows') return renderWindowsWlan(profile);
  if (format === 'apple') return renderAppleMobileconfig(profile, identity);
  const certDir = path.resolve(options.certDir ?? path.posix.join('/etc/roamdesk/eap', profileSlug(profile)));
  const slug = profileSlug(profile);
  const files = {
    caCertPath: path.join(certDir, `${slug}-ca.pem`),
    ...(profile.method === 'tls' ? { privateKeyPath: path.join(certDir, profile.clientCertificate?.format === 'pem' ? `${slug}-client.key` : `${slug}-client.p12`) } : {}),
    ...(profile.method === 'tls' && profile.clientCertificate?.format === 'pem' ? { clientCertPath: path.join(certDir, `${slug}-client.pem`) } : {}),
  };
  return format === 'networkmanager' ? renderNetworkManager(profile, { files, ...identity }) : renderWpaSupplicant(profile, { files, ...identity });
}

function writeFiles(dir: string, files: RenderedFile[]): string[] {
  mkdirSync(dir, { recursive: true });
  return files.map((file) => {
    const target = path.join(dir, file.name);
    writeFileSync(target, file.content, { mode: file.secret ? 0o600 : 0o644 });
    chmodSync(target, file.secret ? 0o600 : 0o644);
    return target;
  });
}

function fail(options: RenderOptions, error: unknown): void {
  const info = isRoamdeskError(error) ? error.toInfo() : { code: 'INTERNAL', message: (error as Error)?.message ?? String(error) };
  if (options.json) process.stdout.write(`${JSON.stringify({ error: info }, null, 2)}\n`);
  else process.stderr.write(`roamdesk: ${info.code}: ${info.message}${'hint' in info && info.hint ? `\n  ${info.hint}` : ''}\n`);
  process.exitCode = EAP_INPUT_ERRORS.has(info.code) ? 2 : 1;
}
