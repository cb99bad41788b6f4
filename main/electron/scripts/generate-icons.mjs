#!/usr/bin/env node
// Generates Baton's PNG icons into main/electron/resources/ (committed; rerun after a design
// change: `node main/electron/scripts/generate-icons.mjs`). No image library: shapes are drawn
// from signed distances with anti-aliased edges and written as RGBA PNGs with zlib.
//
// The mark is a relay baton: a rounded capsule on a diagonal, white on Baton blue.
//   icon.png (512)               app icon; electron-builder derives .icns/.ico/Linux sizes
//   icon-256.png (256)           window icon (Linux/Windows)
//   tray.png / tray@2x.png       16/32 px tray icon (Windows/Linux)
//   trayTemplate(.|@2x).png      16/32 px black-on-transparent template image (macOS menu bar)
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const OUT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'resources');

const BLUE = [31, 111, 235];
const WHITE = [255, 255, 255];
const ORANGE = [247, 140, 40];
const BLACK = [0, 0, 0];

// --- PNG encoding -----------------------------------------------------------------------------

const CRC_TABLE = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** `rgba` holds size*size*4 bytes, straight (non-premultiplied) alpha. */
function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: RGBA
  header[10] = 0; // compression
  header[11] = 0; // filter method
  header[12] = 0; // no interlace
  const stride = size * 4;
  const raw = Buffer.alloc((stride + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (stride + 1)] = 0; // filter type None for each scanline
    rgba.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// --- drawing ----------------------------------------------------------------------------------

/** Distance from p to the segment a-b minus radius: < 0 inside a capsule. */
function capsule(px, py, ax, ay, bx, by, radius) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy)) - radius;
}

/** Signed distance to a rounded square centred at 0.5 with half-size h and corner radius r. */
function roundedSquare(px, py, h, r) {
  const qx = Math.abs(px - 0.5) - h + r;
  const qy = Math.abs(py - 0.5) - h + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

/** Straight-alpha "over" of colour with coverage onto the pixel at index i. */
function blend(rgba, i, color, coverage) {
  if (coverage <= 0) return;
  const srcA = coverage;
  const dstA = rgba[i + 3] / 255;
  const outA = srcA + dstA * (1 - srcA);
  for (let c = 0; c < 3; c++) {
    rgba[i + c] = Math.round((color[c] * srcA + rgba[i + c] * dstA * (1 - srcA)) / outA);
  }
  rgba[i + 3] = Math.round(outA * 255);
}

/** Draws layers [{ sdf(x, y), color }] in order; coordinates are in 0..1. */
function render(size, layers) {
  const rgba = Buffer.alloc(size * size * 4);
  const pixel = 1 / size;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const px = (x + 0.5) * pixel;
      const py = (y + 0.5) * pixel;
      for (const layer of layers) {
        // Anti-alias over one pixel around the edge.
        const coverage = Math.max(0, Math.min(1, 0.5 - layer.sdf(px, py) / pixel));
        blend(rgba, (y * size + x) * 4, layer.color, coverage);
      }
    }
  }
  return rgba;
}

const baton = (radius) => (x, y) => capsule(x, y, 0.28, 0.72, 0.72, 0.28, radius);
// The baton's grip band: the part of the capsule near its upper end.
const band = (radius) => (x, y) => Math.max(baton(radius)(x, y), capsule(x, y, 0.6, 0.4, 0.72, 0.28, radius + 0.02));

function appIcon(size) {
  return render(size, [
    { sdf: (x, y) => roundedSquare(x, y, 0.44, 0.1), color: BLUE },
    { sdf: baton(0.085), color: WHITE },
    { sdf: band(0.085), color: ORANGE },
  ]);
}

function trayIcon(size) {
  // Small sizes: fill more of the square and thicken the baton so it reads at 16 px.
  return render(size, [
    { sdf: (x, y) => Math.hypot(x - 0.5, y - 0.5) - 0.48, color: BLUE },
    { sdf: (x, y) => capsule(x, y, 0.27, 0.73, 0.73, 0.27, 0.12), color: WHITE },
  ]);
}

function trayTemplate(size) {
  return render(size, [{ sdf: (x, y) => capsule(x, y, 0.2, 0.8, 0.8, 0.2, 0.14), color: BLACK }]);
}

const outputs = [
  ['icon.png', 512, appIcon],
  ['icon-256.png', 256, appIcon],
  ['tray.png', 16, trayIcon],
  ['tray@2x.png', 32, trayIcon],
  ['trayTemplate.png', 16, trayTemplate],
  ['trayTemplate@2x.png', 32, trayTemplate],
];

mkdirSync(OUT_DIR, { recursive: true });
for (const [name, size, draw] of outputs) {
  const file = path.join(OUT_DIR, name);
  writeFileSync(file, encodePng(size, draw(size)));
  console.log(`wrote ${path.relative(process.cwd(), file)} (${size}x${size})`);
}
