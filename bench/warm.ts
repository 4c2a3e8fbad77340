import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Command, Report } from './warm-child';

export interface WarmResult {
  /** Per-request handler time in microseconds. */
  ours: number[];
  baseline: number[];
  requestsPerConversation: number;
  /** Undefined when both skills said the same thing at every turn; else the first turn that differs. */
  firstDifference: number | undefined;
}

function exchange(child: ChildProcess, command: Command): Promise<Report> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`warm-up child exited with ${code}`));
    child.once('exit', onExit);
    child.once('message', (report: Report) => {
      child.off('exit', onExit);
      if ('error' in report) reject(new Error(report.error));
      else resolve(report);
    });
    child.send(command);
  });
}

/**
 * Each skill in its own process (own heap, own GC), driven in lockstep: a chunk of conversations in one,
 * then in the other, the order swapping each chunk, so that both see the same machine noise.
 */
export async function measureWarm(
  skills: { ours: string; baseline: string },
  warmup: number,
  iterations: number,
  chunk = 10,
): Promise<WarmResult> {
  const children = {
    ours: fork(join(__dirname, 'warm-child.ts'), [skills.ours], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
    baseline: fork(join(__dirname, 'warm-child.ts'), [skills.baseline], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
  };
  try {
    await exchange(children.ours, { run: warmup, record: false });
    await exchange(children.baseline, { run: warmup, record: false });
    for (let done = 0, round = 0; done < iterations; done += chunk, round += 1) {
      const run = Math.min(chunk, iterations - done);
      const order = round % 2 === 0 ? [children.ours, children.baseline] : [children.baseline, children.ours];
      for (const child of order) await exchange(child, { run, record: true });
    }
    const ours = await exchange(children.ours, { finish: true });
    const baseline = await exchange(children.baseline, { finish: true });
    if (!('samples' in ours) || !('samples' in baseline)) throw new Error('warm children sent no samples');
    const turns = Math.max(ours.transcript.length, baseline.transcript.length);
    const firstDifference = [...Array(turns).keys()].find((i) => ours.transcript[i] !== baseline.transcript[i]);
    return { ours: ours.samples, baseline: baseline.samples, requestsPerConversation: ours.transcript.length, firstDifference };
  } finally {
    for (const child of Object.values(children)) if (child.exitCode === null) child.kill();
  }
}
