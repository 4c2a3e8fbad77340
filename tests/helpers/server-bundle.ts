import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { bundle, dataFiles, SERVER_BUNDLE } from '../../scripts/bundle';

export interface Running {
  child: ChildProcessWithoutNullStreams;
  base: string;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

/**
 * `node dist/server.js` as it is deployed: built once for the calling describe block (beforeAll), copied with its data
 * files far from node_modules; every process started through it is killed when the block is done (afterAll).
 */
export function bundledServer() {
  const children: ChildProcessWithoutNullStreams[] = [];
  let serverFile = '';
  beforeAll(async () => {
    await bundle();
    serverFile = join(mkdtempSync(join(tmpdir(), 'server-')), 'server.js');
    copyFileSync(SERVER_BUNDLE, serverFile);
    // The data files the bundle reads from beside it (scripts/bundle.ts), as a deployment would carry them.
    for (const { name } of dataFiles()) {
      mkdirSync(dirname(join(dirname(serverFile), name)), { recursive: true });
      copyFileSync(join(dirname(SERVER_BUNDLE), name), join(dirname(serverFile), name));
    }
  }, 60_000);
  afterAll(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  });

  /** Starts the copy with these arguments and this environment (PATH and PORT=0 added); killed when the block is done. */
  function spawnServer(args: string[], env: Record<string, string>): ChildProcessWithoutNullStreams {
    const child = spawn(process.execPath, [serverFile, ...args], {
      cwd: tmpdir(),
      env: { PATH: process.env.PATH ?? '', PORT: '0', ...env },
    });
    children.push(child);
    return child;
  }

  /** Starts the copy; resolves once it has logged its start line. */
  async function start(args: string[] = [], env: Record<string, string> = { SKILL_ID: 'amzn1.ask.skill.local-console' }): Promise<Running> {
    const child = spawnServer(args, env);
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const started = /"port":(\d+)/.exec(stdout);
        if (started) resolve(Number(started[1]));
      });
      void exit.then((code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
    });
    return { child, base: `http://127.0.0.1:${port}`, stdout: () => stdout, stderr: () => stderr, exit };
  }

  return { start, spawnServer, file: () => serverFile };
}

/** Waits until `condition` holds, polling; fails after `deadlineMs` rather than hanging. */
export async function waitFor(condition: () => boolean, deadlineMs = 10_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('waited too long');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
