/**
 * HMAC-SHA-256 for many short messages under one key, in plain JavaScript: the key's inner and
 * outer pads are hashed once, so a message of up to 55 bytes costs two compressions and no
 * call into node:crypto (whose per-call cost, not the hashing, dominates for short inputs —
 * a bundle of a large log hashes hundreds of thousands of MAC and IP addresses). Same output
 * as `createHmac('sha256', key)`; tests/bundle/pseudonymizer.test.ts checks it against that.
 */
import { createHash } from 'node:crypto';

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const IV = new Int32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
const BLOCK = 64;

/** One SHA-256 compression of the 64 bytes at `block[offset…]` into `state`. */
function compress(state: Int32Array, block: Uint8Array, offset: number, w: Int32Array): void {
  for (let i = 0; i < 16; i++) {
    const at = offset + i * 4;
    w[i] = (block[at]! << 24) | (block[at + 1]! << 16) | (block[at + 2]! << 8) | block[at + 3]!;
  }
  for (let i = 16; i < 64; i++) {
    const x = w[i - 15]!;
    const y = w[i - 2]!;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
  }
  let a = state[0]!;
  let b = state[1]!;
  let c = state[2]!;
  let d = state[3]!;
  let e = state[4]!;
  let f = state[5]!;
  let g = state[6]!;
  let h = state[7]!;
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[i]! + w[i]!) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
  state[4] = (state[4]! + e) | 0;
  state[5] = (state[5]! + f) | 0;
  state[6] = (state[6]! + g) | 0;
  state[7] = (state[7]! + h) | 0;
}

export class HmacSha256 {
  /** The states after the key's inner and outer pad. */
  private readonly inner = new Int32Array(8);
  private readonly outer = new Int32Array(8);
  private readonly state = new Int32Array(8);
  private readonly w = new Int32Array(64);
  private buffer = new Uint8Array(4 * BLOCK);
  private readonly encoder = new TextEncoder();
  private readonly codes = new Uint16Array(64);

  constructor(key: Uint8Array) {
    const block = new Uint8Array(BLOCK);
    block.set(key.length > BLOCK ? createHash('sha256').update(key).digest() : key);
    const pad = new Uint8Array(BLOCK);
    this.inner.set(IV);
    for (let i = 0; i < BLOCK; i++) pad[i] = block[i]! ^ 0x36;
    compress(this.inner, pad, 0, this.w);
    this.outer.set(IV);
    for (let i = 0; i < BLOCK; i++) pad[i] = block[i]! ^ 0x5c;
    compress(this.outer, pad, 0, this.w);
  }

  /** The first `hexChars` (up to 64) hex characters of HMAC-SHA-256(key, UTF-8 of `message`). */
  hex(message: string, hexChars: number): string {
    // Inner hash: the message (after the pad's block), then 0x80, zeros, the bit length.
    let length = this.ascii(message);
    if (length < 0) length = this.utf8(message);
    const buffer = this.buffer;
    const blocks = Math.floor((length + 8) / BLOCK) + 1;
    buffer.fill(0, length, blocks * BLOCK);
    buffer[length] = 0x80;
    const bits = (BLOCK + length) * 8;
    const end = blocks * BLOCK;
    buffer[end - 5] = Math.floor(bits / 2 ** 32) & 0xff;
    buffer[end - 4] = (bits >>> 24) & 0xff;
    buffer[end - 3] = (bits >>> 16) & 0xff;
    buffer[end - 2] = (bits >>> 8) & 0xff;
    buffer[end - 1] = bits & 0xff;
    const state = this.state;
    state.set(this.inner);
    for (let block = 0; block < blocks; block++) compress(state, buffer, block * BLOCK, this.w);
    // Outer hash: the 32-byte inner digest, then 0x80, zeros, the bit length (64 + 32 bytes).
    for (let i = 0; i < 8; i++) {
      const word = state[i]!;
      buffer[i * 4] = word >>> 24;
      buffer[i * 4 + 1] = (word >>> 16) & 0xff;
      buffer[i * 4 + 2] = (word >>> 8) & 0xff;
      buffer[i * 4 + 3] = word & 0xff;
    }
    buffer.fill(0, 32, BLOCK);
    buffer[32] = 0x80;
    buffer[BLOCK - 2] = ((BLOCK + 32) * 8) >>> 8;
    buffer[BLOCK - 1] = ((BLOCK + 32) * 8) & 0xff;
    state.set(this.outer);
    compress(state, buffer, 0, this.w);
    // One string built from character codes (no string per byte).
    const codes = this.codes;
    const count = Math.min(hexChars, 64);
    for (let i = 0; i < count; i++) {
      const nibble = (state[i >> 3]! >>> (28 - (i & 7) * 4)) & 0xf;
      codes[i] = nibble < 10 ? 48 + nibble : 87 + nibble;
    }
    return String.fromCharCode.apply(null, count === 64 ? (codes as unknown as number[]) : (codes.subarray(0, count) as unknown as number[]));
  }

  /** Copies an all-ASCII `message` into the buffer; -1 when it is not all ASCII. */
  private ascii(message: string): number {
    this.reserve(message.length);
    const buffer = this.buffer;
    for (let i = 0; i < message.length; i++) {
      const code = message.charCodeAt(i);
      if (code > 0x7f) return -1;
      buffer[i] = code;
    }
    return message.length;
  }

  private utf8(message: string): number {
    this.reserve(message.length * 3);
    return this.encoder.encodeInto(message, this.buffer).written;
  }

  /** Room for `bytes` of message plus padding. */
  private reserve(bytes: number): void {
    const needed = (Math.floor((bytes + 8) / BLOCK) + 1) * BLOCK;
    if (this.buffer.length < needed) this.buffer = new Uint8Array(needed * 2);
  }
}
