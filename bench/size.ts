import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { dataFiles } from '../scripts/bundle';

export interface BundleSize {
  rawKb: number;
  gzipKb: number;
}

export function measureFile(path: string): BundleSize {
  const bytes = readFileSync(path);
  return { rawKb: bytes.length / 1024, gzipKb: gzipSync(bytes, { level: 9 }).length / 1024 };
}

/** The data files beside a bundle (each locale's resources, slot values, APL document): their total, and any the build did not write. */
export function measureLocales(bundle: string): BundleSize & { files: number; missing: string[]; largestKb: number } {
  const names = dataFiles().map((file) => file.name);
  const paths = names.map((name) => join(dirname(bundle), name));
  const present = paths.filter((path) => existsSync(path));
  const sizes = present.map(measureFile);
  return {
    rawKb: sizes.reduce((sum, s) => sum + s.rawKb, 0),
    gzipKb: sizes.reduce((sum, s) => sum + s.gzipKb, 0),
    files: present.length,
    missing: names.filter((_, i) => !present.includes(paths[i]!)),
    largestKb: Math.max(0, ...sizes.map((s) => s.rawKb)),
  };
}

/**
 * What the reminder path adds when it first runs: requiring the SDK model beside the bundle, in a fresh process
 * that has already loaded the bundle (median of `rounds`, ms).
 */
export function lazyLoadMs(bundle: string, chunk: string, rounds = 15): number {
  const script = `require(${JSON.stringify(bundle)}); const t = performance.now(); require(${JSON.stringify(chunk)}); console.log(performance.now() - t);`;
  const times = Array.from({ length: rounds }, () =>
    Number(spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' }).stdout.trim()),
  );
  return times.sort((a, b) => a - b)[Math.floor(rounds / 2)]!;
}
