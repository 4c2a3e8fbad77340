import { spawnSync } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emptyView, readInput, renderText } from '../scripts/report';

const root = join(__dirname, '..');

export interface ReportBench {
  lines: number;
  megabytes: number;
  /** Baseline: the file read whole and every line given to JSON.parse, nothing else. */
  parseMs: number[];
  /** The report in this process: read, counted and printed to a string. */
  reportMs: number[];
  /** `npm run report -- <file>` as a user runs it: a new process, tsx's start included. */
  commandMs: number[];
  /** What the command printed first: the funnel's head. */
  printed: string;
}

/**
 * `lines` log lines of a simulated week (npm run simulate-week with `conversations` conversations, repeated until
 * there are enough), then, `rounds` times each: plain JSON.parse of every line, the report in this process, and the
 * report as a command.
 */
export async function measureReport(lines = 100_000, conversations = 1_500, rounds = 5): Promise<ReportBench> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-report-'));
  try {
    const week = join(dir, 'week.jsonl');
    const simulated = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(root, 'scripts', 'simulate-week.ts'), '--conversations', String(conversations), '--out', week],
      { cwd: root, encoding: 'utf8' },
    );
    if (simulated.status !== 0) throw new Error(`simulate-week failed: ${simulated.stderr}`);
    const once = readFileSync(week, 'utf8').trimEnd().split('\n');
    const all: string[] = [];
    while (all.length < lines) all.push(...once.slice(0, lines - all.length));
    const file = join(dir, 'lines.jsonl');
    writeFileSync(file, `${all.join('\n')}\n`);
    const result: ReportBench = {
      lines: all.length,
      megabytes: statSync(file).size / 1e6,
      parseMs: [],
      reportMs: [],
      commandMs: [],
      printed: '',
    };
    for (let round = 0; round < rounds; round += 1) {
      let start = performance.now();
      let parsed = 0;
      for (const line of readFileSync(file, 'utf8').split('\n')) if (line && JSON.parse(line) !== null) parsed += 1;
      result.parseMs.push(performance.now() - start);
      if (parsed !== all.length) throw new Error(`parsed ${parsed} of ${all.length} lines`);

      start = performance.now();
      const view = emptyView();
      await readInput(view, createReadStream(file));
      renderText(view);
      result.reportMs.push(performance.now() - start);
      if (view.linesRead !== all.length) throw new Error(`the report read ${view.linesRead} of ${all.length} lines`);

      start = performance.now();
      const command = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'report.ts'), file], {
        cwd: root,
        encoding: 'utf8',
      });
      result.commandMs.push(performance.now() - start);
      if (command.status !== 0) throw new Error(`npm run report failed: ${command.stderr}`);
      result.printed = command.stdout.split('\n').slice(0, 6).join('\n');
    }
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
