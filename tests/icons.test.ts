import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { checkIcons, decodePng, ICONS, iconPath, iconUri, renderIcon, SKILL_PACKAGE, SVG_FILE } from '../scripts/icons';

/*
 * The skill icons in skill-package/assets/images/, generated from design/icon.svg by scripts/icons.ts.
 *
 * What Alexa asks of them:
 * - smallIconUri 108 x 108 px, largeIconUri 512 x 512 px (the SMAPI schema, ask-smapi-model spec.json,
 *   v1.skill.Manifest.SkillManifestLocalizedPublishingInformation); SMAPI rejects other dimensions ("Expected
 *   dimensions: [ 512 x 512 , 108 x 108 ]", github.com/talkyjs/talkyjs-alexa-skill-template-helloworld/issues/4).
 * - PNG: "All images referenced in a skill manifest must be in PNG format" (developer.amazon.com/docs/smapi/skill-manifest-v0.html);
 *   SMAPI answers "Allowed content types: [image/png]" otherwise (github.com/alexa-games/litexa/issues/75).
 * - In a skill package, an icon is a file in the package referred to as `file://assets/images/<name>.png`
 *   (github.com/alexa/ask-cli/pull/487); `ask deploy` uploads skill-package/ whole, so the reference resolves.
 * Amazon documents no byte limit for skill icons (the nearest is 20 MB for rich-media images,
 * developer.amazon.com/docs/alexa/smapi/add-rich-media-to-detail-page.html); the budgets below are this project's,
 * set to catch an icon that has grown by accident (an embedded bitmap, say), with room to spare.
 */

const BYTE_BUDGET: Record<number, number> = { 108: 32 * 1024, 512: 256 * 1024 };

interface Manifest {
  manifest: { publishingInformation: { locales: Record<string, Record<string, unknown>> } };
}
const manifest = JSON.parse(readFileSync(join(SKILL_PACKAGE, 'skill.json'), 'utf8')) as Manifest;
const locales = Object.keys(manifest.manifest.publishingInformation.locales);

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

interface Chunk {
  type: string;
  data: Buffer;
  crcOk: boolean;
}

/** Walks a PNG's chunks, checking each CRC. */
function chunks(png: Buffer): Chunk[] {
  const found: Chunk[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    const typeAndData = png.subarray(at + 4, at + 8 + length);
    found.push({
      type: typeAndData.toString('latin1', 0, 4),
      data: typeAndData.subarray(4),
      crcOk: crc32(typeAndData) === png.readUInt32BE(at + 8 + length),
    });
    at += 12 + length;
  }
  return found;
}

/** Every `*IconUri` anywhere in the manifest, with where it is. */
function iconUris(value: unknown, path = '$'): { path: string; uri: unknown }[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => iconUris(item, `${path}[${i}]`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) =>
    /IconUri$/i.test(key) ? [{ path: `${path}.${key}`, uri: item }] : iconUris(item, `${path}.${key}`),
  );
}

describe.each(ICONS.map((icon) => [icon.name, icon] as const))('the skill icon %s', (_name, icon) => {
  const path = iconPath(icon);
  const png = existsSync(path) ? readFileSync(path) : Buffer.alloc(0);

  it('is in the skill package, under assets/images', () => {
    expect(relative(SKILL_PACKAGE, path).split('\\').join('/')).toBe(`assets/images/${icon.name}`);
    expect(existsSync(path)).toBe(true);
  });

  it(`is a real PNG of exactly ${icon.size} x ${icon.size} pixels`, () => {
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    const all = chunks(png);
    expect(all.filter(({ crcOk }) => !crcOk).map(({ type }) => type)).toEqual([]);
    expect(all[0]!.type).toBe('IHDR');
    expect(all.at(-1)!.type).toBe('IEND');
    expect(all.some(({ type }) => type === 'IDAT')).toBe(true);
    const ihdr = all[0]!.data;
    expect(ihdr.length).toBe(13);
    expect({ width: ihdr.readUInt32BE(0), height: ihdr.readUInt32BE(4) }).toEqual({ width: icon.size, height: icon.size });
    expect(ihdr[8]).toBe(8); // 8 bits a channel
    expect([2, 6]).toContain(ihdr[9]); // truecolour, with or without alpha
  });

  it('stays within its byte budget', () => {
    expect(statSync(path).size).toBeLessThanOrEqual(BYTE_BUDGET[icon.size]!);
  });

  it.each(locales)(`is the ${icon.property} of %s, as a file in the skill package`, (locale) => {
    const uri = manifest.manifest.publishingInformation.locales[locale]![icon.property];
    expect(uri).toBe(`file://assets/images/${icon.name}`);
    expect(uri).toBe(iconUri(icon));
    expect(existsSync(join(SKILL_PACKAGE, (uri as string).slice('file://'.length)))).toBe(true);
  });
});

describe("the skill manifest's icons", () => {
  it('are all local files: no web address, no placeholder, in any *IconUri', () => {
    const uris = iconUris(manifest.manifest);
    expect(uris.length).toBe(locales.length * ICONS.length);
    const bad = uris.filter(
      ({ uri }) =>
        typeof uri !== 'string' ||
        /^https?:/i.test(uri) ||
        /example\.(com|org|net)|placeholder/i.test(uri) ||
        !uri.startsWith('file://assets/images/'),
    );
    expect(bad).toEqual([]);
  });
});

describe('scripts/icons.ts', () => {
  it('has written PNGs that match design/icon.svg as it is now (else run `npm run icons`)', () => {
    const statuses = checkIcons();
    expect(statuses.map(({ icon }) => icon.name)).toEqual(ICONS.map(({ name }) => name));
    const outOfDate = statuses.filter(({ state }) => state !== 'identical' && state !== 'same-pixels');
    expect(outOfDate.map(({ icon, state, detail }) => ({ icon: icon.name, state, detail }))).toEqual([]);
  });

  it('renders the same bytes twice', () => {
    for (const icon of ICONS) expect(renderIcon(icon.size).equals(renderIcon(icon.size))).toBe(true);
  });

  it('reports the PNGs stale when the SVG changes', () => {
    const svg = readFileSync(SVG_FILE, 'utf8');
    const changed = svg.replace('#eadfb8', '#ff0000'); // the moon's colour
    expect(changed).not.toBe(svg);
    expect(checkIcons(changed).map(({ state }) => state)).toEqual(ICONS.map(() => 'stale'));
  });

  it("decodes every PNG filter back to the pixels it encoded (the check's fallback when bytes differ)", () => {
    const { width, height, rgba } = decodePng(renderIcon(108));
    expect({ width, height }).toEqual({ width: 108, height: 108 });
    expect(decodePng(encodeWithEveryFilter(width, height, rgba)).rgba.equals(rgba)).toBe(true);
  });
});

/** A plain RGBA PNG encoder that cycles rows through filters 0 to 4, to exercise each branch of the decoder. */
function encodeWithEveryFilter(width: number, height: number, rgba: Buffer): Buffer {
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    const filter = y % 5;
    raw[y * (stride + 1)] = filter;
    for (let x = 0; x < stride; x++) {
      const value = rgba[y * stride + x]!;
      const a = x >= 4 ? rgba[y * stride + x - 4]! : 0;
      const b = y > 0 ? rgba[(y - 1) * stride + x]! : 0;
      const c = x >= 4 && y > 0 ? rgba[(y - 1) * stride + x - 4]! : 0;
      const p = a + b - c;
      const paeth =
        Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter]!;
      raw[y * (stride + 1) + 1 + x] = (value - predictor) & 0xff;
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typeAndData));
    return Buffer.concat([length, typeAndData, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
