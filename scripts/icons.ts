import { readCommandLine } from '../src/command-line';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { inflateSync } from 'node:zlib';
import { Resvg } from '@resvg/resvg-js';

/**
 * The skill icons: design/icon.svg rasterised to the two PNGs Alexa asks for, into the skill package, where skill.json
 * refers to them as `file://assets/images/<name>` (the ASK CLI uploads skill-package/ whole, assets included).
 *
 *   npx tsx scripts/icons.ts           writes both PNGs
 *   npx tsx scripts/icons.ts --check   exits 1 if a committed PNG is missing or differs from what the SVG renders to
 *
 * resvg renders the same bytes for the same SVG, options and resvg version; no system fonts are loaded (the icon has
 * no text), so nothing on the machine changes the output.
 */

const ROOT = join(__dirname, '..');
export const SVG_FILE = join(ROOT, 'design', 'icon.svg');
export const SKILL_PACKAGE = join(ROOT, 'skill-package');
export const IMAGES_DIR = join(SKILL_PACKAGE, 'assets', 'images');

export interface Icon {
  /** The skill.json property that refers to it. */
  property: 'smallIconUri' | 'largeIconUri';
  /** Width and height in pixels, as Alexa requires them exactly. */
  size: number;
  /** File name inside skill-package/assets/images/. */
  name: string;
}

export const ICONS: readonly Icon[] = [
  { property: 'smallIconUri', size: 108, name: 'icon-108.png' },
  { property: 'largeIconUri', size: 512, name: 'icon-512.png' },
];

/** Where the icon's PNG lives on disk. */
export const iconPath = (icon: Icon): string => join(IMAGES_DIR, icon.name);
/** How skill.json refers to it: a path relative to the skill package root, in the form the skill package format takes. */
export const iconUri = (icon: Icon): string => `file://${relative(SKILL_PACKAGE, iconPath(icon)).split('\\').join('/')}`;

function renderer(svg: string, size: number): Resvg {
  return new Resvg(svg, {
    fitTo: { mode: 'width', value: size },
    font: { loadSystemFonts: false },
    shapeRendering: 2, // geometricPrecision: anti-aliased edges
    logLevel: 'off',
  });
}

/** Renders the SVG to a PNG of `size` x `size` pixels. */
export function renderIcon(size: number, svg: string = readFileSync(SVG_FILE, 'utf8')): Buffer {
  const resvg = renderer(svg, size);
  if (resvg.width !== resvg.height) throw new Error(`${SVG_FILE} is ${resvg.width} x ${resvg.height}, not square`);
  const image = resvg.render();
  if (image.width !== size || image.height !== size) throw new Error(`rendered ${image.width} x ${image.height}, not ${size} x ${size}`);
  return image.asPng();
}

// ---- A small PNG decoder (8-bit greyscale, RGB, grey+alpha or RGBA; not interlaced), to compare pixels, not bytes ----

export interface DecodedPng {
  width: number;
  height: number;
  rgba: Buffer;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

export function decodePng(png: Buffer): DecodedPng {
  if (png.length < 8 || !png.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('not a PNG');
  let width = 0,
    height = 0,
    bitDepth = 0,
    colourType = -1,
    interlace = 0;
  const idat: Buffer[] = [];
  for (let at = 8; at + 8 <= png.length;) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      bitDepth = data[8]!;
      colourType = data[9]!;
      interlace = data[12]!;
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    at += 12 + length;
  }
  const channels = CHANNELS[colourType];
  if (bitDepth !== 8 || channels === undefined || interlace !== 0) {
    throw new Error(`unsupported PNG: bit depth ${bitDepth}, colour type ${colourType}, interlace ${interlace}`);
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = pixels.subarray(y * stride, (y + 1) * stride);
    const up = y > 0 ? pixels.subarray((y - 1) * stride, y * stride) : Buffer.alloc(stride);
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? out[x - channels]! : 0;
      const b = up[x]!;
      const c = x >= channels ? up[x - channels]! : 0;
      let predictor: number;
      switch (filter) {
        case 0:
          predictor = 0;
          break;
        case 1:
          predictor = a;
          break;
        case 2:
          predictor = b;
          break;
        case 3:
          predictor = (a + b) >> 1;
          break;
        case 4: {
          const p = a + b - c;
          const pa = Math.abs(p - a),
            pb = Math.abs(p - b),
            pc = Math.abs(p - c);
          predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default:
          throw new Error(`bad PNG filter ${filter} on row ${y}`);
      }
      out[x] = (line[x]! + predictor) & 0xff;
    }
  }
  const rgba = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const px = pixels.subarray(i * channels, (i + 1) * channels);
    const [r, g, b, alpha] =
      channels >= 3 ? [px[0]!, px[1]!, px[2]!, channels === 4 ? px[3]! : 255] : [px[0]!, px[0]!, px[0]!, channels === 2 ? px[1]! : 255];
    rgba.set([r, g, b, alpha], i * 4);
  }
  return { width, height, rgba };
}

