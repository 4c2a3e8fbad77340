import { spawnSync } from 'node:child_process';
import type { RequestEnvelope } from 'ask-sdk-model';

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

/** `node -e` for bare Node: no skill at all. */
export const BARE = `${REPORT} report(null);`;

/** `node -e` that loads a bundle and sends its async handler one LaunchRequest. */
export function asyncHandlerScript(bundle: string, launch: RequestEnvelope): string {
  return `${REPORT} require(${JSON.stringify(bundle)}).handler(${JSON.stringify(launch)}, {}).then(report);`;
}

/** The same for a callback-style handler (the SDK's `.lambda()`, as Amazon's samples export). */
export function callbackHandlerScript(bundle: string, launch: RequestEnvelope): string {
  return `${REPORT} require(${JSON.stringify(bundle)}).handler(${JSON.stringify(launch)}, {}, (error, response) => { if (error) throw error; report(response); });`;
}

function runOnce(node: string, script: string, env: NodeJS.ProcessEnv): ColdSample {
  const start = process.hrtime.bigint();
  const child = spawnSync(node, ['-e', script], { env, encoding: 'utf8' });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (child.status !== 0) throw new Error(`cold-start child failed (${child.status ?? child.signal}): ${child.stderr}`);
  const last = child.stdout.trim().split('\n').at(-1) ?? '';
  const { readyMs, maxRssKb } = JSON.parse(last) as { readyMs: number; maxRssKb: number };
  return { wallMs, readyMs, peakRssMb: maxRssKb / 1024 };
}

/**
 * `rounds` rounds of one fresh process per script, with the Node binary `node`, the order rotating each round;
 * `discard` rounds first warm the page cache.
 */
export function measureColdStart<Name extends string>(
  node: string,
  scripts: Record<Name, string>,
  rounds: number,
  discard = 3,
): Record<Name, ColdSample[]> {
  const env = { ...process.env };
  delete env.NODE_OPTIONS; // every child starts the same plain Node
  delete env.SKILL_ID; // the bench envelope carries no real skill id
  const names = Object.keys(scripts) as Name[];
  const samples = Object.fromEntries(names.map((name) => [name, [] as ColdSample[]])) as Record<Name, ColdSample[]>;
  for (let round = 0; round < discard + rounds; round += 1) {
    for (let k = 0; k < names.length; k += 1) {
      const name = names[(round + k) % names.length]!;
      const sample = runOnce(node, scripts[name], env);
      if (round >= discard) samples[name].push(sample);
    }
  }
  return samples;
}
