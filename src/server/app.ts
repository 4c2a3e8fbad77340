import { createServer, STATUS_CODES, type Server } from 'node:http';
import express, { type ErrorRequestHandler, type Express, type Request, type Response } from 'express';
import { logFailure, logRefusal, logServerNotice } from '../skill/log';
import { answer as answerWith } from '../skill/answer';
import { buildSkill, skill as projectSkill } from '../skill/skill';
import { limitConnections } from './connections';
import { Refusal, type RefusalReason } from './refusal';
import { alexaVerifiers, readEnvelope, type RequestVerifier } from './verify';

export const INSECURE_WARNING =
  'WARNING: request signature and timestamp verification is OFF (--insecure-skip-verification). ' +
  'Anyone who can reach this server can make the skill answer them. Use this only for local testing, never on a public endpoint.';

/** Alexa's requests are a few KB; anything past this is refused, and what is left of it is not read. */
export const MAX_BODY_BYTES = 100 * 1024;

export interface AppOptions {
  /** Only requests for this skill are answered; any other gets 400. Undefined: any skill id (main.ts refuses that unless told). */
  skillId?: string;
  /** Turns the signature and timestamp checks off, and says so on stderr. Never on a public endpoint. */
  insecureSkipVerification?: boolean;
  /** The signature and timestamp checks; default `alexaVerifiers()`. Tests pass ones with their own CA and clock. */
  verifiers?: readonly RequestVerifier[];
  /** Where the warning goes when the checks are off; default stderr. */
  warn?: (message: string) => void;
}

function badRequest(res: Response, reason: RefusalReason): void {
  logRefusal(reason);
  res.status(400).type('text/plain').send(STATUS_CODES[400]);
}

function plain(res: Response, status: number): void {
  res
    .status(status)
    .type('text/plain')
    .send(STATUS_CODES[status] ?? 'Error');
}

/**
 * The kind of an error for the log, from a fixed vocabulary: JavaScript's own error classes, the ASK SDK's scopes
 * ("AskSdk.CustomSkill Error"), or "other". Never its message, which may quote the request.
 */
export function errorKind(error: unknown): string {
  const name = error instanceof Error ? error.name : undefined;
  if (name === undefined) return 'other';
  if (/^(Range|Type|Syntax|Reference|Eval|URI|Aggregate)?Error$/.test(name)) return name;
  if (/^AskSdk\.[A-Za-z.]{1,60} Error$/.test(name)) return name;
  return 'other';
}

/** A 500: plain text, and one log line saying only what kind of error it was. */
function failed(res: Response, error: unknown): void {
  logFailure(errorKind(error));
  if (res.headersSent) res.destroy();
  else plain(res, 500);
}

/** Errors from Express itself (a malformed path, say) keep a 4xx status, as plain text; nothing is echoed. */
const plainErrors: ErrorRequestHandler = (error: { status?: unknown }, _req, res, _next) => {
  if (typeof error.status === 'number' && error.status >= 400 && error.status < 500) plain(res, error.status);
  else failed(res, error);
};

/**
 * Answers 413 or 415 and closes the connection rather than read what is left of the body (a client could send an
 * endless one): `Connection: close`, and the socket destroyed once the answer has been handed to it.
 */
function refuseBody(req: Request, res: Response, status: 413 | 415): void {
  req.pause();
  res.set('Connection', 'close');
  res.once('finish', () => req.socket.destroy());
  plain(res, status);
}

/**
 * The raw bytes of the body, up to MAX_BODY_BYTES. Undefined if it was refused (compressed, or too large: by its
 * Content-Length before a byte is read, or as soon as the bytes read pass the limit) or the client went away.
 */
function readBody(req: Request, res: Response): Promise<Buffer | undefined> {
  const encoding = req.headers['content-encoding']?.trim().toLowerCase();
  if (encoding !== undefined && encoding !== '' && encoding !== 'identity') {
    refuseBody(req, res, 415);
    return Promise.resolve(undefined);
  }
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
    refuseBody(req, res, 413);
    return Promise.resolve(undefined);
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const stop = (body: Buffer | undefined) => {
      req.removeListener('data', onData);
      resolve(body);
    };
    const onData = (chunk: Buffer) => {
      length += chunk.length;
      if (length > MAX_BODY_BYTES) {
        refuseBody(req, res, 413);
        stop(undefined);
      } else chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => stop(Buffer.concat(chunks, length)));
    req.once('error', () => stop(undefined));
    req.once('close', () => stop(undefined));
  });
}

/**
 * The skill as an HTTPS endpoint (TLS terminated in front of it): POST / for Alexa, GET /health for load
 * balancers. The raw request bytes are checked (envelope, skill id, timestamp, signature over those bytes) before
 * the skill sees anything. Stateless: a conversation travels in the Alexa session attributes; all this keeps
 * between requests is Amazon's signing certificate. Does not listen: see `createAlexaServer` and main.ts.
 */
