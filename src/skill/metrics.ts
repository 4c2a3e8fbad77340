import type { RequestEnvelope, Response } from 'ask-sdk-model';
import type { DialogEvent, Turn } from '../dialog/conversation';
import { loadState, type LoadedState } from '../dialog/state';
import { isSupportedLocale } from '../i18n/locales';
import { LEVELS, rules, type Level } from '../rules';
import { RENDER_DOCUMENT, USER_EVENT } from '../screen/directive';
import { logMetrics } from './log';

/**
 * The operator's counts, written as CloudWatch embedded metric format (EMF) lines: one JSON line per request that
 * CloudWatch Logs turns into metrics, with nothing else on it. Counts only, in closed vocabularies: a supported
 * locale (else `other`), an urgency level, a step of the interview, a can-fulfill answer, what became of a reminder,
 * an error's kind. Never a request, session, user or device id, an answer, a slot value or a cause.
 *
 * A question id is the one thing here the request log never holds (the path of questions tells answers: a follow-up
 * is asked only after a yes). It appears only as the `question` dimension of Fallbacks and DropOffs, rare events,
 * on a line that carries no request id; docs/operations.md says what that still tells.
 *
 * Written directly rather than with aws-embedded-metrics: the few lines below, no asynchronous flush, no
 * environment probing, and none of the properties the library adds on Lambda (its log stream, an X-Ray trace id)
 * that would tie a line to a request. tests/metrics.test.ts holds every line to the format's specification.
 */
export const METRICS_NAMESPACE = 'LegPainGuide';

export const DIMENSIONS = ['locale', 'question', 'level', 'canFulfill', 'reminder', 'kind'] as const;
export type DimensionName = (typeof DIMENSIONS)[number];
type Unit = 'Count' | 'Milliseconds';

const byLocale = { unit: 'Count', dimensions: [['locale']] } as const;

/** Every metric the skill emits: its unit and dimension sets, as CloudWatch stores it; the dashboard reads these. */
export const METRICS = {
  /** Every request answered, and how long the handler took: the error rate's denominator, p99 latency. */
  Requests: { unit: 'Count', dimensions: [[]] },
  Latency: { unit: 'Milliseconds', dimensions: [[]] },
  /** By kind (a JavaScript error's name, Alexa's error type), and all together for the alarm. */
  Errors: { unit: 'Count', dimensions: [['kind'], []] },
  SessionsStarted: byLocale,
  /** An outcome reached (not said again), by urgency level. */
  Outcomes: { unit: 'Count', dimensions: [['locale', 'level']] },
  /** The emergency message given anew: an emergency outcome reached, or a call for help. */
  Emergencies: byLocale,
  /** Not understood, by the step the listener was at. */
  Fallbacks: { unit: 'Count', dimensions: [['locale', 'question']] },
  /** The session ended, by the listener or Alexa, at an interview step, before an outcome. */
  DropOffs: { unit: 'Count', dimensions: [['locale', 'question']] },
  Help: byLocale,
  Repeat: byLocale,
  GoBack: byLocale,
  StartOver: byLocale,
  /** Responses that carried the screen, and touches on it. */
  ScreenTurns: byLocale,
  Touches: byLocale,
  /** Alexa asking, before a request said without the skill's name, whether the skill can take it. */
  NameFreeRequests: { unit: 'Count', dimensions: [['locale', 'canFulfill']] },
  /** The follow-up reminder: offered, asked (consent), set, denied, card, noPermission, limit, failed. */
  Reminders: { unit: 'Count', dimensions: [['locale', 'reminder']] },
} as const satisfies Record<string, { unit: Unit; dimensions: readonly (readonly DimensionName[])[] }>;

export type MetricName = keyof typeof METRICS;

/** Where the listener was, for Fallbacks and DropOffs: a question id, or one of these. */
export const STEPS = {
  /** The open question, "what does the pain feel like?". */
  describe: 'describe',
  /** After an outcome, its layers on offer. */
  outcome: 'outcome',
  /** At the emergency message. */
  emergency: 'emergency',
  /** No interview yet (or a state the skill could not read). */
  start: 'start',
} as const;

export const REPAIRS = { help: 'Help', repeat: 'Repeat', back: 'GoBack', startOver: 'StartOver' } as const satisfies Partial<
  Record<DialogEvent['type'], MetricName>
>;
export const CAN_FULFILL_ANSWERS = ['YES', 'MAYBE', 'NO'] as const;
export const REMINDER_RESULTS = ['offered', 'asked', 'set', 'denied', 'card', 'noPermission', 'limit', 'failed'] as const;
export const ERROR_KINDS = [
  'Error',
  'TypeError',
  'RangeError',
  'ReferenceError',
  'SyntaxError',
  'URIError',
  'EvalError',
  'AggregateError',
  /** ask-sdk-core's own (no handler for a request, …). */
  'AskSdkError',
  /** What Alexa reports in a SessionEndedRequest. */
  'INVALID_RESPONSE',
  'DEVICE_COMMUNICATION_ERROR',
  'INTERNAL_SERVICE_ERROR',
  'ENDPOINT_TIMEOUT',
  'Other',
] as const;
/** A dimension value outside its vocabulary (a locale the skill does not speak, a forged value). */
export const OTHER = 'other';