// ---- Check ----

/**
 * Largest difference allowed in any channel of any pixel when the bytes differ: room for the last bit of
 * anti-aliasing that another build of resvg (another CPU) may round differently, far below any visible change.
 */
const PIXEL_TOLERANCE = 2;

export interface IconStatus {
  icon: Icon;
  path: string;
  /** 'identical': same bytes; 'same-pixels': other bytes, same image; 'stale' or 'missing': run the generator. */
  state: 'identical' | 'same-pixels' | 'stale' | 'missing';
  detail?: string;
}

/** Compares each committed PNG with what the SVG renders to now. */
export function checkIcons(svg: string = readFileSync(SVG_FILE, 'utf8')): IconStatus[] {
  return ICONS.map((icon): IconStatus => {
    const path = iconPath(icon);
    if (!existsSync(path)) return { icon, path, state: 'missing' };
    const committed = readFileSync(path);
    const rendered = renderIcon(icon.size, svg);
    if (committed.equals(rendered)) return { icon, path, state: 'identical' };
    let decoded: DecodedPng;
    try {
      decoded = decodePng(committed);
    } catch (error) {
      return { icon, path, state: 'stale', detail: (error as Error).message };
    }
    if (decoded.width !== icon.size || decoded.height !== icon.size) {
      return { icon, path, state: 'stale', detail: `${decoded.width} x ${decoded.height}, not ${icon.size} x ${icon.size}` };
    }
    // Both sides through the same decoder: straight (not premultiplied) RGBA.
    const expected = decodePng(rendered).rgba;
    let worst = 0;
    for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(expected[i]! - decoded.rgba[i]!));
    return worst <= PIXEL_TOLERANCE
      ? { icon, path, state: 'same-pixels', detail: `largest channel difference ${worst}` }
      : { icon, path, state: 'stale', detail: `pixels differ by up to ${worst}` };
  });
}

/** Renders both PNGs and writes them; returns each path and size in bytes. */
export function writeIcons(svg: string = readFileSync(SVG_FILE, 'utf8')): { path: string; bytes: number }[] {
  mkdirSync(IMAGES_DIR, { recursive: true });
  return ICONS.map((icon) => {
    const png = renderIcon(icon.size, svg);
    writeFileSync(iconPath(icon), png);
    return { path: iconPath(icon), bytes: png.length };
  });
}

const USAGE =
  'Usage: npm run icons [-- --check]\n\nRenders the skill icons from their SVG; with --check, exits 1 when a PNG is stale or missing.\n';

if (require.main === module) {
  const show = (path: string) => relative(process.cwd(), path) || path;
  if (readCommandLine(USAGE, { check: { type: 'boolean', default: false } }).values.check) {
    const statuses = checkIcons();
    for (const { path, state, detail } of statuses) console.log(`${show(path)}: ${state}${detail ? ` (${detail})` : ''}`);
    if (statuses.some(({ state }) => state === 'stale' || state === 'missing')) {
      console.error(`The icons do not match ${show(SVG_FILE)}: run \`npm run icons\`.`);
      process.exit(1);
    }
  } else {
    for (const { path, bytes } of writeIcons()) console.log(`Wrote ${show(path)} (${bytes} bytes)`);
  }
}
