import { ExpressAdapter, type Verifier } from 'ask-sdk-express-adapter';
import type { RequestEnvelope } from 'ask-sdk-model';
import { STATUS_CODES } from 'node:http';
import express, { type ErrorRequestHandler, type Express } from 'express';
import { describeRequest, logRequest } from '../skill/log';
import { buildSkill, skill as projectSkill } from '../skill/skill';
import { alexaVerifiers, EnvelopeVerifier } from './verify';

export const INSECURE_WARNING =
  'WARNING: request signature and timestamp verification is OFF (--insecure-skip-verification). ' +
  'Anyone who can reach this server can make the skill answer them. Use this only for local testing, never on a public endpoint.';

export interface AppOptions {
  /**
   * Only requests for this skill are answered; any other gets 400. Default: the project's skill as built at
   * load, with `SKILL_ID` from the environment (no check when it is unset).
   */
  skillId?: string;
  /** Turns the signature and timestamp checks off, and says so on stderr. Never on a public endpoint. */
  insecureSkipVerification?: boolean;
  /** The signature and timestamp checks; default `alexaVerifiers()`. Tests pass ones with their own CA. */
  verifiers?: readonly Verifier[];
  /** Where the warning goes when the checks are off; default stderr. */
  warn?: (message: string) => void;
}

/** What the log may say of a refused request: its id, locale, type and intent, when the body is an envelope. */
function describeBody(body: unknown) {
  try {
    const envelope: unknown = typeof body === 'string' ? JSON.parse(body) : undefined;
    if (typeof envelope === 'object' && envelope !== null) return describeRequest(envelope as RequestEnvelope);
  } catch {
    // not JSON
  }
  return { requestId: 'unknown', locale: 'unknown', requestType: 'unknown' };
}

/**
 * One verifier that runs the checks in order and logs why a request was refused. The adapter answers any
 * verifier's error with 400 and never invokes the skill; the message it sends is ours, not the request's.
 */
function inOrder(verifiers: readonly Verifier[]): Verifier {
  return {
    async verify(body, headers) {
      try {
        for (const verifier of verifiers) await verifier.verify(body, headers);
      } catch (error: unknown) {
        const reason = error instanceof Error ? error.message : 'verification failed';
        logRequest({ ...describeBody(body), error: `Refused: ${reason}` });
        throw new Error(reason);
      }
    },
  };
}

/** Body-parser errors (too large, bad charset) keep their 4xx status, without express's HTML stack page. */
const plainErrors: ErrorRequestHandler = (error: { status?: unknown }, _req, res, _next) => {
  const status = typeof error.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
  res.status(status).type('text/plain').send(STATUS_CODES[status] ?? 'Error');
};

/**
 * The skill as an HTTPS endpoint (TLS terminated in front of it): POST / for Alexa, GET /health for load
 * balancers. Stateless: a conversation's state travels in the Alexa session attributes; all this keeps between
 * requests is Amazon's signing certificate. Does not listen: see main.ts.
 */
export function createApp(options: AppOptions = {}): Express {
  const { insecureSkipVerification = false, warn = (message: string) => console.error(message) } = options;
  if (insecureSkipVerification && options.verifiers) throw new Error('verifiers given, but verification is turned off');
  const skillId = options.skillId ?? process.env.SKILL_ID;
  const skill = options.skillId === undefined ? projectSkill : buildSkill(options.skillId);
  const checks = [new EnvelopeVerifier(skillId || undefined), ...(insecureSkipVerification ? [] : (options.verifiers ?? alexaVerifiers()))];
  if (insecureSkipVerification) warn(INSECURE_WARNING);

  // The adapter's own checks stay off (false, false): its timestamp check takes any future date and its
  // signature check cannot be given a certificate; ours run in their place, through its verifier hook.
  const adapter = new ExpressAdapter(skill, false, false, [inOrder(checks)]);

  const app = express();
  app.disable('x-powered-by');
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.post('/', adapter.getRequestHandlers());
  app.use(plainErrors);
  return app;
}