/** What one request did that the operator counts. */
export interface Counts {
  sessionStarted?: boolean;
  outcome?: Level;
  emergency?: boolean;
  fallback?: string;
  dropOff?: string;
  repair?: (typeof REPAIRS)[keyof typeof REPAIRS];
  screen?: boolean;
  touch?: boolean;
  canFulfill?: string;
  reminder?: string;
  /** The error's kind as the request log has it; counted as one of ERROR_KINDS. */
  error?: string;
  latencyMs?: number;
}

/** The step a loaded state waits on: a question id, the open question, the outcome, the emergency, or none. */
function stepOf(loaded: LoadedState): string {
  switch (loaded.kind) {
    case 'interview':
      return loaded.pending.kind === 'describe' ? STEPS.describe : loaded.pending.question.id;
    case 'outcome':
      return STEPS.outcome;
    case 'emergency':
    case 'help':
      return STEPS.emergency;
    default:
      return STEPS.start;
  }
}

/** The urgency level of an outcome the turn tells for the first time: not one said again, after it was reached. */
function reachedLevel(loaded: LoadedState, turn: Turn): Level | undefined {
  if (loaded.kind === 'outcome' || loaded.kind === 'emergency') return undefined;
  for (const act of turn.acts) {
    if (act.type === 'outcome' || (act.type === 'emergency' && act.outcome)) return act.outcome?.level;
  }
  return undefined;
}

/** What a dialog turn counts: where the listener was (`loaded`), what they did, what the skill answered. */
export function countTurn(loaded: LoadedState, event: DialogEvent, turn: Turn): Counts {
  const counts: Counts = {};
  const level = reachedLevel(loaded, turn);
  if (level) counts.outcome = level;
  const helpAsked = event.type === 'emergencyHelp' && loaded.kind !== 'emergency' && loaded.kind !== 'help';
  if (level === 'emergency' || helpAsked) counts.emergency = true;
  if (event.type === 'fallback') counts.fallback = stepOf(loaded);
  if (Object.hasOwn(REPAIRS, event.type)) counts.repair = REPAIRS[event.type as keyof typeof REPAIRS];
  // Stop, cancel, "thanks" or "done" in the middle of the interview: the session ends before an outcome.
  if (turn.end && !level && loaded.kind === 'interview') counts.dropOff = stepOf(loaded);
  return counts;
}

/** A session Alexa ended (the listener said "exit", fell silent, or an error) while a question was pending. */
export function countSessionEnd(attributes: unknown): Counts {
  const loaded = loadState(attributes);
  return loaded.kind === 'interview' ? { dropOff: stepOf(loaded) } : {};
}

/** What the request and its response count by themselves: a new session, a touch, the screen, a can-fulfill answer. */
export function countExchange(envelope: RequestEnvelope, response: Response | undefined): Counts {
  const type = envelope.request?.type;
  const counts: Counts = {};
  if (envelope.session?.new === true && (type === 'LaunchRequest' || type === 'IntentRequest' || type === USER_EVENT)) {
    counts.sessionStarted = true;
  }
  if (type === USER_EVENT) counts.touch = true;
  if (response?.directives?.some((directive) => directive.type === RENDER_DOCUMENT)) counts.screen = true;
  const canFulfill = response?.canFulfillIntent?.canFulfill;
  if (typeof canFulfill === 'string') counts.canFulfill = canFulfill;
  return counts;
}

const inVocabulary = (vocabulary: readonly string[], value: string | undefined) =>
  value !== undefined && vocabulary.includes(value) ? value : OTHER;

const isStep = (step: string) => Object.hasOwn(STEPS, step) || rules.questionById.has(step);

/** An error's kind, as a dimension value: one of ERROR_KINDS. */
export function errorKind(name: string): (typeof ERROR_KINDS)[number] {
  if (name.startsWith('AskSdk')) return 'AskSdkError';
  return (ERROR_KINDS as readonly string[]).includes(name) ? (name as (typeof ERROR_KINDS)[number]) : 'Other';
}

interface Measured {
  values: [MetricName, number][];
  dimensions: Record<string, string>;
}

const localeOf = (locale: unknown) => (typeof locale === 'string' && isSupportedLocale(locale) ? locale : OTHER);

