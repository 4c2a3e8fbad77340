import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAlexaServer, createApp } from './app';
import { ANY_SKILL_FLAG, INSECURE_FLAG, NO_SKILL_ID } from './flags';

/** `node dist/server.js [--insecure-skip-verification] [--any-skill-id]`, port from PORT (default 3000). */
const DEFAULT_PORT = 3000;
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

function main(): void {
  const args = process.argv.slice(2);
  const unknown = args.filter((arg) => arg !== INSECURE_FLAG && arg !== ANY_SKILL_FLAG);
  if (unknown.length > 0) fail(`Unknown argument: ${unknown.join(' ')}\nUsage: node dist/server.js [${INSECURE_FLAG}] [${ANY_SKILL_FLAG}]`, 2);
  const insecure = args.includes(INSECURE_FLAG);
  const skillId = process.env.SKILL_ID || undefined;
  if (!skillId && !args.includes(ANY_SKILL_FLAG)) fail(NO_SKILL_ID, 2);
  if (!skillId) console.error(`WARNING: ${ANY_SKILL_FLAG}: requests for any skill id are answered.`);
  const port = portFrom(process.env.PORT);

  const server = createAlexaServer(createApp({ insecureSkipVerification: insecure, ...(skillId ? { skillId } : {}) }));
  server.listen(port, () => {
    const bound = (server.address() as AddressInfo).port;
    console.log(
      JSON.stringify({ level: 'info', message: 'Leg Pain Guide listening', port: bound, verification: insecure ? 'off' : 'on', skillId: skillId ? 'checked' : 'any' }),
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
