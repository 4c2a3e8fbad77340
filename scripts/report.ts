/**
 * `npm run report`: the operator's view in the terminal, from the skill's JSON log lines as exported from CloudWatch
 * Logs: where conversations stop, the questions most often not understood in each locale, outcomes by level, and
 * the rest the dashboard shows. `--html <file>` also writes the same as one self-contained page with charts.
 *
 * Reads the metric lines (CloudWatch embedded metric format, src/skill/metrics.ts); request lines are counted, not
 * read. It takes raw lines as the skill writes them, Lambda's text format (`time\tid\tINFO\t{…}`) and JSON format
 * (the line in `message`), `aws logs tail` lines, `aws logs filter-log-events` output and a Logs Insights export
 * (`aws logs get-query-results`, or the console's JSON download).
 */
import { createReadStream, statSync, writeFileSync } from 'node:fs';
import { exitWithUsage, readCommandLine } from '../src/command-line';
import { rules } from '../src/rules';
import { LEVELS } from '../src/rules/levels';
import { METRICS_NAMESPACE, REMINDER_RESULTS, STEPS } from '../src/skill/metrics';

const USAGE = `Usage: npm run report -- [<file>...] [--html <file>] [--top <n>]

Reads the skill's JSON log lines from the files given, or from standard input when none is (or "-"): raw lines,
Lambda's text or JSON log format, aws logs tail, aws logs filter-log-events output, or a Logs Insights export.
Prints where conversations stop, the questions most often not understood per locale, and outcomes by level.

  --html <file>   also write a self-contained page with the charts (Chart.js inlined)
  --top <n>       questions shown per locale (default 3)
  -h, --help      this text`;

/** Counts by metric, then by its dimension values (`locale=en-US question=breathing`). */
export interface View {
  linesRead: number;
  metricLines: number;
  requestLines: number;
  /** Lines that were not JSON, or JSON of neither kind. */
  otherLines: number;
  firstTime?: number;
  lastTime?: number;
  counts: Map<string, Map<string, number>>;
  latencies: number[];
}