/** The metric values and dimension values a request's counts make, but a step. Every request counts in Requests. */
function measure(locale: unknown, counts: Counts): Measured {
  const values: [MetricName, number][] = [['Requests', 1]];
  const dimensions: Record<string, string> = { locale: localeOf(locale) };
  if (counts.latencyMs !== undefined && Number.isFinite(counts.latencyMs)) values.push(['Latency', counts.latencyMs]);
  if (counts.error !== undefined) {
    values.push(['Errors', 1]);
    dimensions.kind = errorKind(counts.error);
  }
  if (counts.sessionStarted) values.push(['SessionsStarted', 1]);
  if (counts.outcome !== undefined) {
    values.push(['Outcomes', 1]);
    dimensions.level = inVocabulary(LEVELS, counts.outcome);
  }
  if (counts.emergency) values.push(['Emergencies', 1]);
  if (counts.repair) values.push([counts.repair, 1]);
  if (counts.screen) values.push(['ScreenTurns', 1]);
  if (counts.touch) values.push(['Touches', 1]);
  if (counts.canFulfill !== undefined) {
    values.push(['NameFreeRequests', 1]);
    dimensions.canFulfill = inVocabulary(CAN_FULFILL_ANSWERS, counts.canFulfill);
  }
  if (counts.reminder !== undefined) {
    values.push(['Reminders', 1]);
    dimensions.reminder = inVocabulary(REMINDER_RESULTS, counts.reminder);
  }
  return { values, dimensions };
}

interface Directive {
  Namespace: string;
  Dimensions: readonly (readonly string[])[];
  Metrics: { Name: MetricName; Unit: Unit }[];
}

/**
 * A fallback or a drop-off, on a line of its own: the locale, the step and the count, and nothing else the request's
 * other lines hold (its latency would match its log line's to the microsecond).
 */
function measureStep(locale: unknown, counts: Counts): Measured | undefined {
  // One of the two at most: a turn that does not understand the listener does not end the session.
  const step = counts.dropOff ?? counts.fallback;
  if (step === undefined) return undefined;
  return {
    values: [[counts.dropOff !== undefined ? 'DropOffs' : 'Fallbacks', 1]],
    dimensions: { locale: localeOf(locale), question: isStep(step) ? step : OTHER },
  };
}

/** A request's EMF lines: what it counts, and a fallback or drop-off on a line of its own. */
export function metricLines(locale: unknown, counts: Counts, timestamp = Date.now()): string[] {
  const step = measureStep(locale, counts);
  return [emfLine(measure(locale, counts), timestamp), ...(step ? [emfLine(step, timestamp)] : [])];
}

/** The directives for a set of metrics, and the dimensions they name: few sets occur, each is made once. */
const directivesFor = new Map<string, { json: string; dimensions: DimensionName[] }>();

function directives(names: readonly MetricName[]): { json: string; dimensions: DimensionName[] } {
  const key = names.join(',');
  let made = directivesFor.get(key);
  if (!made) {
    const byDimensions = new Map<string, Directive>();
    const named = new Set<DimensionName>();
    for (const name of names) {
      const { unit, dimensions: sets } = METRICS[name];
      const setsKey = sets.map((set) => set.join(',')).join('|');
      let directive = byDimensions.get(setsKey);
      if (!directive) byDimensions.set(setsKey, (directive = { Namespace: METRICS_NAMESPACE, Dimensions: sets, Metrics: [] }));
      directive.Metrics.push({ Name: name, Unit: unit });
      for (const set of sets) for (const dimension of set) named.add(dimension);
    }
    made = { json: JSON.stringify([...byDimensions.values()]), dimensions: [...named] };
    directivesFor.set(key, made);
  }
  return made;
}

/**
 * One EMF line: the metadata (`_aws`: the time and one directive per set of dimension sets), then the dimension
 * values a directive names, then each metric's value. Nothing else.
 */
function emfLine({ values, dimensions }: Measured, timestamp: number): string {
  const made = directives(values.map(([name]) => name));
  const members: Record<string, string | number> = {};
  for (const dimension of made.dimensions) members[dimension] = dimensions[dimension] ?? OTHER;
  for (const [name, value] of values) members[name] = value;
  // Never empty: every line has a metric (Requests, or the step's own).
  const rest = JSON.stringify(members);
  return `{"_aws":{"Timestamp":${Math.round(timestamp)},"CloudWatchMetrics":${made.json}},${rest.slice(1, -1)}}`;
}

/** Writes a request's metric line; counting never stands in the way of an answer. */
export function emitMetrics(locale: unknown, counts: Counts): void {
  try {
    for (const line of metricLines(locale, counts)) logMetrics(line);
  } catch {
    // A metric lost is better than an answer lost.
  }
}

/** The request attribute where the handlers leave what the dialog counted, for the response interceptor. */
const COUNTS = 'metrics';

export function keepCounts(requestAttributes: Record<string, unknown>, counts: Counts): void {
  requestAttributes[COUNTS] = counts;
}

export function keptCounts(requestAttributes: Record<string, unknown>): Counts {
  const counts = requestAttributes[COUNTS];
  return typeof counts === 'object' && counts !== null ? counts : {};
}
