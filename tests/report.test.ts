import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { simulateConversations } from '../src/console/simulate';
import { emptyView, funnel, readInput, renderText, topFallbacks, total, type View } from '../scripts/report';
import { renderHtml } from '../scripts/report-html';
import { handler, logLines, metricLines } from './helpers/skill';

const root = join(__dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'report-'));

/** A small simulated week's log lines, request and metric lines as the skill wrote them, in order. */
let lines: string[] = [];
beforeAll(async () => {
  const all: string[] = [];
  const [fromLog, fromMetrics] = [logLines.length, metricLines.length];
  await simulateConversations({ conversations: 17 * 6, seed: 3, handler });
  // Interleaved as Lambda would write them is not needed: the report reads each line alone.
  all.push(...logLines.slice(fromLog), ...metricLines.slice(fromMetrics));
  lines = all;
}, 60_000);

async function read(text: string): Promise<View> {
  const view = emptyView();
  await readInput(view, Readable.from([text]));
  return view;
}

/** The counts a view holds, to compare views read from different shapes of the same lines. */
const counted = (view: View) => JSON.stringify([...view.counts].map(([metric, byKey]) => [metric, [...byKey].sort()]).sort());

describe('npm run report reads the log as CloudWatch exports it', () => {
  it('raw lines, Lambda text and JSON format, aws logs tail, filter-log-events and Logs Insights exports: the same counts', async () => {
    const raw = await read(lines.join('\n'));
    expect(raw.metricLines).toBe(lines.filter((line) => line.includes('"_aws"')).length);
    expect(raw.requestLines).toBe(lines.length - raw.metricLines);
    expect(raw.otherLines).toBe(0);
    const time = '2026-12-01T02:03:04.567Z';
    const shapes: Record<string, string> = {
      'Lambda text format': lines.map((line) => `${time}\tc0ffee00-0000-4000-8000-000000000000\tINFO\t${line}`).join('\n'),
      'Lambda JSON format': lines
        .map((line) => JSON.stringify({ time, type: 'app', level: 'INFO', requestId: 'c0ffee', message: line }))
        .join('\n'),
      'aws logs tail': lines.map((line) => `${time} 2026/12/01/[$LATEST]abc ${line}`).join('\n'),
      'aws logs filter-log-events': JSON.stringify(
        { events: lines.map((message, i) => ({ logStreamName: 's', timestamp: i, message, ingestionTime: i, eventId: String(i) })) },
        null,
        4,
      ),
      'aws logs get-query-results': JSON.stringify(
        {
          results: lines.map((message) => [
            { field: '@timestamp', value: time },
            { field: '@message', value: message },
          ]),
          status: 'Complete',
        },
        null,
        2,
      ),
      'Logs Insights console download (JSON)': JSON.stringify(lines.map((message) => ({ '@timestamp': time, '@message': message }))),
    };
    for (const [shape, text] of Object.entries(shapes)) {
      const view = await read(text);
      expect({ shape, counts: counted(view), other: view.otherLines }).toEqual({ shape, counts: counted(raw), other: 0 });
    }
  });

  it('says what it could not read, and that without metric lines there is nothing to count', async () => {
    const view = await read('not json\n{"broken":\n{"level":"info","requestId":"r","requestType":"LaunchRequest"}\n');
    expect([view.otherLines, view.requestLines, view.metricLines]).toEqual([2, 1, 0]);
    expect(renderText(view)).toMatch(/No metric lines/);
  });
});

describe('what npm run report shows', () => {
  it('the funnel of where conversations stop, in interview order, and the questions not understood per locale', async () => {
    const view = await read(lines.join('\n'));
    const { started, outcomes, steps } = funnel(view);
    expect(started).toBe(17 * 6);
    expect(outcomes).toBeGreaterThan(started / 2);
    expect(steps.at(-1)?.going).toBe(started - total(view, 'DropOffs'));
    const text = renderText(view, 2);
    expect(text).toMatch(/Where conversations stop: 102 sessions started/);
    expect(text).toMatch(/Not understood: the top 2 questions per locale/);
    expect(text).toMatch(/Outcomes by level\n\s+locale\s+selfcare\s+soon\s+urgent\s+emergency\s+total/);
    for (const { locale } of topFallbacks(view, 2)) expect(text).toContain(`\n  ${locale}`);
  });

  it('is a strict command line: --help, a file or standard input, and exit 2 on an unknown flag', () => {
    const file = join(dir, 'week.jsonl');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const run = (args: string[], input?: string) =>
      spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'report.ts'), ...args], { cwd: root, encoding: 'utf8', input });
    const help = run(['--help']);
    expect([help.status, help.stdout]).toEqual([0, expect.stringMatching(/^Usage: npm run report/)]);
    const unknown = run(['--colour']);
    expect([unknown.status, unknown.stderr]).toEqual([2, expect.stringMatching(/Unknown option '--colour'[\s\S]*Usage:/)]);
    const fromFile = run([file, '--html', join(dir, 'week.html')]);
    expect(fromFile.status).toBe(0);
    expect(fromFile.stdout).toMatch(/Where conversations stop: 102 sessions started/);
    // No terminal here: no progress bar on standard error.
    expect(fromFile.stderr).toBe('');
    const fromStdin = run([], readFileSync(file, 'utf8'));
    expect(fromStdin.stdout).toBe(fromFile.stdout.replace(/\nWrote .*\n$/, ''));
  }, 60_000);
});

/** Debian's chromium, or another Chromium on the PATH. */
const chromium = ['chromium', 'chromium-browser', 'google-chrome'].find((name) => spawnSync('which', [name]).status === 0);
const chromiumTest = chromium ? it : it.skip;
if (!chromium) {
  console.warn('NOT RUN: the HTML report in headless Chromium. Chromium is not installed here: apt-get install -y chromium');
}

describe('npm run report --html', () => {
  it('writes one page with nothing to fetch: Chart.js and the data inside', async () => {
    const html = renderHtml(await read(lines.join('\n')));
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|<img|url\(\s*['"]?https?:/);
    expect(html).toContain('Chart.js v4');
  });

  chromiumTest(
    chromium
      ? 'draws every chart in headless Chromium'
      : 'draws every chart in headless Chromium: NOT RUN, Chromium is not installed (apt-get install -y chromium)',
    async () => {
      const page = join(dir, 'report.html');
      writeFileSync(page, renderHtml(await read(lines.join('\n'))));
      const dom = execFileSync(
        chromium!,
        ['--headless', '--no-sandbox', '--disable-gpu', '--virtual-time-budget=5000', '--dump-dom', `file://${page}`],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 60_000 },
      );
      const body = /<body data-charts="(\d+)" data-charts-drawn="(\d+)"/.exec(dom);
      expect(body?.slice(1)).toEqual(['4', '4']);
      const painted = [...dom.matchAll(/data-painted="(\d+)"/g)].map(([, count]) => Number(count));
      expect(painted).toHaveLength(4);
      for (const count of painted) expect(count).toBeGreaterThan(1000);
    },
    60_000,
  );
});