export function emptyView(): View {
  return { linesRead: 0, metricLines: 0, requestLines: 0, otherLines: 0, counts: new Map(), latencies: [] };
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

interface Directive {
  Namespace?: unknown;
  Dimensions?: unknown;
  Metrics?: unknown;
}

/** Adds one metric line (a parsed EMF document of the skill's namespace) to the view. */
function addMetricLine(view: View, line: Json, meta: Json): void {
  view.metricLines += 1;
  const time = meta.Timestamp;
  if (typeof time === 'number') {
    if (view.firstTime === undefined || time < view.firstTime) view.firstTime = time;
    if (view.lastTime === undefined || time > view.lastTime) view.lastTime = time;
  }
  for (const directive of meta.CloudWatchMetrics as Directive[]) {
    const sets = Array.isArray(directive.Dimensions) ? (directive.Dimensions as unknown[][]) : [[]];
    // The widest set: the one the report breaks the count down by.
    const widest = sets.reduce((a, b) => (b.length > a.length ? b : a), []);
    const key = widest.map((dimension) => `${String(dimension)}=${String(line[String(dimension)])}`).join(' ');
    for (const metric of Array.isArray(directive.Metrics) ? (directive.Metrics as Json[]) : []) {
      const name = String(metric.Name);
      const value = line[name];
      if (typeof value !== 'number') continue;
      if (name === 'Latency') view.latencies.push(value);
      let byKey = view.counts.get(name);
      if (!byKey) view.counts.set(name, (byKey = new Map()));
      byKey.set(key, (byKey.get(key) ?? 0) + value);
    }
  }
}

/** One log record, whatever shape the export gave it: the skill's own line, possibly wrapped by Lambda. */
function addRecord(view: View, record: unknown, depth = 0): void {
  if (typeof record === 'string') {
    addText(view, record, depth + 1);
    return;
  }
  if (!isObject(record) || depth > 3) {
    view.otherLines += 1;
    return;
  }
  const meta = record._aws;
  if (isObject(meta) && Array.isArray(meta.CloudWatchMetrics)) {
    const ours = (meta.CloudWatchMetrics as Directive[]).some((d) => d.Namespace === METRICS_NAMESPACE);
    if (ours) addMetricLine(view, record, meta);
    else view.otherLines += 1;
    return;
  }
  if (typeof record.requestType === 'string') {
    view.requestLines += 1;
    return;
  }
  // Lambda's JSON log format puts what was written in `message`; exports put it in `message` or `@message`.
  const inner = record.message ?? record['@message'];
  if (inner !== undefined) {
    addRecord(view, inner, depth + 1);
    return;
  }
  // A whole export: filter-log-events ({ events }), get-query-results ({ results: [[{ field, value }]] }).
  if (Array.isArray(record.events)) {
    for (const event of record.events) addRecord(view, event, depth + 1);
    return;
  }
  if (Array.isArray(record.results)) {
    for (const row of record.results as unknown[]) {
      const message = Array.isArray(row) ? (row as Json[]).find((field) => field?.field === '@message')?.value : undefined;
      addRecord(view, message, depth + 1);
    }
    return;
  }
  view.otherLines += 1;
}

/** A line of text: the JSON in it, after whatever Lambda or the CLI put before it (a time, an id, a level). */
function addText(view: View, text: string, depth = 0): void {
  const start = text.indexOf('{');
  if (start < 0) {
    if (text.trim()) view.otherLines += 1;
    return;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(start === 0 ? text : text.slice(start));
  } catch {
    view.otherLines += 1;
    return;
  }
  addRecord(view, parsed, depth);
}

/** What a reader reports as it goes: bytes read of how many (when known), lines read. */
export type Progress = (read: number, total: number | undefined, lines: number) => void;

/**
 * Reads one input into the view. Line by line; a JSON document spread over lines (filter-log-events output, an
 * Insights export) is recognised by its first line and read whole.
 */
export async function readInput(view: View, stream: NodeJS.ReadableStream, total?: number, progress?: Progress): Promise<void> {
  let rest = '';
  let read = 0;
  let document: string[] | undefined;
  let first = true;
  const take = (line: string) => {
    if (first) {
      const trimmed = line.trim();
      if (!trimmed) return;
      first = false;
      // "{" or "[" alone, or a "[" that opens an array: a document, read whole.
      if (trimmed === '{' || trimmed.startsWith('[')) document = [];
    }
    if (document) {
      document.push(line);
      return;
    }
    if (!line.trim()) return;
    view.linesRead += 1;
    addText(view, line);
  };
  stream.setEncoding('utf8');
  for await (const chunk of stream as AsyncIterable<string>) {
    read += Buffer.byteLength(chunk);
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) take(line);
    progress?.(read, total, view.linesRead);
  }
  take(rest);
  if (document) {
    const text = document.join('\n');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      view.otherLines += 1;
      return;
    }
    const records = Array.isArray(parsed) ? parsed : [parsed];
    view.linesRead += isObject(parsed) && Array.isArray(parsed.events) ? parsed.events.length : records.length;
    for (const record of records) addRecord(view, record);
  }
}

// ---- What the view shows ----

/** The interview's steps in the order a listener meets them: the safety questions and their follow-ups, the open question, the rest. */
export function stepOrder(): string[] {
  const ids = rules.questions.map((q) => q.id);
  const firstPattern = rules.questions.findIndex((q) => q.kind === 'pattern');
  const at = firstPattern < 0 ? ids.length : firstPattern;
  return [...ids.slice(0, at), STEPS.describe, ...ids.slice(at)];
}

/** The counts of a metric by one dimension's value, summed over the others. */
export function byDimension(view: View, metric: string, dimension: string): Map<string, number> {
  const totals = new Map<string, number>();
  for (const [key, value] of view.counts.get(metric) ?? []) {
    const match = new RegExp(`(?:^| )${dimension}=(\\S+)`).exec(key);
    const name = match?.[1] ?? '(all)';
    totals.set(name, (totals.get(name) ?? 0) + value);
  }
  return totals;
}

