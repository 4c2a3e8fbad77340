import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAlexaServer, createApp, serverLimitsFrom } from './app';
import { readCommandLine } from '../command-line';
import { ANY_SKILL_FLAG, CERT_CACHE_FLAG, INSECURE_FLAG, NO_SKILL_ID } from './flags';
import { cachedAlexaVerifiers } from './certificate-cache';

const DEFAULT_PORT = 3000;

const USAGE = `Usage: SKILL_ID=amzn1.ask.skill.… [PORT=3000] node dist/server.js [${ANY_SKILL_FLAG}] [${INSECURE_FLAG}] [${CERT_CACHE_FLAG} <file>]

The skill as an HTTPS endpoint behind your own TLS terminator: every request's Amazon signature and timestamp are
checked, and requests for any other skill id refused.

MAX_CONNECTIONS_PER_CLIENT (default 32): connections one address (an IPv6 /64) may hold of the 256; behind a proxy,
where every connection comes from the proxy, set it to 256 and let the proxy limit each client (docs/reverse-proxy.md).

  ${ANY_SKILL_FLAG}                 answer requests for every skill id (no SKILL_ID)
  ${INSECURE_FLAG}  skip the signature and timestamp checks (local testing only)
  ${CERT_CACHE_FLAG} <file>          keep Amazon's signing chains in this file across restarts; each is checked
                                 again in full when read (docs/certificate-cache.md)
  --help                         this text
`;
const SHUTDOWN_GRACE_MS = 10_000;

function fail(message: string, code: number): never {
  console.error(message);
  process.exit(code);
}

function portFrom(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_PORT;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) fail(`PORT must be a port number (0 to 65535), not "${value}"`, 2);
  return port;
}

/** The checks, with Amazon's chains kept in the operator's file; a file that cannot be written stops the start. */
function verifiersWithCache(path: string) {
  try {
    return cachedAlexaVerifiers(path);
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error), 2);
  }
}

function main(): void {
  const { values } = readCommandLine(USAGE, {
    [INSECURE_FLAG.slice(2)]: { type: 'boolean', default: false },
    [ANY_SKILL_FLAG.slice(2)]: { type: 'boolean', default: false },
    [CERT_CACHE_FLAG.slice(2)]: { type: 'string' },
  });
  const insecure = values[INSECURE_FLAG.slice(2)] === true;
  const skillId = process.env.SKILL_ID || undefined;
  if (!skillId && values[ANY_SKILL_FLAG.slice(2)] !== true) fail(NO_SKILL_ID, 2);
  if (!skillId) console.error(`WARNING: ${ANY_SKILL_FLAG}: requests for any skill id are answered.`);
  const port = portFrom(process.env.PORT);
  const limits = serverLimitsFrom(process.env, (message) => fail(message, 2));

  const certCache = values[CERT_CACHE_FLAG.slice(2)];
  const verifiers = typeof certCache === 'string' && !insecure ? { verifiers: verifiersWithCache(certCache) } : {};
  const server = createAlexaServer(
    createApp({ insecureSkipVerification: insecure, ...(skillId ? { skillId } : {}), ...verifiers }),
    limits,
  );
  server.listen(port, () => {
    const bound = (server.address() as AddressInfo).port;
    console.log(
      JSON.stringify({
        level: 'info',
        message: 'Leg Pain Guide listening',
        port: bound,
        verification: insecure ? 'off' : 'on',
        skillId: skillId ? 'checked' : 'any',
      }),
    );
  });
  server.on('error', (error) => fail(`Cannot listen on port ${port}: ${error.message}`, 1));

  // Stop accepting, let requests in flight finish, exit 0; after the grace period (or a second signal), exit 1.
  // close() drops the idle keep-alive connections of load balancers at once; a connection whose request was in
  // flight is dropped as soon as its response is sent, rather than after the keep-alive timeout.
  let stopping = false;
  server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
    res.on('finish', () => {
      if (stopping) setImmediate(() => server.closeIdleConnections());
    });
  });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) fail(`${signal} again: exiting without waiting for requests in flight`, 1);
    stopping = true;
    console.log(JSON.stringify({ level: 'info', message: 'shutting down', signal }));
    setTimeout(() => fail(`Requests still in flight after ${SHUTDOWN_GRACE_MS / 1000} s: exiting anyway`, 1), SHUTDOWN_GRACE_MS).unref();
    server.close(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main();
