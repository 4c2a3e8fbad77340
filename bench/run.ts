/**
 * `npm run bench`: speed and memory of the skill against baselines measured in this same run, printed as tables.
 * Not a test: it always exits 0 and says whether each target was met.
 */
import { cpus } from 'node:os';
import { BUNDLE, SDK_MODEL_CHUNK } from '../scripts/bundle';
import { buildBaseline } from './baseline/build';
import { coldScripts, measureColdStart, VARIANTS, type ColdSample, type Variant } from './cold-start';
import { launchEnvelope } from './conversation';
import { measureLoad } from './load';
import { measureFlood } from './flood';
import { lazyLoadMs, measureBundle } from './size';
import { fixed, mean, median, quantile, ratio, table, verdict } from './stats';
import { measureWarm } from './warm';

const COLD_ROUNDS = 30;
const WARM_UP = 200;
const WARM_CONVERSATIONS = 1500;
const MAX_BUNDLE_KB = 250;

const targets: string[][] = [];
const target = (name: string, measured: string, met: boolean) => targets.push([name, measured, verdict(met)]);
const progress = (line: string) => process.stderr.write(`${line}\n`);

async function section(title: string, body: () => Promise<void> | void): Promise<void> {
  console.log(`\n## ${title}`);
  try {
    await body();
  } catch (error) {
    console.log(`failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function bundleSize(): void {
  const size = measureBundle(BUNDLE);
  console.log(`lambda/dist/index.js: ${fixed(size.rawKb)} KB raw, ${fixed(size.gzipKb)} KB gzipped (level 9)`);
  if (size.missingLocales.length > 0) console.log(`locale texts not found in the bundle: ${size.missingLocales.join(', ')}`);
  const sdk = measureBundle(SDK_MODEL_CHUNK);
  console.log(
    `lambda/dist/ask-sdk-model.js, loaded only to create a reminder: ${fixed(sdk.rawKb)} KB raw, ${fixed(sdk.gzipKb)} KB gzipped; ` +
      `first load on that path ${fixed(lazyLoadMs(BUNDLE, SDK_MODEL_CHUNK))} ms (median of 15 fresh processes), none on a cold start`,
  );
  target(`bundle <= ${MAX_BUNDLE_KB} KB raw, all locales`, `${fixed(size.rawKb)} KB`, size.rawKb <= MAX_BUNDLE_KB && size.missingLocales.length === 0);
}

function coldStart(baseline: string): void {
  progress(`cold start: ${COLD_ROUNDS} rounds of bare / ours / baseline...`);
  const samples = measureColdStart(coldScripts({ ours: BUNDLE, baseline }, launchEnvelope()), COLD_ROUNDS);
  const wall = (v: Variant) => samples[v].map((s: ColdSample) => s.wallMs);
  const bare = median(wall('bare'));
  const label: Record<Variant, string> = { bare: 'bare node -e', ours: 'ours (bundle)', baseline: 'baseline (samples)' };
  console.log(
    `One fresh process each, ${COLD_ROUNDS} interleaved rounds (order rotating, 3 warm-up rounds dropped). wall: spawnSync start to exit,\n` +
      `as the parent's clock sees it. ready: the child's clock (ms since its timeOrigin) when the LaunchRequest answer is ready.\n`,
  );
  console.log(
    table(
      ['', 'wall p50 ms', 'wall p90 ms', 'x bare', 'ready p50 ms', 'peak RSS MB'],
      VARIANTS.map((v) => [
        label[v],
        fixed(median(wall(v))),
        fixed(quantile(wall(v), 0.9)),
        ratio(median(wall(v)), bare),
        fixed(median(samples[v].map((s) => s.readyMs))),
        fixed(median(samples[v].map((s) => s.peakRssMb))),
      ]),
    ),
  );
  const ours = median(wall('ours'));
  target('cold start <= 1.10 x bare node', `${ratio(ours, bare)} (+${fixed(ours - bare)} ms)`, ours <= 1.1 * bare);
}

async function warm(baseline: string): Promise<void> {
  progress(`warm: ${WARM_UP} + ${WARM_CONVERSATIONS} conversations per skill...`);
  const result = await measureWarm({ ours: BUNDLE, baseline }, WARM_UP, WARM_CONVERSATIONS);
  console.log(
    `Each skill in its own process, ${WARM_UP} conversations of warm-up, then ${WARM_CONVERSATIONS} conversations in chunks, the two\n` +
      `skills alternating. A conversation: launch, the night-cramps answers and description, "yes" twice to hear more (${result.requestsPerConversation} requests).\n` +
      `Handler time per request, session attributes carried over; log output silenced.\n`,
  );
  const stats = (us: number[]) => ({ mean: mean(us), p50: median(us), p99: quantile(us, 0.99) });
  const ours = stats(result.ours);
  const base = stats(result.baseline);
  console.log(
    table(
      ['', 'mean us', 'p50 us', 'p99 us', 'requests'],
      [
        ['ours (bundle)', fixed(ours.mean), fixed(ours.p50), fixed(ours.p99), String(result.ours.length)],
        ['baseline (samples)', fixed(base.mean), fixed(base.p50), fixed(base.p99), String(result.baseline.length)],
        ['ours / baseline', ratio(ours.mean, base.mean), ratio(ours.p50, base.p50), ratio(ours.p99, base.p99), ''],
      ],
    ),
  );
  console.log(
    result.firstDifference === undefined
      ? 'Both skills said the same thing at every turn.'
      : `WARNING: the skills answered differently from turn ${result.firstDifference}; the comparison is not like for like.`,
  );
  target('warm p50 <= 1/5 of baseline', `${fixed(ours.p50)} vs ${fixed(base.p50)} us`, ours.p50 <= base.p50 / 5);
  target('warm p99 < baseline', `${fixed(ours.p99)} vs ${fixed(base.p99)} us`, ours.p99 < base.p99);
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
      [['self-hosted', fixed(result.requestsPerSecond, 0), fixed(result.p99Ms), String(result.requests), String(result.non2xx), String(result.errors)]],
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
  target('flood: downloads <= one per canonical URL', `${result.downloads} for ${canonical} URLs`, result.downloads <= canonical && result.downloads <= 10);
  target('flood: /health answers throughout', `${result.health.failed} failed`, result.health.failed === 0 && result.health.answered > 0);
  target('flood: a signed request is answered', `HTTP ${result.signedDuringFlood}`, result.signedDuringFlood === 200);
  target('flood: heap flat (< +5 MB after GC)', `${fixed(result.heapAfterMb - result.heapBeforeMb, 1)} MB`, result.heapAfterMb - result.heapBeforeMb < 5);
}

async function main(): Promise<void> {
  const start = performance.now();
  const cpu = cpus();
  console.log(`# Leg Pain Guide bench: Node ${process.version}, ${process.platform}/${process.arch}, ${cpu.length} x ${cpu[0]?.model ?? 'cpu'}`);
  console.log('Every ratio compares with baselines measured in this run; numbers from another run or machine are not comparable.');
  progress('building the baseline skill...');
  const baseline = await buildBaseline();
  await section('Bundle size', bundleSize);
  await section('Cold start', () => coldStart(baseline));
  await section('Warm latency', () => warm(baseline));
  await section('Self-hosted service under load', load);
  await section('Junk-signature flood', flood);
  console.log('\n## Targets\n');
  console.log(table(['target', 'measured', ''], targets));
  console.log(`\n(${fixed((performance.now() - start) / 1000, 0)} s)`);
}

main()
  .catch((error: unknown) => console.log(`bench failed: ${error instanceof Error ? error.stack : String(error)}`))
  .finally(() => {
    process.exitCode = 0;
  });