/** The counts of a metric by two dimensions' values: first, then second. */
export function byTwo(view: View, metric: string, first: string, second: string): Map<string, Map<string, number>> {
  const totals = new Map<string, Map<string, number>>();
  for (const [key, value] of view.counts.get(metric) ?? []) {
    const a = new RegExp(`(?:^| )${first}=(\\S+)`).exec(key)?.[1] ?? '(all)';
    const b = new RegExp(`(?:^| )${second}=(\\S+)`).exec(key)?.[1] ?? '(all)';
    let inner = totals.get(a);
    if (!inner) totals.set(a, (inner = new Map()));
    inner.set(b, (inner.get(b) ?? 0) + value);
  }
  return totals;
}

export const total = (view: View, metric: string): number => [...(view.counts.get(metric)?.values() ?? [])].reduce((a, b) => a + b, 0);
const sum = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0);

/** The funnel: each step where conversations stopped, in interview order, and how many were still going after it. */
export function funnel(view: View): { started: number; outcomes: number; steps: Array<{ step: string; stopped: number; going: number }> } {
  const started = total(view, 'SessionsStarted');
  const stopped = byDimension(view, 'DropOffs', 'question');
  let going = started;
  const steps: Array<{ step: string; stopped: number; going: number }> = [];
  const order = stepOrder();
  for (const step of [...order, ...[...stopped.keys()].filter((s) => !order.includes(s))]) {
    const here = stopped.get(step) ?? 0;
    if (here === 0) continue;
    going -= here;
    steps.push({ step, stopped: here, going });
  }
  return { started, outcomes: total(view, 'Outcomes'), steps };
}

/** The questions most often not understood, per locale, the locale with the most first. */
export function topFallbacks(view: View, top: number): Array<{ locale: string; total: number; questions: Array<[string, number]> }> {
  return [...byTwo(view, 'Fallbacks', 'locale', 'question')]
    .map(([locale, questions]) => ({
      locale,
      total: sum(questions.values()),
      questions: [...questions].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, top),
    }))
    .sort((a, b) => b.total - a.total || a.locale.localeCompare(b.locale));
}

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

// ---- The terminal ----

const n = (value: number) => value.toLocaleString('en-US');
const bar = (value: number, max: number, width = 24) => '█'.repeat(max > 0 ? Math.round((value / max) * width) : 0);
const time = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

