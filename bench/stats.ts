/** Nearest-rank quantile of a sample, q in [0, 1]. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1]!;
}

export const median = (values: readonly number[]): number => quantile(values, 0.5);

export function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** A number with a fixed count of decimals, or a dash when there is none. */
export function fixed(value: number | undefined, decimals = 1): string {
  return value === undefined || !Number.isFinite(value) ? '-' : value.toFixed(decimals);
}

export const ratio = (a: number, b: number): string => `${fixed(a / b, 2)} x`;

export const verdict = (met: boolean): string => (met ? 'met' : 'NOT met');

/** Left-aligned first column, right-aligned numbers. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((row) => (row[c] ?? '').length)));
  const line = (row: readonly string[]) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
