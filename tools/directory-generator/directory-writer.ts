/**
 * Writes a signed directory file (docs/directory-format.md): the payload goes to a side
 * file while its SHA-256 is computed, then the header (with hash, length and record count)
 * is signed and header + signature + payload are written as the final file. Synchronous
 * file I/O in large blocks: this is a developer tool and benchmark helper, not the app.
 */
import { createHash, type KeyObject } from 'node:crypto';
import { closeSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { DIRECTORY_FORMAT, DIRECTORY_FORMAT_VERSION, type DirectoryHeader, type DirectoryKind } from '../../main/engine/directory/directory-format.js';
import { keyIdOf, signatureLine } from '../../main/engine/directory/directory-signature.js';
import { createPublicKey } from 'node:crypto';

export interface DirectoryWriterOptions {
  kind: DirectoryKind;
  directoryId: string;
  version: number;
  createdAt: string;
  /** full: [tile, version]; delta: [tile, from, to]. Settable later with setTiles(). */
  tiles?: DirectoryHeader['tiles'];
  privateKey: KeyObject;
}

/** The file's records, as arrays exactly as they appear on a line. */
export type ProviderRecord = ['P', number, string, string, string | null];
export type SiteRecord = ['S', number, string, string, number, number];
export type HotspotRecord = ['H', string, string, number, number | null, number | null, number | null, string, string | null, string | null, string | null, string | null, number, number, number | null];
export type TombstoneRecord = ['-H', string] | ['-S', number] | ['-P', number];
export type AnyRecord = ProviderRecord | SiteRecord | HotspotRecord | TombstoneRecord;

const FLUSH_BYTES = 1 << 20;

export class DirectoryWriter {
  private readonly payloadFile: string;
  private readonly fd: number;
  private readonly hash = createHash('sha256');
  private pending: string[] = [];
  private pendingBytes = 0;
  private bytes = 0;
  private records = 0;
  private tiles: DirectoryHeader['tiles'];

  constructor(
    private readonly file: string,
    private readonly options: DirectoryWriterOptions,
  ) {
    this.payloadFile = `${file}.payload-${process.pid}`;
    this.fd = openSync(this.payloadFile, 'w');
    this.tiles = options.tiles ?? [];
  }

  setTiles(tiles: DirectoryHeader['tiles']): void {
    this.tiles = tiles;
  }

  write(record: AnyRecord): void {
    this.writeLine(JSON.stringify(record));
  }

  /** One payload line as given (no validation): lets tests sign deliberately broken content. */
  writeLine(text: string): void {
    const line = `${text}\n`;
    this.pending.push(line);
    this.pendingBytes += line.length;
    this.records += 1;
    if (this.pendingBytes >= FLUSH_BYTES) this.flush();
  }

  /** Finishes the file; returns its header. */
  close(): DirectoryHeader {
    this.flush();
    closeSync(this.fd);
    const header: DirectoryHeader = {
      format: DIRECTORY_FORMAT,
      formatVersion: DIRECTORY_FORMAT_VERSION,
      kind: this.options.kind,
      directoryId: this.options.directoryId,
      version: this.options.version,
      createdAt: this.options.createdAt,
      keyId: keyIdOf(createPublicKey(this.options.privateKey)),
      payloadBytes: this.bytes,
      payloadSha256: this.hash.digest('hex'),
      records: this.records,
      tiles: this.tiles,
    };
    const headerLine = Buffer.from(JSON.stringify(header));
    const tmp = `${this.file}.tmp-${process.pid}`;
    const out = openSync(tmp, 'w');
    try {
      writeSync(out, headerLine);
      writeSync(out, `\n${signatureLine(headerLine, this.options.privateKey)}\n`);
      const input = openSync(this.payloadFile, 'r');
      const buffer = Buffer.allocUnsafe(8 << 20);
      for (let read = readSync(input, buffer); read > 0; read = readSync(input, buffer)) writeSync(out, buffer, 0, read);
      closeSync(input);
    } finally {
      closeSync(out);
      rmSync(this.payloadFile, { force: true });
    }
    renameSync(tmp, this.file);
    return header;
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const chunk = Buffer.from(this.pending.join(''), 'utf8');
    this.hash.update(chunk);
    writeSync(this.fd, chunk);
    this.bytes += chunk.length;
    this.pending = [];
    this.pendingBytes = 0;
  }
}

/** Writes a whole directory from a list of records: handy for tests and small fixtures. */
export function writeDirectory(file: string, options: DirectoryWriterOptions, records: Iterable<AnyRecord>): DirectoryHeader {
  const writer = new DirectoryWriter(file, options);
  for (const record of records) writer.write(record);
  return writer.close();
}
