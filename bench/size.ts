import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundleSize {
  rawKb: number;
  gzipKb: number;
  /** Locale files none of whose texts could be found in the bundle. */
  missingLocales: string[];
}

const LOCALES = join(__dirname, '..', 'src', 'i18n', 'locales');
export const LOCALE_FILES = ['en', 'en-US', 'en-GB', 'de', 'de-DE'];

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return value && typeof value === 'object' ? Object.values(value).flatMap(strings) : [];
}

/** A locale is in the bundle when its longest plain-ASCII text is there verbatim. */
function inBundle(bundle: string, locale: string): boolean {
  const texts = strings(JSON.parse(readFileSync(join(LOCALES, `${locale}.json`), 'utf8')));
  const probe = texts.filter((s) => /^[\x20-\x7e]+$/.test(s) && !/["'`\\]/.test(s)).sort((a, b) => b.length - a.length)[0];
  return probe !== undefined && bundle.includes(probe);
}

export function measureBundle(path: string): BundleSize {
  const bytes = readFileSync(path);
  const text = bytes.toString('utf8');
  return {
    rawKb: bytes.length / 1024,
    gzipKb: gzipSync(bytes, { level: 9 }).length / 1024,
    missingLocales: LOCALE_FILES.filter((locale) => !inBundle(text, locale)),
  };
}

/**
 * What the reminder path adds when it first runs: requiring the SDK model beside the bundle, in a fresh process
 * that has already loaded the bundle (median of `rounds`, ms).
 */
export function lazyLoadMs(bundle: string, chunk: string, rounds = 15): number {
  const script = `require(${JSON.stringify(bundle)}); const t = performance.now(); require(${JSON.stringify(chunk)}); console.log(performance.now() - t);`;
  const times = Array.from({ length: rounds }, () => Number(spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' }).stdout.trim()));
  return times.sort((a, b) => a - b)[Math.floor(rounds / 2)]!;
}
