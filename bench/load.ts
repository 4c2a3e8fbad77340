import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import type { RequestEnvelope } from 'ask-sdk-model';

export const SERVER = join(__dirname, '..', 'dist', 'server.js');

export type LoadResult =
  | { skipped: string }
  | { requestsPerSecond: number; p99Ms: number; requests: number; non2xx: number; errors: number; connections: number; seconds: number };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Resolves once the server accepts connections on the port; rejects if it exits first or takes 10 s. */
async function listening(server: ChildProcess, port: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (server.exitCode === null && Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      const done = (ok: boolean) => {
        socket.destroy();
        resolve(ok);
      };
      socket
        .once('connect', () => done(true))
        .once('error', () => done(false))
        .setTimeout(500, () => done(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(server.exitCode === null ? 'the server did not listen within 10 s' : `the server exited with ${server.exitCode}`);
}

/** The self-hosted service on loopback, its signature verification off, under a bounded autocannon load. */
export async function measureLoad(launch: RequestEnvelope, connections = 10, seconds = 5): Promise<LoadResult> {
  if (!existsSync(SERVER)) return { skipped: 'self-hosted server not built: skipped (no dist/server.js; `npm run build` makes it)' };
  const port = await freePort();
  const server = spawn(process.execPath, [SERVER, '--insecure-skip-verification'], {
    env: { ...process.env, PORT: String(port), SKILL_ID: launch.context.System.application.applicationId },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = ''; // its start line and request log, kept from the terminal
  server.stdout!.setEncoding('utf8').on('data', (text: string) => (output += text.slice(0, 4096 - output.length)));
  server.stderr!.setEncoding('utf8').on('data', (text: string) => (output += text.slice(0, 4096 - output.length)));
  try {
    await listening(server, port);
    const url = `http://127.0.0.1:${port}/`;
    const request = { method: 'POST' as const, headers: { 'content-type': 'application/json' }, body: JSON.stringify(launch) };
    const answer = (await (await fetch(url, request)).json()) as { response?: { outputSpeech?: unknown } };
    if (!answer.response?.outputSpeech) throw new Error(`a LaunchRequest got no speech: ${JSON.stringify(answer).slice(0, 200)}`);
    const result = await autocannon({
      url,
      ...request,
      connections,
      duration: seconds,
      timeout: 5,
    });
    return {
      requestsPerSecond: result.requests.average,
      p99Ms: result.latency.p99,
      requests: result.requests.total,
      non2xx: result.non2xx,
      errors: result.errors,
      connections,
      seconds,
    };
  } catch (error) {
    return {
      skipped: `self-hosted server failed: ${error instanceof Error ? error.message : String(error)}; it said: ${output.trim().slice(0, 300)}`,
    };
  } finally {
    if (server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000).unref())]);
    }
  }
}
