/**
 * `npm run bench`: speed and memory of the skill against baselines measured in this same run, printed as tables.
 * Not a test: it always exits 0 and says whether each target was met. `npm run bench -- cold` runs one section.
 */
import { cpus } from 'node:os';
import { BUNDLE, SDK_MODEL_CHUNK } from '../scripts/bundle';
import { nodeBinary, RUNTIMES } from '../scripts/test-runtimes';
import { buildBaseline } from './baseline/build';
import { BEFORE_REF, buildBefore } from './before/build';
import { asyncHandlerScript, BARE, callbackHandlerScript, measureColdStart, type ColdSample } from './cold-start';
import { launchEnvelope } from './conversation';
import { buildHelloWorld } from './hello-world/build';
import { buildLevers, compileCacheVariant, undoneLabel, type Undone } from './levers/build';
import { measureLoad } from './load';
import { measureReport } from './report';
import { benchAuthority, measureFlood, REAL_URL as REAL_CERT_URL } from './flood';
import { measureStarve, type StarveScenario } from './starve';
import { measureExhaust, type ExhaustScenario } from './exhaust';
import { lazyLoadMs, measureFile, measureLocales } from './size';
import { fixed, mean, median, quantile, ratio, table, verdict } from './stats';
import { measureWarm } from './warm';

const COLD_ROUNDS = 30;
const WARM_UP = 200;
const WARM_CONVERSATIONS = 1500;
/** Issue 8: the file Lambda loads, every locale's code included, at most this. */
const MAX_BUNDLE_KB = 400;
/** Issue 12: a cold start at most this many times the hello world's, on Lambda's Node versions. */
const MAX_COLD_VS_HELLO = 1.1;
/** Issue 24: the operator's metric lines cost a cold start at most this. */
const MAX_METRICS_COLD_MS = 1;
const METRICS_ROUNDS = 100;

const targets: string[][] = [];
const target = (name: string, measured: string, met: boolean) => targets.push([name, measured, verdict(met)]);
const progress = (line: string) => process.stderr.write(`${line}\n`);

/** `npm run bench -- cold warm` runs only the sections whose titles contain one of the words given. */
const only = process.argv.slice(2).map((word) => word.toLowerCase());

async function section(title: string, body: () => Promise<void> | void): Promise<void> {
  if (only.length > 0 && !only.some((word) => title.toLowerCase().includes(word))) return;
  console.log(`\n## ${title}`);
  try {
    await body();
  } catch (error) {
    console.log(`failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** What the bench compares, built in this run. */
interface Builds {
  /** The Amazon-sample wiring of the same conversation (bench/baseline). */
  baseline: string;
  /** The least skill on this stack (bench/hello-world). */
  helloWorld: string;
  /** This skill as it was with three locales, all loaded at start (bench/before). */
  before: string;
  /** This skill with one cold-start lever undone (bench/levers). */
  undone: Record<Undone, string>;
}

function bundleSize(builds: Builds): void {
  const size = measureFile(BUNDLE);
  const locales = measureLocales(BUNDLE);
  const before = measureFile(builds.before);
  const hello = measureFile(builds.helloWorld);
  console.log(
    table(
      ['', 'raw KB', 'gzip KB', 'read on a cold start'],
      [
        ["lambda/dist/index.js (all code, every locale's loader)", fixed(size.rawKb), fixed(size.gzipKb), 'yes'],
        [
          `beside it: ${locales.files} data files (each of 17 locales' and 10 languages' resources whole, slot values, APL document)`,
          fixed(locales.rawKb),
          fixed(locales.gzipKb),
          `its locale's resources (largest file ${fixed(locales.largestKb)} KB)`,
        ],
        [`before (${BEFORE_REF}): index.js with 3 locales inside`, fixed(before.rawKb), fixed(before.gzipKb), 'yes, all of it'],
        ['hello world (bench/hello-world)', fixed(hello.rawKb), fixed(hello.gzipKb), 'yes'],
      ],
    ),
  );
  if (locales.missing.length > 0) console.log(`locale files missing beside the bundle: ${locales.missing.join(', ')}`);
  const sdk = measureFile(SDK_MODEL_CHUNK);
  console.log(
    `lambda/dist/ask-sdk-model.js, loaded only to create a reminder: ${fixed(sdk.rawKb)} KB raw, ${fixed(sdk.gzipKb)} KB gzipped; ` +
      `first load on that path ${fixed(lazyLoadMs(BUNDLE, SDK_MODEL_CHUNK))} ms (median of 15 fresh processes), none on a cold start`,
  );
  target(
    `bundle <= ${MAX_BUNDLE_KB} KB raw, 17 locales`,
    `${fixed(size.rawKb)} KB`,
    size.rawKb <= MAX_BUNDLE_KB && locales.missing.length === 0,
  );
}

