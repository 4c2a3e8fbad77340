import { spawnSync } from 'node:child_process';
import type { RequestEnvelope } from 'ask-sdk-model';

export type Variant = 'bare' | 'ours' | 'baseline';
export const VARIANTS: readonly Variant[] = ['bare', 'ours', 'baseline'];

export interface ColdSample {
  /** Parent's clock, spawnSync start to child exit, ms: what the machine spends, exec and teardown included. */
  wallMs: number;
  /** Child's clock, ms since its performance.timeOrigin (process start) when the answer was ready. */
  readyMs: number;
  /** Child's peak resident set, MB. */
  peakRssMb: number;
}

/** The child's last stdout line: its clock and memory when the answer is ready (or at once, for bare Node). */
const REPORT = `const report = (response) => {
  const readyMs = performance.now();
  if (response !== null && !(response && response.response && response.response.outputSpeech)) process.exit(3);
  process.stdout.write('\\n' + JSON.stringify({ readyMs, maxRssKb: process.resourceUsage().maxRSS }) + '\\n');
};`;

/** `node -e` scripts: bare Node; our bundle's async handler; the baseline's callback-style handler. */
export function coldScripts(paths: { ours: string; baseline: string }, launch: RequestEnvelope): Record<Variant, string> {
  const event = JSON.stringify(launch);
  return {
    bare: `${REPORT} report(null);`,
    ours: `${REPORT} require(${JSON.stringify(paths.ours)}).handler(${event}, {}).then(report);`,
    baseline: `${REPORT} require(${JSON.stringify(paths.baseline)}).handler(${event}, {}, (error, response) => { if (error) throw error; report(response); });`,
  };
}

function runOnce(script: string, env: NodeJS.ProcessEnv): ColdSample {
  const start = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['-e', script], { env, encoding: 'utf8' });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (child.status !== 0) throw new Error(`cold-start child failed (${child.status ?? child.signal}): ${child.stderr}`);
  const last = child.stdout.trim().split('\n').at(-1) ?? '';
  const { readyMs, maxRssKb } = JSON.parse(last) as { readyMs: number; maxRssKb: number };
  return { wallMs, readyMs, peakRssMb: maxRssKb / 1024 };
}

/** `rounds` rounds of one process per variant, the order rotating each round; `discard` rounds first warm the page cache. */
export function measureColdStart(scripts: Record<Variant, string>, rounds: number, discard = 3): Record<Variant, ColdSample[]> {
  const env = { ...process.env };
  delete env.NODE_OPTIONS; // every child starts the same plain Node
  delete env.SKILL_ID; // the bench envelope carries no real skill id
  const samples: Record<Variant, ColdSample[]> = { bare: [], ours: [], baseline: [] };
  for (let round = 0; round < discard + rounds; round += 1) {
    for (let k = 0; k < VARIANTS.length; k += 1) {
      const variant = VARIANTS[(round + k) % VARIANTS.length]!;
      const sample = runOnce(scripts[variant], env);
      if (round >= discard) samples[variant].push(sample);
    }
  }
  return samples;
}
