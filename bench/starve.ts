import { createSign } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RequestEnvelope } from 'ask-sdk-model';
import type { BenchAuthority } from './flood-server';
import { startFloodServer } from './flood';

/**
 * The review's M1 attack (security-2026-12.md): a freshly started server, and an attacker who sends a trickle of
 * junk signatures, each naming a new certificate URL, to spend the download budget before Alexa's first request.
 * Then, while the trickle goes on, a correctly signed request every second: how many are answered?
 */
export interface StarveScenario {
  label: string;
  /** The certificate URL Alexa's requests name. */
  url: string;
  /** A restart: a first server process answers one signed request (no attack), saving the chain to its cache file, and stops. */
  restart?: boolean;
}

export interface StarveResult {
  label: string;
  signed: number;
  answered: number;
  /** Seconds from the first signed request to the first one answered; undefined if none was. */
  firstAnsweredS: number | undefined;
  junkSent: number;
  /** Downloads of junk URLs and of Alexa's URL, as the stand-in of S3 counted them. */
  junkDownloads: number;
  realDownloads: number;
  refusals: Record<string, number>;
  /** What went wrong with the restart's first process, if anything. */
  note?: string;
}

const JUNK_SIGNATURE = Buffer.alloc(256, 7).toString('base64');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A new envelope (a new request id) stamped now, as its bytes: what Alexa would send this second. */
function freshBody(launch: () => RequestEnvelope): string {
  const envelope = launch();
  return JSON.stringify({ ...envelope, request: { ...envelope.request, timestamp: new Date().toISOString() } });
}

async function postStatus(base: string, body: string, headers: Record<string, string>): Promise<number> {
  try {
    const response = await fetch(`${base}/`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

export async function measureStarve(
  launch: () => RequestEnvelope,
  scenario: StarveScenario,
  authority: BenchAuthority,
  { leadSeconds = 3, seconds = 30, junkPerSecond = 4 } = {},
): Promise<StarveResult> {
  const dir = mkdtempSync(join(tmpdir(), 'starve-'));
  const certCache = join(dir, 'certificates.json');
  const chainPaths = [new URL(scenario.url).pathname];
  const signedHeaders = (body: string) => ({
    signaturecertchainurl: scenario.url,
    'signature-256': createSign('RSA-SHA256').update(body).sign(authority.signingKeyPem, 'base64'),
  });
  let note: string | undefined;
  try {
    if (scenario.restart) {
      const first = await startFloodServer({ authority, chainPaths, certCache });
      const body = freshBody(launch);
      const status = await postStatus(first.base, body, signedHeaders(body));
      for (let waited = 0; !existsSync(certCache) && waited < 2_000; waited += 50) await sleep(50);
      await first.stop();
      if (status !== 200) note = `the first process answered HTTP ${status}`;
      else if (!existsSync(certCache)) note = 'the first process wrote no cache file';
    }

    const server = await startFloodServer({ authority, chainPaths, certCache });
    try {
      let junkSent = 0;
      const junk: Promise<number>[] = [];
      const trickle = setInterval(() => {
        const url = `https://s3.amazonaws.com/echo.api/starve-${junkSent}.pem`;
        junkSent += 1;
        junk.push(postStatus(server.base, freshBody(launch), { signaturecertchainurl: url, 'signature-256': JUNK_SIGNATURE }));
      }, 1000 / junkPerSecond);
      await sleep(leadSeconds * 1000);

      const statuses: number[] = [];
      const started = performance.now();
      let firstAnsweredS: number | undefined;
      for (let i = 0; i < seconds; i++) {
        const due = started + i * 1000;
        await sleep(Math.max(0, due - performance.now()));
        const body = freshBody(launch);
        const status = await postStatus(server.base, body, signedHeaders(body));
        statuses.push(status);
        if (status === 200 && firstAnsweredS === undefined) firstAnsweredS = (performance.now() - started) / 1000;
      }
      clearInterval(trickle);
      await Promise.all(junk);
      const stats = await server.stats();
      const realPath = chainPaths[0]!;
      const hits = Object.entries(stats.s3Hits);
      return {
        label: scenario.label,
        signed: statuses.length,
        answered: statuses.filter((status) => status === 200).length,
        firstAnsweredS,
        junkSent,
        junkDownloads: hits.filter(([path]) => path !== realPath).reduce((sum, [, n]) => sum + n, 0),
        realDownloads: stats.s3Hits[realPath] ?? 0,
        refusals: stats.refusals,
        ...(note === undefined ? {} : { note }),
      };
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