/** The runtimes the cold start is measured on: this machine's Node, then Lambda's (fetched as the tests fetch them). */
function runtimes(): Array<{ label: string; binary: string; lambda: boolean }> {
  const ours = { label: `${process.versions.node} (this machine)`, binary: process.execPath, lambda: false };
  if (process.platform !== 'linux' || process.arch !== 'x64') return [ours];
  return [ours, ...RUNTIMES.map((runtime) => ({ label: runtime.version, binary: nodeBinary(runtime), lambda: true }))];
}

function coldStart(builds: Builds): void {
  const launch = launchEnvelope();
  const base = {
    bare: BARE,
    helloWorld: asyncHandlerScript(builds.helloWorld, launch),
    baseline: callbackHandlerScript(builds.baseline, launch),
    before: asyncHandlerScript(builds.before, launch),
    ours: asyncHandlerScript(BUNDLE, launch),
    ...Object.fromEntries(Object.entries(builds.undone).map(([name, path]) => [name, asyncHandlerScript(path, launch)])),
  } as Record<string, string>;
  const label: Record<string, string> = {
    bare: 'bare node -e',
    helloWorld: 'hello world (bundle)',
    baseline: 'sample wiring (node_modules)',
    before: `before: 3 locales (${BEFORE_REF})`,
    ours: 'ours: 17 locales (bundle)',
    ...Object.fromEntries((Object.keys(builds.undone) as Undone[]).map((name) => [name, `ours, ${undoneLabel(name)}`])),
    compileCache: 'ours + compile cache made by this Node',
  };
  console.log(
    `One fresh process each, ${COLD_ROUNDS} interleaved rounds (order rotating, 3 warm-up rounds dropped), per Node version.\n` +
      `wall: spawnSync start to exit, as the parent's clock sees it. ready: the child's clock (ms since its timeOrigin)\n` +
      `when the LaunchRequest answer is ready. The "ours, …" rows undo one cold-start lever each.\n`,
  );
  for (const runtime of runtimes()) {
    progress(`cold start on Node ${runtime.label}: ${COLD_ROUNDS} rounds...`);
    const scripts = runtime.lambda
      ? {
          ...base,
          compileCache: asyncHandlerScript(
            compileCacheVariant(runtime.binary, (loader) => asyncHandlerScript(loader, launch)),
            launch,
          ),
        }
      : base;
    const samples = measureColdStart(runtime.binary, scripts, COLD_ROUNDS);
    const wall = (name: string) => samples[name]!.map((s: ColdSample) => s.wallMs);
    const hello = median(wall('helloWorld'));
    const bare = median(wall('bare'));
    console.log(`### Node ${runtime.label}\n`);
    console.log(
      table(
        ['', 'wall p50 ms', 'wall p90 ms', 'x hello world', '+ms over bare', 'ready p50 ms', 'peak RSS MB'],
        Object.keys(scripts).map((name) => [
          label[name] ?? name,
          fixed(median(wall(name))),
          fixed(quantile(wall(name), 0.9)),
          ratio(median(wall(name)), hello),
          fixed(median(wall(name)) - bare),
          fixed(median(samples[name]!.map((s) => s.readyMs))),
          fixed(median(samples[name]!.map((s) => s.peakRssMb))),
        ]),
      ),
    );
    console.log('');
    const ours = median(wall('ours'));
    const before = median(wall('before'));
    if (runtime.lambda) {
      target(
        `Node ${runtime.label}: cold start <= ${MAX_COLD_VS_HELLO} x hello world`,
        `${ratio(ours, hello)} (+${fixed(ours - hello)} ms)`,
        ours <= MAX_COLD_VS_HELLO * hello,
      );
    }
    target(`Node ${runtime.label}: 17 locales start no slower than 3`, `${fixed(ours)} vs ${fixed(before)} ms`, ours <= before);
    metricLinesCost(runtime, scripts.ours!, scripts.noMetrics!);
  }
}

