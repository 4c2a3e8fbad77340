import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { types } from 'node:util';
import { parseCommandLine } from '../command-line';
import { createAlexaServer, createApp, serverLimitsFrom, type ServerLimits } from './app';
import { ANY_SKILL_FLAG, CERT_CACHE_FLAG, INSECURE_FLAG, NO_SKILL_ID } from './flags';
import { cachedAlexaVerifiers } from './certificate-cache';
import type { RequestVerifier } from './verify';

const DEFAULT_PORT = 3000;

export const USAGE = `Usage: SKILL_ID=amzn1.ask.skill.… [PORT=3000] node dist/server.js [${ANY_SKILL_FLAG}] [${INSECURE_FLAG}] [${CERT_CACHE_FLAG} <file>]

The skill as an HTTPS endpoint behind your own TLS terminator: every request's Amazon signature and timestamp are
checked, and requests for any other skill id refused.

MAX_CONNECTIONS_PER_CLIENT (default 32): connections one address (an IPv6 /64) may hold of the 256; behind a proxy,
where every connection comes from the proxy, set it to 256 and let the proxy limit each client (docs/reverse-proxy.md).

  ${ANY_SKILL_FLAG}                 answer requests for every skill id (no SKILL_ID)
  ${INSECURE_FLAG}  skip the signature and timestamp checks (local testing only)
  ${CERT_CACHE_FLAG} <file>          keep Amazon's signing chains in this file across restarts; each is checked
                                 again in full when read (docs/certificate-cache.md)
  --help                         this text`;

/** How long requests in flight may take to finish after SIGTERM or SIGINT before the server exits 1 anyway. */
export const SHUTDOWN_GRACE_MS = 10_000;

/** What the server does to the outside world: main.ts wires these to the process, tests to recorders. */
export interface ServerIo {
  /** One line on standard output (a newline is added). */
  stdout(line: string): void;
  /** One line on standard error (a newline is added). */
  stderr(line: string): void;
  /** Ends the process with this code; in-process callers record it. */
  exit(code: number): void;
  onSignal(signal: NodeJS.Signals, handler: (signal: NodeJS.Signals) => void): void;
}

export interface StartOptions {
  shutdownGraceMs?: number;
  /** The checks with Amazon's chains kept in the `--cert-cache` file; default `cachedAlexaVerifiers`. */
  cachedVerifiers?: (path: string, log: (line: string) => void) => RequestVerifier[];
}

/** What the command line and the environment ask for. */
export interface ServerConfig {
  port: number;
  insecure: boolean;
  /** Undefined: requests for any skill id are answered (`--any-skill-id`). */
  skillId: string | undefined;
  certCache: string | undefined;
  limits: ServerLimits;
}

/** A start that stops here: the message (the usage, for --help, on standard output; else on standard error) and the exit code. */
export class StartFailure extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

/** An error's message; `isNativeError` holds for an error from another realm too (node:util's own, under jest). */
function messageOf(error: unknown): string {
  return types.isNativeError(error) ? error.message : String(error);
}

function fail(message: string, code: number): never {
  throw new StartFailure(message, code);
}

function portFrom(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_PORT;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) fail(`PORT must be a port number (0 to 65535), not "${value}"`, 2);
  return port;
}

const INSECURE = INSECURE_FLAG.slice(2);
const ANY_SKILL = ANY_SKILL_FLAG.slice(2);
const CERT_CACHE = CERT_CACHE_FLAG.slice(2);

const FLAGS = {
  [INSECURE]: { type: 'boolean', default: false },
  [ANY_SKILL]: { type: 'boolean', default: false },
  [CERT_CACHE]: { type: 'string' },
} as const;

/** The flags: --help gives the usage and exit 0; an unknown flag, a missing value or a stray argument its reason, the usage and exit 2. */
function flagsFrom(argv: readonly string[]) {
  const line = parseCommandLine(argv, FLAGS);
  if (line.kind === 'read') return line.parsed.values;
  return line.kind === 'help' ? fail(USAGE, 0) : fail(`${line.reason}\n\n${USAGE}`, 2);
}

/**
 * The configuration `argv` and `env` ask for, or a StartFailure saying why there is none. `warn` is told when any skill
 * id will be answered.
 */
