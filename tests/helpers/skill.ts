import type { RequestEnvelope, ResponseEnvelope } from 'ask-sdk-model';
import { handler as sourceHandler } from '../../lambda/index';
import { createConversation, type Reply } from '../../src/console/conversation';
import type { Device } from '../../src/console/envelopes';
import { createRecogniser, loadModel } from '../../src/console/matcher';
import { SUPPORTED_LOCALES } from '../../src/i18n';
import { engine, MAX_DESCRIPTIONS, rules, type Answer, type Reply as RuleReply } from '../../src/rules';
import { Intent, Slot } from '../../src/skill/intents';
import { setLogSink } from '../../src/skill/log';

type Handler = (event: RequestEnvelope) => Promise<ResponseEnvelope>;

/**
 * The handler under test: the TypeScript source, or with SKILL_HANDLER=bundle the built lambda/dist/index.js,
 * which is how the conversation tests run on Lambda's Node.js versions (scripts/test-runtimes.ts).
 */
export const handler: Handler =
  process.env.SKILL_HANDLER === 'bundle' ? (require('../../lambda/dist/index.js') as { handler: Handler }).handler : sourceHandler;

/** Log lines the skill wrote during the tests; nothing reaches the console. */
export const logLines: string[] = [];
/** The metric lines (CloudWatch EMF, src/skill/metrics.ts) it wrote beside them. */
export const metricLines: string[] = [];
setLogSink((line, kind) => (kind === 'metrics' ? metricLines : logLines).push(line));

export const YES = Intent.yes;
export const NO = Intent.no;
export const UNSURE = Intent.unsure;
export const PARTLY = Intent.partly;

export type Given = Answer | 'partly';
export const answerIntent: Record<Given, string> = { yes: YES, no: NO, unsure: UNSURE, partly: PARTLY };

/** The open question's id among the steps an interview asks. */
export const DESCRIBE = 'describe';

/** A conversation with the real Lambda handler; session attributes go from each response into the next request. */
export function talk(locale = 'en-US', device: Device = 'speaker') {
  // A locale without an interaction model (en-AU, fr-FR) is recognised with the US English one.
  const model = loadModel((SUPPORTED_LOCALES as readonly string[]).includes(locale) ? locale : 'en-US');
  return createConversation(locale, (event: RequestEnvelope) => handler(event), createRecogniser(locale, model), device);
}

export type Talk = ReturnType<typeof talk>;

/** The step the skill is waiting on, read back from the session attributes it returned: a question id or 'describe'. */
export function pendingQuestion(reply: Reply): string | undefined {
  const attributes = reply.response.sessionAttributes as { stage?: string; replies?: RuleReply[] } | undefined;
  if (attributes?.stage !== 'interview' || !attributes.replies) return undefined;
  const step = engine.next(attributes.replies);
  return step.kind === 'question' ? step.question.id : step.kind === 'describe' ? DESCRIBE : undefined;
}

/** What the listener says to the open question: a PainFeel slot value id, as Alexa resolves it. */
export function describing(feel: string) {
  return [Intent.describePain, { [Slot.feel]: { value: feel, id: feel } }] as const;
}

/** More steps than any interview can take (every question twice, for a clarifying question, and every description): past it, something is wrong. */
const MAX_STEPS = 2 * rules.questions.length + MAX_DESCRIPTIONS + 1;

/**
 * From `first`, answers each step the skill waits on (a question id or 'describe') with `answer`, until it waits
 * on none, or on `stopAt`. Bounded: an interview that does not end, or never reaches `stopAt`, fails at once with
 * the steps asked, instead of running into the test timeout.
 */
export async function answerSteps(first: Reply, answer: (step: string) => Promise<Reply>, stopAt?: string) {
  const replies: Reply[] = [first];
  const asked: string[] = [];
  for (let step = pendingQuestion(first); step !== undefined && step !== stopAt; step = pendingQuestion(replies.at(-1)!)) {
    if (asked.length >= MAX_STEPS) throw new Error(`The interview does not end: ${asked.join(', ')}`);
    asked.push(step);
    replies.push(await answer(step));
  }
  if (stopAt !== undefined && pendingQuestion(replies.at(-1)!) !== stopAt)
    throw new Error(`The skill never asked ${stopAt}: ${asked.join(', ')}`);
  return { replies, asked, last: replies.at(-1)! };
}

/**
 * Launches, then answers each question the skill asks: `answers[questionId]`, or "no"; at the open question it
 * describes the pain as `feel` (a PainFeel id), or says "I don't know" when there is none.
 * Returns every reply and the steps asked, in order.
 */
export async function interview(answers: Partial<Record<string, Given>>, locale = 'en-US', feel?: string) {
  const conversation = talk(locale);
  const run = await answerSteps(await conversation.launch(), (step) =>
    step === DESCRIBE
      ? feel
        ? conversation.sendIntent(...describing(feel))
        : conversation.sendIntent(UNSURE)
      : conversation.sendIntent(answerIntent[answers[step] ?? 'no']),
  );
  return { conversation, ...run };
}

/**
 * The outcome the session is at, as the skill works it out from the replies it keeps (it does not send the outcome
 * itself back to Amazon); undefined mid-interview or once the session has ended.
 */
export function outcomeOf(reply: Reply): { level: string; causes: string[] } | undefined {
  const state = reply.response.sessionAttributes as { stage?: string; replies?: RuleReply[] } | undefined;
  if (state?.stage !== 'outcome' || !state.replies) return undefined;
  const step = engine.next(state.replies);
  return step.kind === 'outcome' ? { level: step.outcome.level, causes: [...step.outcome.causes] } : undefined;
}