/**
 * What the operator's metric lines add to a cold start: the two bundles run back to back (order alternating) for
 * METRICS_ROUNDS pairs, and the median of the pairs' differences in ready time, which the rounds' spread (several ms
 * between one process and the next) hides in a difference of medians.
 */
function metricLinesCost(runtime: { binary: string; label: string }, ours: string, noMetrics: string): void {
  progress(`cold start on Node ${runtime.label}: the metric lines, ${METRICS_ROUNDS} pairs...`);
  const samples = measureColdStart(runtime.binary, { ours, noMetrics }, METRICS_ROUNDS);
  const differences = samples.ours.map((sample, i) => sample.readyMs - samples.noMetrics[i]!.readyMs);
  const cost = median(differences);
  console.log(
    `The metric lines, ${METRICS_ROUNDS} pairs: ready p50 ${fixed(median(samples.ours.map((s) => s.readyMs)))} ms with, ` +
      `${fixed(median(samples.noMetrics.map((s) => s.readyMs)))} ms without; median difference ${fixed(cost, 2)} ms ` +
      `(quartiles ${fixed(quantile(differences, 0.25), 2)} to ${fixed(quantile(differences, 0.75), 2)}).\n`,
  );
  target(
    `Node ${runtime.label}: the metric lines add <= ${MAX_METRICS_COLD_MS} ms to a cold start`,
    `${cost >= 0 ? '+' : ''}${fixed(cost, 2)} ms`,
    cost <= MAX_METRICS_COLD_MS,
  );
}

/** Handler time per request of two skills, each in its own process, conversations alternating. */
async function warmPair(names: [string, string], paths: [string, string]): Promise<{ ours: number[]; other: number[] }> {
  const result = await measureWarm({ ours: paths[0], baseline: paths[1] }, WARM_UP, WARM_CONVERSATIONS);
  const stats = (us: number[]) => ({ mean: mean(us), p50: median(us), p99: quantile(us, 0.99) });
  const ours = stats(result.ours);
  const other = stats(result.baseline);
  console.log(
    table(
      ['', 'mean us', 'p50 us', 'p99 us', 'requests'],
      [
        [names[0], fixed(ours.mean), fixed(ours.p50), fixed(ours.p99), String(result.ours.length)],
        [names[1], fixed(other.mean), fixed(other.p50), fixed(other.p99), String(result.baseline.length)],
        [`${names[0]} / ${names[1]}`, ratio(ours.mean, other.mean), ratio(ours.p50, other.p50), ratio(ours.p99, other.p99), ''],
      ],
    ),
  );
  console.log(
    result.firstDifference === undefined
      ? 'Both skills said the same thing at every turn.\n'
      : `Note: the skills' words differ from turn ${result.firstDifference} (the same dialog, changed resources).\n`,
  );
  return { ours: result.ours, other: result.baseline };
}

