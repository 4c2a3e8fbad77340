import type { RequestEnvelope } from 'ask-sdk-model';
import { createServer, STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Socket } from 'node:net';
import express, { type ErrorRequestHandler, type Express, type Request, type Response } from 'express';
import { logRefusal } from '../skill/log';
import { buildSkill, skill as projectSkill } from '../skill/skill';
import { Refusal, type RefusalReason } from './refusal';
import { alexaVerifiers, readEnvelope, type RequestVerifier } from './verify';

export const INSECURE_WARNING =
  'WARNING: request signature and timestamp verification is OFF (--insecure-skip-verification). ' +
  'Anyone who can reach this server can make the skill answer them. Use this only for local testing, never on a public endpoint.';

/** Alexa's requests are a few KB; anything past this is refused before it is read. */
const MAX_BODY = '100kb';

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

/** Body-parser errors (too large, compressed, bad charset) keep their 4xx status, as plain text; nothing is echoed. */
const plainErrors: ErrorRequestHandler = (error: { status?: unknown }, _req, res, _next) => {
  const status = typeof error.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
  res
    .status(status)
    .type('text/plain')
    .send(STATUS_CODES[status] ?? 'Error');
};

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
  app.post('/', express.raw({ type: () => true, limit: MAX_BODY, inflate: false }), (req: Request, res: Response) => {
    void answer(req, res);
  });
  app.use(plainErrors);

  async function answer(req: Request, res: Response): Promise<void> {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    let envelope;
    try {
      envelope = readEnvelope(raw, skillId);
      for (const verifier of verifiers) await verifier.verify({ raw, envelope, headers: req.headers });
    } catch (error: unknown) {
      badRequest(res, error instanceof Refusal ? error.reason : 'not-envelope');
      return;
    }
    try {
      res.json(await skill.invoke(envelope as unknown as RequestEnvelope));
    } catch {
      res.status(500).type('text/plain').send(STATUS_CODES[500]);
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
  /** How often Node checks the two timeouts above. */
  checkIntervalMs: number;
}

export const DEFAULT_SERVER_LIMITS: ServerLimits = {
  requestTimeoutMs: 10_000,
  headersTimeoutMs: 5_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 256,
  checkIntervalMs: 1_000,
};

/** The app in an HTTP server whose timeouts and connection cap keep slow or stalled clients from piling up. */
export function createAlexaServer(app: Express, limits: ServerLimits = DEFAULT_SERVER_LIMITS): Server {
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
  // A connection that never sends a byte never starts a request, so neither timeout above reaches it (nor, with
  // those options, does a socket idle timeout): one that has begun no request by the headers deadline is closed.
  const started = new WeakSet<Socket>();
  server.on('request', (req: IncomingMessage) => started.add(req.socket));
  server.on('connection', (socket: Socket) => {
    setTimeout(() => {
      if (!started.has(socket)) socket.destroy();
    }, limits.headersTimeoutMs).unref();
  });
  return server;
}