export function createApp(options: AppOptions = {}): Express {
  const { insecureSkipVerification = false, warn = (message: string) => console.error(message), skillId } = options;
  if (insecureSkipVerification && options.verifiers) throw new Error('verifiers given, but verification is turned off');
  const skill = skillId === undefined ? projectSkill : buildSkill(skillId);
  const verifiers = insecureSkipVerification ? [] : (options.verifiers ?? alexaVerifiers());
  if (insecureSkipVerification) warn(INSECURE_WARNING);

  const app = express();
  app.disable('x-powered-by');
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.post('/', (req: Request, res: Response) => {
    void answer(req, res);
  });
  // OPTIONS says which methods a path takes, and nothing else; any other path or method is a plain 404, which
  // names neither (no Express page, no echo of what was asked).
  app.options('/', (_req, res) => void res.set('Allow', 'POST, OPTIONS').status(204).end());
  app.options('/health', (_req, res) => void res.set('Allow', 'GET, HEAD, OPTIONS').status(204).end());
  app.use((_req, res) => plain(res, 404));
  app.use(plainErrors);

  async function answer(req: Request, res: Response): Promise<void> {
    const raw = await readBody(req, res);
    if (raw === undefined) return;
    let envelope;
    try {
      envelope = readEnvelope(raw, skillId);
      for (const verifier of verifiers) await verifier.verify({ raw, envelope, headers: req.headers });
    } catch (error: unknown) {
      badRequest(res, error instanceof Refusal ? error.reason : 'not-envelope');
      return;
    }
    try {
      res.json(await answerWith(envelope, undefined, skill));
    } catch (error: unknown) {
      failed(res, error);
    }
  }
  return app;
}

export interface ServerLimits {
  /** The whole request, headers and body (Alexa itself gives up after 8 s). */
  requestTimeoutMs: number;
  headersTimeoutMs: number;
  keepAliveTimeoutMs: number;
  /** Connections open at once; more are closed as they arrive. */
  maxConnections: number;
  /**
   * Connections one client may hold at once (an IPv4 address, or an IPv6 /64); more are closed as they arrive. Behind
   * a proxy every connection comes from the proxy: see docs/reverse-proxy.md (MAX_CONNECTIONS_PER_CLIENT).
   */
  maxConnectionsPerClient: number;
  /** How long one connection may be held in all, however many requests it carries; then it is closed. */
  maxConnectionAgeMs: number;
  /** How often Node checks the two timeouts above. */
  checkIntervalMs: number;
}

export const DEFAULT_SERVER_LIMITS: ServerLimits = {
  requestTimeoutMs: 10_000,
  headersTimeoutMs: 5_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 256,
  maxConnectionsPerClient: 32,
  maxConnectionAgeMs: 60_000,
  checkIntervalMs: 1_000,
};

/** The variable that sets `maxConnectionsPerClient` for `node dist/server.js`. */
export const PER_CLIENT_VARIABLE = 'MAX_CONNECTIONS_PER_CLIENT';

/** The default limits, with MAX_CONNECTIONS_PER_CLIENT if set: a whole number from 1 to the cap, or `reject` is called. */
export function serverLimitsFrom(env: NodeJS.ProcessEnv, reject: (message: string) => never): ServerLimits {
  const value = env[PER_CLIENT_VARIABLE];
  if (value === undefined || value === '') return DEFAULT_SERVER_LIMITS;
  const { maxConnections } = DEFAULT_SERVER_LIMITS;
  const perClient = Number(value);
  if (!/^\d+$/.test(value) || perClient < 1 || perClient > maxConnections) {
    reject(`${PER_CLIENT_VARIABLE} must be a whole number from 1 to ${maxConnections}, not "${value}"`);
  }
  return { ...DEFAULT_SERVER_LIMITS, maxConnectionsPerClient: perClient };
}

/** How often, at most, the log says that connections over a client's share were closed. */
const OVER_SHARE_NOTICE_MS = 60_000;

/**
 * The app in an HTTP server whose timeouts and connection caps keep slow or stalled clients from piling up, and any
 * one client from holding every connection. Limits not given are the defaults.
 */
export function createAlexaServer(app: Express, given: Partial<ServerLimits> = {}): Server {
  const limits: ServerLimits = { ...DEFAULT_SERVER_LIMITS, ...given };
  const server = createServer(
    {
      requestTimeout: limits.requestTimeoutMs,
      headersTimeout: limits.headersTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: limits.checkIntervalMs,
    },
    app,
  );
  server.maxConnections = limits.maxConnections;
  // At most one log line a minute, counting the connections closed: no address, nothing a client sent.
  let overShare = 0;
  let noticeDue = 0;
  limitConnections(server, limits, () => {
    overShare += 1;
    if (Date.now() < noticeDue) return;
    noticeDue = Date.now() + OVER_SHARE_NOTICE_MS;
    logServerNotice({
      message: 'connections over a client share closed',
      count: overShare,
      maxConnectionsPerClient: limits.maxConnectionsPerClient,
    });
    overShare = 0;
  });
  return server;
}