async function warm(builds: Builds): Promise<void> {
  progress(`warm: ${WARM_UP} + ${WARM_CONVERSATIONS} conversations per skill, twice...`);
  console.log(
    `Each skill in its own process, ${WARM_UP} conversations of warm-up, then ${WARM_CONVERSATIONS} conversations in chunks, the two\n` +
      `skills alternating. A conversation: launch, the night-cramps answers and description, "yes" twice to hear more.\n` +
      `Handler time per request, session attributes carried over; log output silenced.\n`,
  );
  const vsSamples = await warmPair(['ours', 'sample wiring'], [BUNDLE, builds.baseline]);
  target(
    'warm p50 <= 1/5 of sample wiring',
    `${fixed(median(vsSamples.ours))} vs ${fixed(median(vsSamples.other))} us`,
    median(vsSamples.ours) <= median(vsSamples.other) / 5,
  );
  target(
    'warm p99 < sample wiring',
    `${fixed(quantile(vsSamples.ours, 0.99))} vs ${fixed(quantile(vsSamples.other, 0.99))} us`,
    quantile(vsSamples.ours, 0.99) < quantile(vsSamples.other, 0.99),
  );
  const vsBefore = await warmPair(['ours, 17 locales', `before, 3 locales`], [BUNDLE, builds.before]);
  // "No worse" within the noise of two processes on one machine: 10%.
  target(
    'warm p50, 17 locales vs 3: no worse (<= 1.10 x)',
    `${fixed(median(vsBefore.ours))} vs ${fixed(median(vsBefore.other))} us`,
    median(vsBefore.ours) <= 1.1 * median(vsBefore.other),
  );
}

async function load(): Promise<void> {
  progress('self-hosted server under load...');
  const result = await measureLoad(launchEnvelope());
  if ('skipped' in result) {
    console.log(result.skipped);
    return;
  }
  console.log(
    `node dist/server.js --insecure-skip-verification, requests over loopback to 127.0.0.1. Signature verification is OFF:\n` +
      `it needs Alexa's certificate, and would be measured as a separate cost. autocannon: ${result.connections} connections,\n` +
      `${result.seconds} s, POST of one LaunchRequest envelope (its first answer checked for speech).\n`,
  );
  console.log(
    table(
      ['', 'requests/s', 'p99 ms', 'requests', 'non-2xx', 'errors'],
      [
        [
          'self-hosted',
          fixed(result.requestsPerSecond, 0),
          fixed(result.p99Ms),
          String(result.requests),
          String(result.non2xx),
          String(result.errors),
        ],
      ],
    ),
  );
}

async function flood(): Promise<void> {
  progress('junk-signature flood...');
  const result = await measureFlood(launchEnvelope());
  const canonical = 31; // the real URL and 30 junk ones; the three URL tricks are refused before any download
  console.log(
    `autocannon: ${result.connections} connections, 2 s then ${result.seconds} s of POSTs with well-formed junk signatures and fresh\n` +
      `timestamps, spread over the real certificate URL, 30 junk URLs and 3 URL tricks (query, fragment, encoding).\n` +
      `The server downloads chains over HTTPS from a local stand-in of s3.amazonaws.com (a test CA). Memory: after the\n` +
      `2 s flood and after the measured one, heap after a full GC and RSS.\n`,
  );
  console.log(
    table(
      ['', 'requests', 'refused', 'downloads', 'S3 hits', 'health ok/failed', 'slowest health ms', 'signed', 'heap MB', 'RSS MB'],
      [
        [
          'flood',
          String(result.requests),
          String(result.refused),
          String(result.downloads),
          String(Object.values(result.s3Hits).reduce((a, b) => a + b, 0)),
          `${result.health.answered}/${result.health.failed}`,
          fixed(result.health.slowestMs),
          String(result.signedDuringFlood),
          `${fixed(result.heapBeforeMb, 1)} -> ${fixed(result.heapAfterMb, 1)}`,
          `${fixed(result.rssBeforeMb, 0)} -> ${fixed(result.rssAfterMb, 0)}`,
        ],
      ],
    ),
  );
  // Alexa's URL has a download allowance of its own; the 30 junk URLs share 10 downloads a minute.
  const realHits = result.s3Hits[new URL(REAL_CERT_URL).pathname] ?? 0;
  target(
    'flood: downloads <= one per canonical URL; junk <= 10',
    `${result.downloads} for ${canonical} URLs (${result.downloads - realHits} junk)`,
    result.downloads <= canonical && result.downloads - realHits <= 10 && realHits <= 1,
  );
  target('flood: /health answers throughout', `${result.health.failed} failed`, result.health.failed === 0 && result.health.answered > 0);
  target('flood: a signed request is answered', `HTTP ${result.signedDuringFlood}`, result.signedDuringFlood === 200);
  target(
    'flood: heap flat (< +5 MB after GC)',
    `${fixed(result.heapAfterMb - result.heapBeforeMb, 1)} MB`,
    result.heapAfterMb - result.heapBeforeMb < 5,
  );
  await starve();
}

