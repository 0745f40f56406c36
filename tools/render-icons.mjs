// Renders Roamdesk's icons (a Wi-Fi fan over a rounded square) to PNG with no image library:
// a signed-distance drawing, 4×4 supersampled, written with node:zlib. Run it after changing
// the shape; the PNGs under assets/icons/ are committed so builds need nothing extra.
//   node tools/render-icons.mjs
import { deflateSync } from 'node:zlib';
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const outDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'assets', 'icons');

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
function png(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

// Coverage of the Wi-Fi fan at (x, y) in unit space [0,1]²: a dot and two arcs opening upward.
function fan(x, y) {
  const cx = 0.5, cy = 0.74;
  const dx = x - cx, dy = y - cy;
  const r = Math.hypot(dx, dy);
  const angle = Math.atan2(-dy, dx); // 0 = right, π/2 = up
  const inWedge = angle > Math.PI / 4 && angle < (3 * Math.PI) / 4;
  if (r < 0.085) return true;
  return inWedge && ((r > 0.2 && r < 0.3) || (r > 0.4 && r < 0.5));
}
function roundedSquare(x, y, radius = 0.22) {
  const qx = Math.max(Math.abs(x - 0.5) - (0.5 - radius), 0);
  const qy = Math.max(Math.abs(y - 0.5) - (0.5 - radius), 0);
  return Math.hypot(qx, qy) <= radius;
}

function render(size, { background }) {
  const rgba = Buffer.alloc(size * size * 4);
  const samples = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let bg = 0, fg = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples) / size;
          const y = (py + (sy + 0.5) / samples) / size;
          if (background && roundedSquare(x, y)) bg++;
          // On the app icon the fan is scaled into the square's margin; the tray glyph fills its box.
          if (background ? fan((x - 0.15) / 0.7, (y - 0.1) / 0.7) : fan(x, y)) fg++;
        }
      }
      const n = samples * samples;
      const i = (py * size + px) * 4;
      if (background) {
        // Teal square, white fan.
        const a = bg / n, f = fg / n;
        rgba[i] = Math.round(255 * f + 0x0f * (1 - f));
        rgba[i + 1] = Math.round(255 * f + 0x76 * (1 - f));
        rgba[i + 2] = Math.round(255 * f + 0x6e * (1 - f));
        rgba[i + 3] = Math.round(255 * Math.max(a, f));
      } else {
        // Tray: a black template glyph (the name ends in Template); macOS tints it, other systems show it as drawn.
        rgba[i] = rgba[i + 1] = rgba[i + 2] = 0;
        rgba[i + 3] = Math.round((255 * fg) / n);
      }
    }
  }
  return png(size, rgba);
}

mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, 'trayTemplate.png'), render(16, { background: false }));
writeFileSync(path.join(outDir, 'trayTemplate@2x.png'), render(32, { background: false }));
writeFileSync(path.join(outDir, 'icon.png'), render(512, { background: true }));
console.log(`icons written to ${outDir}`);
