import autocannon from 'autocannon';
import { fork, type ChildProcess } from 'node:child_process';
import { createSign } from 'node:crypto';
import { once } from 'node:events';
import { join } from 'node:path';
import type { RequestEnvelope } from 'ask-sdk-model';
import { testAuthority } from '../tests/helpers/certificates';
import type { BenchAuthority, FloodServerConfig, FloodStats } from './flood-server';

/** The canonical certificate URLs the flood uses: the real one, and junk files that S3 does not hold. */
export const REAL_URL = 'https://s3.amazonaws.com/echo.api/echo-api-cert-12.pem';
const JUNK_URLS = Array.from({ length: 30 }, (_, i) => `https://s3.amazonaws.com/echo.api/junk-${i}.pem`);
/** Tricks that used to defeat the cache: refused before any download now. */
const TRICK_URLS = [`${REAL_URL}?x=1`, `${REAL_URL}#x`, 'https://s3.amazonaws.com/echo.api/%65cho-api-cert-12.pem'];
const JUNK_SIGNATURE = Buffer.alloc(256, 7).toString('base64');

export interface FloodResult {
  connections: number;
  seconds: number;
  requests: number;
  refused: number;
  distinctUrls: number;
  downloads: number;
  s3Hits: Record<string, number>;
  health: { answered: number; failed: number; slowestMs: number };
  signedDuringFlood: number;
  /** After a first flood of the same kind, and after the measured one: flat means the second adds nothing kept. */
  rssBeforeMb: number;
  rssAfterMb: number;
  heapBeforeMb: number;
  heapAfterMb: number;
}

function ask(child: ChildProcess): Promise<FloodStats> {
  const reply = once(child, 'message') as Promise<[FloodStats]>;
  child.send('stats');
  return reply.then(([stats]) => stats);
}

/** A test CA and Alexa's signing chain under it, as PEM text: made once, shared by the server processes of a run. */
export function benchAuthority(): BenchAuthority {
  const { caPem, signingChain, signingKey, s3Key, s3Pem } = testAuthority();
  return { caPem, signingChain, signingKeyPem: signingKey.pem, s3KeyPem: s3Key.pem, s3Pem };
}

export interface FloodServer {
  child: ChildProcess;
  base: string;
  stats: () => Promise<FloodStats>;
  /** Stops the server process and waits until it has exited. */
  stop: () => Promise<void>;
}

/** A fresh server process (bench/flood-server.ts) with its own stand-in of S3; resolves once it listens. */
export async function startFloodServer(config: FloodServerConfig): Promise<FloodServer> {
  const child = fork(join(__dirname, 'flood-server.ts'), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: [...process.execArgv, '--expose-gc'],
  });
  const exited = once(child, 'exit');
  const ready = once(child, 'message') as Promise<[{ port: number }]>;
  child.send(config);
  const [{ port }] = await ready;
  return {
    child,
    base: `http://127.0.0.1:${port}`,
    stats: () => ask(child),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill();
      await exited;
    },
  };
}

/**
 * Junk signatures (well formed, fresh timestamps) over the real certificate URL, 30 junk URLs and the URL tricks,
 * from autocannon on loopback, against a server that really downloads chains from a local stand-in of S3; while
 * it runs, /health is polled and a correctly signed request is sent. The downloads are counted over both floods.
 */
export async function measureFlood(launch: RequestEnvelope, connections = 50, seconds = 5): Promise<FloodResult> {
  const authority = benchAuthority();
  const signingKey = authority.signingKeyPem;
  const server = await startFloodServer({ authority, chainPaths: [new URL(REAL_URL).pathname] });
  const { base } = server;
  try {
    const body = JSON.stringify({ ...launch, request: { ...launch.request, timestamp: new Date().toISOString() } });
    const urls = [REAL_URL, ...JUNK_URLS, ...TRICK_URLS];
    const requests = urls.map((url) => ({
      method: 'POST' as const,
      path: '/',
      headers: { 'content-type': 'application/json', signaturecertchainurl: url, 'signature-256': JUNK_SIGNATURE },
      body,
    }));
    // A first flood grows the heap to its working size; memory is compared from there.
    await autocannon({ url: base, connections, duration: 2, requests });
    const before = await server.stats();

    const health = { answered: 0, failed: 0, slowestMs: 0 };
    let polling = true;
    const poll = (async () => {
      while (polling) {
        const start = performance.now();
        try {
          const response = await fetch(`${base}/health`);
          if (response.ok) health.answered += 1;
          else health.failed += 1;
        } catch {
          health.failed += 1;
        }
        health.slowestMs = Math.max(health.slowestMs, performance.now() - start);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const signed = (async () => {
      await new Promise((resolve) => setTimeout(resolve, (seconds * 1000) / 2));
      const signature = createSign('RSA-SHA256').update(body).sign(signingKey, 'base64');
      const response = await fetch(`${base}/`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', signaturecertchainurl: REAL_URL, 'signature-256': signature },
      });
      return response.status;
    })();

    const result = await autocannon({ url: base, connections, duration: seconds, requests });
    const signedStatus = await signed;
    polling = false;
    await poll;
    const after = await server.stats();
    return {
      connections,
      seconds,
      requests: result.requests.total,
      refused: result.non2xx,
      distinctUrls: urls.length,
      downloads: after.downloads,
      s3Hits: after.s3Hits,
      health,
      signedDuringFlood: signedStatus,
      rssBeforeMb: before.rssMb,
      rssAfterMb: after.rssMb,
      heapBeforeMb: before.heapMb,
      heapAfterMb: after.heapMb,
    };
  } finally {
    await server.stop();
  }
}