/** The attacker's URLs are new each time; Alexa's is one of these. */
const STARVE_SCENARIOS: StarveScenario[] = [
  {
    label: 'fresh start, Alexa on echo-api-cert-12.pem (the documented form)',
    url: 'https://s3.amazonaws.com/echo.api/echo-api-cert-12.pem',
  },
  { label: 'fresh start, Alexa on a URL of another form', url: 'https://s3.amazonaws.com/echo.api/signing-2027.pem' },
  {
    label: 'restart with --cert-cache, Alexa on a URL of another form',
    url: 'https://s3.amazonaws.com/echo.api/signing-2027.pem',
    restart: true,
  },
];
const STARVE = { leadSeconds: 3, seconds: 30, junkPerSecond: 4 };

/** M1 of the 2026-12 review: junk that spends the download budget of a freshly started server before Alexa comes. */
async function starve(): Promise<void> {
  console.log(
    `\n### A fresh server under a junk trickle (review M1)\n\n` +
      `A new server process; junk signatures at ${STARVE.junkPerSecond}/s, each naming a new certificate URL, from ${STARVE.leadSeconds} s\n` +
      `before Alexa's first request (the shared budget is 10 downloads a minute); then, with the trickle going on, a\n` +
      `correctly signed LaunchRequest (new request id, fresh timestamp) every second for ${STARVE.seconds} s. "restart": a first\n` +
      `process answered one signed request without any attack, saved the chain to its cache file and stopped.\n`,
  );
  const authority = benchAuthority();
  const rows: string[][] = [];
  for (const scenario of STARVE_SCENARIOS) {
    progress(`junk trickle: ${scenario.label}...`);
    const result = await measureStarve(launchEnvelope, scenario, authority, STARVE);
    const reasons = Object.entries(result.refusals)
      .map(([reason, count]) => `${reason} ${count}`)
      .join(', ');
    rows.push([
      result.label + (result.note ? ` (${result.note})` : ''),
      `${result.answered} of ${result.signed}`,
      result.firstAnsweredS === undefined ? 'never' : fixed(result.firstAnsweredS, 1),
      String(result.junkSent),
      String(result.junkDownloads),
      String(result.realDownloads),
      reasons,
    ]);
    if (!scenario.url.includes('echo-api-cert-') && !scenario.restart) continue;
    target(
      `M1: ${scenario.label}: every signed request answered`,
      `${result.answered} of ${result.signed}`,
      result.answered === result.signed,
    );
  }
  console.log(
    table(['', 'signed answered', 'first answer s', 'junk sent', 'junk downloads', "Alexa's URL downloads", 'refusals logged'], rows),
  );
}

/** Before the per-client share and the connection age (review M2): one client could take all 256 connections. */
const NO_SHARE = { maxConnectionsPerClient: 256, maxConnectionAgeMs: 24 * 3_600_000 };
const HALF_SENT = { kind: 'half-sent', sockets: 256, reopenMs: 100 } as const;
const HEALTH_TRICK = { kind: 'health-keep-alive', sockets: 256, everyMs: 4_000 } as const;
const EXHAUST_SCENARIOS: ExhaustScenario[] = [
  { label: '256 half-sent requests, reopened: no per-client share (before)', attack: HALF_SENT, limits: NO_SHARE },
  { label: '256 half-sent requests, reopened: defaults (share 32, age 60 s)', attack: HALF_SENT },
  { label: '256 keep-alive GET /health every 4 s: no share, no age limit (before)', attack: HEALTH_TRICK, limits: NO_SHARE },
  { label: '256 keep-alive GET /health every 4 s: defaults', attack: HEALTH_TRICK },
];
const EXHAUST = { leadSeconds: 2, seconds: 20, signedEveryMs: 200 };

