import type { RequestEnvelope } from 'ask-sdk-model';
import { launchRequest } from '../../src/console/envelopes';
import type { CertificateSource } from '../../src/server/verify';

/**
 * What the server tests send and where their certificate chains come from: request bodies, a POST that reads the
 * answer, and a stand-in of S3 that records every URL asked for. Nothing is downloaded from s3.amazonaws.com.
 */

/** A well-formed signature that matches nothing: what a flood of junk requests carries. */
export const JUNK_SIGNATURE = Buffer.alloc(256, 7).toString('base64');

/** A LaunchRequest stamped `now + timestampOffsetMs`, with a request id of its own, as the bytes Alexa would sign. */
export function launchBody(now: number, timestampOffsetMs = 0): string {
  const envelope = launchRequest('en-US', { sessionId: 'amzn1.echo-api.session.1', isNew: true, attributes: {} });
  const request = { ...envelope.request, timestamp: new Date(now + timestampOffsetMs).toISOString() };
  return JSON.stringify({ ...envelope, request } as RequestEnvelope);
}

export interface Answer {
  status: number;
  type: string;
  text: string;
}

export async function post(base: string, body: string | Buffer, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${base}/`, { method: 'POST', body, headers: { 'Content-Type': 'application/json', ...headers } });
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
}

/** A fake S3 serving `chains` by URL: `loads` records every URL asked for; a URL it does not hold fails as a 404 would. */
export function fakeS3(chains: ReadonlyMap<string, { chain: string }>, trustedRoots: readonly string[]) {
  const loads: string[] = [];
  const source: CertificateSource = {
    trustedRoots,
    load: async (url) => {
      loads.push(url);
      await new Promise((resolve) => setImmediate(resolve));
      const entry = chains.get(url);
      if (!entry) throw new Error('HTTP 404');
      return entry.chain;
    },
  };
  return { source, loads };
}