export function serverConfig(argv: readonly string[], env: NodeJS.ProcessEnv, warn: (line: string) => void): ServerConfig {
  const flags = flagsFrom(argv);
  const insecure = flags[INSECURE] === true;
  const skillId = env.SKILL_ID || undefined;
  if (!skillId && flags[ANY_SKILL] !== true) fail(NO_SKILL_ID, 2);
  if (!skillId) warn(`WARNING: ${ANY_SKILL_FLAG}: requests for any skill id are answered.`);
  const port = portFrom(env.PORT);
  const limits = serverLimitsFrom(env, (message) => fail(message, 2));
  const certCache = flags[CERT_CACHE];
  return { port, insecure, skillId, certCache: typeof certCache === 'string' ? certCache : undefined, limits };
}

/** The checks, with Amazon's chains kept in the operator's file; a file that cannot be written stops the start. */
function verifiersFor(config: ServerConfig, io: ServerIo, options: StartOptions): { verifiers?: RequestVerifier[] } {
  if (config.certCache === undefined || config.insecure) return {};
  const cachedVerifiers = options.cachedVerifiers ?? cachedAlexaVerifiers;
  try {
    return { verifiers: cachedVerifiers(config.certCache, (line) => io.stdout(line)) };
  } catch (error) {
    return fail(messageOf(error), 2);
  }
}

function listen(server: Server, config: ServerConfig, io: ServerIo): void {
  server.listen(config.port, () => {
    const bound = (server.address() as AddressInfo).port;
    io.stdout(
      JSON.stringify({
        level: 'info',
        message: 'Leg Pain Guide listening',
        port: bound,
        verification: config.insecure ? 'off' : 'on',
        skillId: config.skillId ? 'checked' : 'any',
      }),
    );
  });
  server.on('error', (error) => {
    io.stderr(`Cannot listen on port ${config.port}: ${error.message}`);
    io.exit(1);
  });
}

/**
 * On SIGTERM or SIGINT: stop accepting, let requests in flight finish, exit 0; after the grace period (or a second
 * signal), exit 1.
 */
function stopOnSignals(server: Server, io: ServerIo, graceMs: number): void {
  let stopping = false;
  // close() drops the idle keep-alive connections of load balancers at once; a connection whose request was in
  // flight is dropped as soon as its response is sent, rather than after the keep-alive timeout.
  server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
    res.on('finish', () => {
      if (stopping) setImmediate(() => server.closeIdleConnections());
    });
  });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      io.stderr(`${signal} again: exiting without waiting for requests in flight`);
      io.exit(1);
      return;
    }
    stopping = true;
    io.stdout(JSON.stringify({ level: 'info', message: 'shutting down', signal }));
    const grace = setTimeout(() => {
      io.stderr(`Requests still in flight after ${graceMs / 1000} s: exiting anyway`);
      io.exit(1);
    }, graceMs).unref();
    server.close(() => {
      // Only matters in-process: a process has already exited.
      clearTimeout(grace);
      io.exit(0);
    });
  };
  io.onSignal('SIGTERM', stop);
  io.onSignal('SIGINT', stop);
}

/**
 * `node dist/server.js`: reads `argv` (without node and the script) and `env`, starts listening and stops on SIGTERM
 * or SIGINT. Returns the server, or undefined after `--help` or a start that failed (io.exit has been called).
 */
export function startServer(argv: readonly string[], env: NodeJS.ProcessEnv, io: ServerIo, options: StartOptions = {}): Server | undefined {
  let server: Server;
  try {
    const config = serverConfig(argv, env, (line) => io.stderr(line));
    const app = createApp({
      insecureSkipVerification: config.insecure,
      warn: (line) => io.stderr(line),
      ...(config.skillId ? { skillId: config.skillId } : {}),
      ...verifiersFor(config, io, options),
    });
    server = createAlexaServer(app, config.limits);
    listen(server, config, io);
  } catch (error) {
    if (!(error instanceof StartFailure)) throw error;
    // --help is a start that stops at once, with the usage on standard output.
    if (error.code === 0) io.stdout(error.message);
    else io.stderr(error.message);
    io.exit(error.code);
    return undefined;
  }
  stopOnSignals(server, io, options.shutdownGraceMs ?? SHUTDOWN_GRACE_MS);
  return server;
}