/** M2 of the 2026-12 review: one client holding every connection while Alexa, from another address, calls. */
async function exhaust(): Promise<void> {
  console.log(
    `A server process with the production checks and default limits (256 connections, 5 s headers deadline) unless\n` +
      `said; the attacker on 127.0.0.2, from ${EXHAUST.leadSeconds} s before the first signed request; then a correctly signed LaunchRequest\n` +
      `(new request id, stamped now, on a new connection) from 127.0.0.1 every ${EXHAUST.signedEveryMs} ms for ${EXHAUST.seconds} s.\n` +
      `"cut at once": attacker connections the server closed within 100 ms of opening.\n`,
  );
  const authority = benchAuthority();
  const rows: string[][] = [];
  for (const scenario of EXHAUST_SCENARIOS) {
    progress(`connection exhaustion: ${scenario.label}...`);
    const result = await measureExhaust(launchEnvelope, scenario, authority, EXHAUST);
    rows.push([
      result.label,
      `${result.answered} of ${result.signed}`,
      String(result.lost),
      String(result.otherStatus),
      String(result.attackerConnects),
      String(result.attackerClosedAtOnce),
    ]);
    if (scenario.limits === undefined) {
      target(
        `M2: ${scenario.label}: every signed request answered`,
        `${result.answered} of ${result.signed}`,
        result.answered === result.signed,
      );
    }
  }
  console.log(table(['', 'signed answered', 'connection lost', 'other status', 'attacker connects', 'cut at once'], rows));
}

/** Issue 24: npm run report prints the funnel and the top fallbacks per locale for 100,000 log lines in under 5 s. */
const REPORT_LINES = 100_000;
const MAX_REPORT_S = 5;

async function report(): Promise<void> {
  progress(`report: simulating a week, then ${REPORT_LINES} lines, 5 rounds...`);
  const result = await measureReport(REPORT_LINES);
  console.log(
    `${result.lines} log lines (${fixed(result.megabytes, 1)} MB) of a simulated week (npm run simulate-week, repeated), each way 5 times.\n` +
      `Baseline: the file read and every line given to JSON.parse. The command: a new process, tsx's start included.\n`,
  );
  const row = (name: string, ms: number[]) => [name, fixed(median(ms)), fixed(Math.max(...ms)), ratio(median(ms), median(result.parseMs))];
  console.log(
    table(
      ['', 'median ms', 'slowest ms', 'x JSON.parse'],
      [
        row('JSON.parse of every line (baseline)', result.parseMs),
        row('the report, in this process', result.reportMs),
        row('npm run report -- <file>', result.commandMs),
      ],
    ),
  );
  console.log(`\n${result.printed}\n…`);
  target(
    `report: ${REPORT_LINES} lines in < ${MAX_REPORT_S} s`,
    `${fixed(Math.max(...result.commandMs) / 1000, 2)} s`,
    Math.max(...result.commandMs) < MAX_REPORT_S * 1000,
  );
}

async function main(): Promise<void> {
  const start = performance.now();
  const cpu = cpus();
  console.log(
    `# Leg Pain Guide bench: Node ${process.version}, ${process.platform}/${process.arch}, ${cpu.length} x ${cpu[0]?.model ?? 'cpu'}`,
  );
  console.log('Every ratio compares with baselines measured in this run; numbers from another run or machine are not comparable.');
  progress('building the skill, the sample wiring, the hello world and the three-locale build...');
  const builds: Builds = {
    baseline: await buildBaseline(),
    helloWorld: await buildHelloWorld(),
    before: buildBefore(),
    undone: await buildLevers(),
  };
  await section('Bundle size', () => bundleSize(builds));
  await section('Cold start', () => coldStart(builds));
  await section('Warm latency', () => warm(builds));
  await section('Self-hosted service under load', load);
  await section('Junk-signature flood', flood);
  await section('Connection exhaustion', exhaust);
  await section('Report', report);
  console.log('\n## Targets\n');
  console.log(table(['target', 'measured', ''], targets));
  console.log(`\n(${fixed((performance.now() - start) / 1000, 0)} s)`);
}

main()
  .catch((error: unknown) => console.log(`bench failed: ${error instanceof Error ? error.stack : String(error)}`))
  .finally(() => {
    process.exitCode = 0;
  });
