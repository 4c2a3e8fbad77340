import type { RequestEnvelope, SessionEndedRequest } from 'ask-sdk-model';
import { scrubMessage } from './error-report';
import { Intent } from './intents';
import { sinkFor, type LogSink } from './log-sink';

/** Yes, no and "not sure" are the person's health answers: the log says only that an answer came. */
const ANSWER_INTENTS: ReadonlySet<string> = new Set([Intent.yes, Intent.no, Intent.unsure, Intent.partly]);
const ANSWER = 'Answer';
/** The skill's own intents by name; any other is logged as this, whatever a forged request calls it. */
const KNOWN_INTENTS: ReadonlySet<string> = new Set(Object.values(Intent));
const OTHER = 'Other';
/** Alexa's ids and locales are far shorter: a longer one is forged, and is cut. */
const MAX_REQUEST_ID = 100;
const MAX_LOCALE = 16;
const MAX_REQUEST_TYPE = 64;
const capped = (value: unknown, max: number) => (typeof value === 'string' ? value.slice(0, max) : 'unknown');

/**
 * One JSON line per request. It carries what operations need (request id, locale, intent, outcome level,
 * latency) and never what the person answered, the causes named, or any slot value. `level` is the log
 * severity, as Lambda's JSON log format and CloudWatch read it; the triage outcome has its own field.
 */
export interface RequestLog {
  requestId: string;
  locale: string;
  requestType: string;
  intent?: string;
  /** The triage outcome's urgency level, once there is one. */
  outcome?: string;
  /** A follow-up reminder offered, asked for or its result: never its text or date. */
  reminder?: string;
  latencyMs?: number;
  /** Why Alexa ended the session (SessionEndedRequest): USER_INITIATED, ERROR or EXCEEDED_MAX_REPROMPTS. */
  endReason?: string;
  /** The error's kind; its message with every quoted text and request string hidden; its source file and line. */
  error?: string;
  errorMessage?: string;
  errorAt?: string;
}

/** The request attribute where a handler leaves what became of a reminder, for the log line. */
export const REMINDER_LOG = 'reminder';
/** The request attribute where the adapter leaves the urgency level of an outcome it delivers, for the log line. */
export const OUTCOME_LOG = 'outcome';

let sink: LogSink = sinkFor(process.env);

/** Tests and the local console redirect the log here. */
export function setLogSink(next: LogSink): void {
  sink = next;
}

export function logRequest(entry: RequestLog): void {
  sink(JSON.stringify({ level: entry.error ? 'error' : 'info', ...entry }));
}

/** A metric line: counts only, no request id (src/skill/metrics.ts). */
export function logMetrics(line: string): void {
  sink(line, 'metrics');
}

/** A request the self-hosted endpoint refused: only the reason's code, never anything the request held. */
export function logRefusal(reason: string): void {
  sink(JSON.stringify({ level: 'error', message: 'refused', reason }));
}

/** A request the self-hosted endpoint answered 500: only the error's kind (RangeError, …), never its message. */
export function logFailure(kind: string): void {
  sink(JSON.stringify({ level: 'error', message: 'failed', error: kind }));
}

/** Something the self-hosted endpoint did to a connection, with counts and settings only: never an address. */
export function logServerNotice(entry: { message: string } & Record<string, number | string>): void {
  sink(JSON.stringify({ level: 'warn', ...entry }));
}

type RequestDescription = Pick<RequestLog, 'requestId' | 'locale' | 'requestType' | 'intent' | 'endReason' | 'error' | 'errorMessage'>;

/** `hidden`: further words an error message must not carry into the log (the rules' names), asked for only when needed. */
export function describeRequest(envelope: RequestEnvelope, hidden: () => readonly string[]): RequestDescription {
  const request = envelope.request;
  const intent = request?.type === 'IntentRequest' ? request.intent?.name : undefined;
  return {
    requestId: capped(request?.requestId, MAX_REQUEST_ID),
    locale: capped(request?.locale, MAX_LOCALE),
    requestType: capped(request?.type, MAX_REQUEST_TYPE),
    ...(typeof intent === 'string' ? { intent: ANSWER_INTENTS.has(intent) ? ANSWER : KNOWN_INTENTS.has(intent) ? intent : OTHER } : {}),
    ...(request?.type === 'SessionEndedRequest' ? describeSessionEnd(request, envelope, hidden) : {}),
  };
}

/** Alexa's reason for ending the session, and its error when there was one (an SSML or directive the device refused). */
function describeSessionEnd(
  request: SessionEndedRequest,
  envelope: RequestEnvelope,
  hidden: () => readonly string[],
): Pick<RequestLog, 'endReason' | 'error' | 'errorMessage'> {
  const { reason, error } = request;
  const message = typeof error?.message === 'string' ? scrubMessage(error.message, [envelope, hidden()]) : '';
  return {
    ...(typeof reason === 'string' ? { endReason: reason } : {}),
    ...(typeof error?.type === 'string' ? { error: error.type } : {}),
    ...(message ? { errorMessage: message } : {}),
  };
}