export function renderText(view: View, top = 3): string {
  const out: string[] = [];
  const span = view.firstTime === undefined ? '' : `, ${time(view.firstTime)} to ${time(view.lastTime!)} UTC`;
  out.push(
    `Leg Pain Guide: ${n(view.linesRead)} lines read (${n(view.metricLines)} metric lines, ${n(view.requestLines)} request lines, ${n(view.otherLines)} other)${span}`,
  );
  if (view.metricLines === 0) {
    out.push('', 'No metric lines (namespace LegPainGuide) in the input: nothing to count. See docs/operations.md.');
    return `${out.join('\n')}\n`;
  }
  const { started, outcomes, steps } = funnel(view);
  out.push('', `Where conversations stop: ${n(started)} sessions started, ${n(outcomes)} outcomes reached`);
  const width = Math.max(12, ...steps.map((s) => s.step.length));
  out.push(`  ${'stopped at'.padEnd(width)}  ${'stopped'.padStart(7)}  still going`);
  for (const { step, stopped, going } of steps) {
    out.push(`  ${step.padEnd(width)}  ${n(stopped).padStart(7)}  ${bar(Math.max(going, 0), started)} ${n(going)}`);
  }
  out.push('', `Not understood: the top ${top} questions per locale (${n(total(view, 'Fallbacks'))} in all)`);
  for (const { locale, total: count, questions } of topFallbacks(view, top)) {
    out.push(`  ${locale.padEnd(6)} ${n(count).padStart(5)}  ${questions.map(([q, c]) => `${q} ${n(c)}`).join(' · ')}`);
  }
  const levels = byTwo(view, 'Outcomes', 'locale', 'level');
  out.push('', 'Outcomes by level');
  out.push(`  ${'locale'.padEnd(6)} ${LEVELS.map((l) => l.padStart(9)).join(' ')}  ${'total'.padStart(7)}`);
  const all = new Map<string, number>();
  for (const [locale, counts] of [...levels].sort((a, b) => sum(b[1].values()) - sum(a[1].values()))) {
    for (const [level, count] of counts) all.set(level, (all.get(level) ?? 0) + count);
    out.push(
      `  ${locale.padEnd(6)} ${LEVELS.map((l) => n(counts.get(l) ?? 0).padStart(9)).join(' ')}  ${n(sum(counts.values())).padStart(7)}`,
    );
  }
  out.push(`  ${'all'.padEnd(6)} ${LEVELS.map((l) => n(all.get(l) ?? 0).padStart(9)).join(' ')}  ${n(sum(all.values())).padStart(7)}`);
  const latencies = [...view.latencies].sort((a, b) => a - b);
  const pairs = (metric: string, dimension: string, order: readonly string[] = []) =>
    [...byDimension(view, metric, dimension)]
      .sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]) || b[1] - a[1])
      .map(([k, v]) => `${k} ${n(v)}`)
      .join(', ') || 'none';
  out.push(
    '',
    `Emergency message given: ${n(total(view, 'Emergencies'))}`,
    `Repair: help ${n(total(view, 'Help'))}, repeat ${n(total(view, 'Repeat'))}, go back ${n(total(view, 'GoBack'))}, start over ${n(total(view, 'StartOver'))}`,
    `Screen: ${n(total(view, 'ScreenTurns'))} turns shown, ${n(total(view, 'Touches'))} touches`,
    `Name-free requests: ${pairs('NameFreeRequests', 'canFulfill', ['YES', 'MAYBE', 'NO'])}`,
    `Reminders: ${pairs('Reminders', 'reminder', REMINDER_RESULTS)}`,
    `Errors: ${pairs('Errors', 'kind')} of ${n(total(view, 'Requests'))} requests`,
    `Handler latency: p50 ${quantile(latencies, 0.5).toFixed(2)} ms, p99 ${quantile(latencies, 0.99).toFixed(2)} ms`,
  );
  return `${out.join('\n')}\n`;
}

/** A progress bar on standard error, only when it is a terminal, at most ten times a second. */
export function progressBar(label: string): { update: Progress; done: () => void } {
  const tty = process.stderr.isTTY;
  let last = 0;
  return {
    update: (read, all, lines) => {
      const now = Date.now();
      if (!tty || now - last < 100) return;
      last = now;
      const shown =
        all === undefined
          ? `${label}: ${n(lines)} lines`
          : `${label}: [${bar(read, all, 30).padEnd(30, '·')}] ${Math.floor((read / all) * 100)}% ${n(lines)} lines`;
      process.stderr.write(`\r${shown}\x1b[K`);
    },
    done: () => {
      if (tty && last > 0) process.stderr.write('\r\x1b[K');
    },
  };
}

async function main(): Promise<void> {
  const { values, positionals } = readCommandLine(
    USAGE,
    { html: { type: 'string' }, top: { type: 'string', default: '3' } },
    { positionals: true },
  );
  const top = Number(values.top);
  if (!Number.isInteger(top) || top < 1) exitWithUsage(USAGE, `--top takes a whole number, not "${values.top}"`);
  const view = emptyView();
  const inputs = positionals.length > 0 ? positionals : ['-'];
  for (const input of inputs) {
    const progress = progressBar(input === '-' ? 'standard input' : input);
    let size: number | undefined;
    if (input !== '-') {
      try {
        size = statSync(input).size;
      } catch {
        exitWithUsage(USAGE, `No such file: ${input}`);
      }
    }
    await readInput(view, input === '-' ? process.stdin : createReadStream(input), size, progress.update);
    progress.done();
  }
  process.stdout.write(renderText(view, top));
  if (values.html) {
    const { renderHtml } = await import('./report-html');
    writeFileSync(values.html, renderHtml(view));
    process.stdout.write(`\nWrote ${values.html}\n`);
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
