// Test PNGs written with node:zlib (no binary fixtures): a blue handwritten-looking signature and a
// red round seal, both RGBA with transparent backgrounds.

import zlib from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** Encode RGBA pixels; `dpi` adds a pHYs chunk so the image has a physical size. */
export function encodePng(width: number, height: number, rgba: Uint8Array, dpi?: number): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  const parts = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr)];
  if (dpi) {
    const phys = Buffer.alloc(9);
    const ppm = Math.round(dpi / 0.0254);
    phys.writeUInt32BE(ppm, 0);
    phys.writeUInt32BE(ppm, 4);
    phys[8] = 1;
    parts.push(chunk('pHYs', phys));
  }
  parts.push(chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0)));
  return new Uint8Array(Buffer.concat(parts));
}

function canvas(width: number, height: number) {
  const px = new Uint8Array(width * height * 4);
  const dot = (x: number, y: number, r: number, color: [number, number, number]) => {
    for (let dy = -r; dy <= r; dy++)
      for (let dx = -r; dx <= r; dx++) {
        const xx = Math.round(x + dx);
        const yy = Math.round(y + dy);
        if (dx * dx + dy * dy > r * r || xx < 0 || yy < 0 || xx >= width || yy >= height) continue;
        px.set([...color, 255], (yy * width + xx) * 4);
      }
  };
  return { px, dot };
}

/** A blue scribble, 300×120 px. */
export function signaturePng(): Uint8Array {
  const width = 300;
  const height = 120;
  const { px, dot } = canvas(width, height);
  for (let t = 0; t <= 1; t += 0.0008) {
    const x = 20 + t * 260;
    const y = 60 + Math.sin(t * Math.PI * 5) * 35 * (1 - t * 0.5) + Math.cos(t * Math.PI * 13) * 8;
    dot(x, y, 2.2, [20, 40, 200]);
  }
  for (let t = 0; t <= 1; t += 0.002) dot(60 + t * 200, 95 - t * 10, 1.6, [20, 40, 200]);
  return encodePng(width, height, px);
}

/** A red round seal: two rings and a star; `dpi` 254 makes 400 px = 40 mm. */
export function sealPng(sizePx = 400, dpi?: number): Uint8Array {
  const { px, dot } = canvas(sizePx, sizePx);
  const c = sizePx / 2;
  const red: [number, number, number] = [220, 20, 30];
  for (let a = 0; a < Math.PI * 2; a += 0.002) {
    dot(c + Math.cos(a) * (c - 8), c + Math.sin(a) * (c - 8), 5, red);
    dot(c + Math.cos(a) * (c * 0.62), c + Math.sin(a) * (c * 0.62), 2.5, red);
  }
  for (let k = 0; k < 5; k++) {
    const a1 = -Math.PI / 2 + (k * 4 * Math.PI) / 5;
    const a2 = -Math.PI / 2 + ((k + 1) * 4 * Math.PI) / 5;
    for (let t = 0; t <= 1; t += 0.004) {
      const r = c * 0.45;
      dot(c + Math.cos(a1) * r * (1 - t) + Math.cos(a2) * r * t, c + Math.sin(a1) * r * (1 - t) + Math.sin(a2) * r * t, 3, red);
    }
  }
  return encodePng(sizePx, sizePx, px, dpi);
}
