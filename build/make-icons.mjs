#!/usr/bin/env node
// Writes Baton's icons as PNG files (no image tools needed): build/icon.png (512 px, for the
// installers and windows) and build/tray.png (64 px, the tray). Run: node build/make-icons.mjs
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const folder = dirname(fileURLToPath(import.meta.url));

/** The logo: a rounded square in an indigo-to-sky gradient with a white baton (a stroke and a dot). */
function drawIcon(size) {
  const pixels = Buffer.alloc(size * size * 4);
  const radius = size * 0.22;
  const from = [99, 102, 241];
  const to = [14, 165, 233];
  const scale = size / 64;
  const stroke = { x1: 18 * scale, y1: 46 * scale, x2: 44 * scale, y2: 16 * scale, width: 3 * scale };
  const dot = { x: 46 * scale, y: 14 * scale, r: 5 * scale };
  const tail = { x: 22 * scale, y: 42 * scale, r: 4 * scale };
  const samples = 4;
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      let coverage = 0;
      let white = 0;
      let tailWhite = 0;
      for (let sy = 0; sy < samples; sy += 1) {
        for (let sx = 0; sx < samples; sx += 1) {
          const px = x + (sx + 0.5) / samples;
          const py = y + (sy + 0.5) / samples;
          if (!insideRoundedSquare(px, py, size, radius)) continue;
          coverage += 1;
          if (distanceToSegment(px, py, stroke) <= stroke.width || Math.hypot(px - dot.x, py - dot.y) <= dot.r) white += 1;
          else if (Math.hypot(px - tail.x, py - tail.y) <= tail.r) tailWhite += 1;
        }
      }
      const total = samples * samples;
      const t = (x + y) / (2 * size);
      const base = from.map((channel, index) => channel + (to[index] - channel) * t);
      const mix = (white + tailWhite * 0.55) / Math.max(coverage, 1);
      const offset = (y * size + x) * 4;
      for (let channel = 0; channel < 3; channel += 1) pixels[offset + channel] = Math.round(base[channel] * (1 - mix) + 255 * mix);
      pixels[offset + 3] = Math.round((coverage / total) * 255);
    }
  }
  return encodePng(size, size, pixels);
}

function insideRoundedSquare(x, y, size, radius) {
  const cx = Math.min(Math.max(x, radius), size - radius);
  const cy = Math.min(Math.max(y, radius), size - radius);
  return Math.hypot(x - cx, y - cy) <= radius;
}

function distanceToSegment(x, y, { x1, y1, x2, y2 }) {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const t = Math.max(0, Math.min(1, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (x1 + t * dx), y - (y1 + t * dy));
}

function encodePng(width, height, rgba) {
  const rows = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y += 1) {
    rows[y * (width * 4 + 1)] = 0;
    rgba.copy(rows, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 6;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function crc32(buffer) {
  let crc = 0xffffffff;
  for (const byte of buffer) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit += 1) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

writeFileSync(join(folder, 'icon.png'), drawIcon(512));
writeFileSync(join(folder, 'tray.png'), drawIcon(64));
process.stdout.write('Wrote build/icon.png and build/tray.png\n');
