import { request } from 'node:https';

export interface DownloadOptions {
  /** One deadline for connecting, the response headers and the whole body. */
  timeoutMs: number;
  /** The most bytes a certificate chain may have; a chain is a few KB. */
  maxBytes: number;
  /** Extra trusted CAs, for tests against a local HTTPS server; production trusts Node's roots only. */
  ca?: string;
  /** Connect here instead of the URL's host (tests); TLS still checks the certificate for the URL's host. */
  connectTo?: { host: string; port: number };
}

/**
 * GETs a certificate chain over HTTPS (node:https's defaults): 200 only (a redirect or any other status is a failure), the body read as
 * a stream and cut off past `maxBytes`, and one timer, held by this function, over connect, headers and body.
 */
export function downloadText(url: string, options: DownloadOptions): Promise<string> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    // A promise settles once: a second finish (more data after the limit, an error after it) changes nothing.
    const finish = (error: Error | undefined, text?: string) => {
      clearTimeout(timer);
      if (error) {
        req.destroy();
        reject(error);
      } else resolve(text!);
    };
    const req = request(
      {
        host: options.connectTo?.host ?? target.hostname,
        port: options.connectTo?.port ?? 443,
        servername: target.hostname,
        path: target.pathname,
        headers: { host: target.hostname, accept: '*/*' },
        agent: false,
        ...(options.ca ? { ca: options.ca } : {}),
      },
      (response) => {
        if (response.statusCode !== 200) {
          response.resume();
          finish(new Error(`HTTP ${response.statusCode ?? 0}`));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxBytes) finish(new Error('too large'));
          else chunks.push(chunk);
        });
        response.on('end', () => finish(undefined, Buffer.concat(chunks).toString('utf8')));
        response.on('error', (error) => finish(error));
      },
    );
    const timer = setTimeout(() => finish(new Error('timed out')), options.timeoutMs);
    req.on('error', (error) => finish(error));
    req.end();
  });
}
