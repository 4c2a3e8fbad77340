import type { RequestEnvelope, ResponseEnvelope } from 'ask-sdk-model';
import { handler as sourceHandler } from '../../lambda/index';
import { createConversation, type Reply } from '../../src/console/conversation';
import { createRecogniser, loadModel } from '../../src/console/matcher';
import { SUPPORTED_LOCALES } from '../../src/i18n';
import { engine, type Answer, type AnsweredQuestion } from '../../src/rules';
import { setLogSink } from '../../src/skill/log';

type Handler = (event: RequestEnvelope) => Promise<ResponseEnvelope>;

/**
 * The handler under test: the TypeScript source, or with SKILL_HANDLER=bundle the built lambda/dist/index.js,
 * which is how the conversation tests run on Lambda's Node.js versions (scripts/test-runtimes.ts).
 */
export const handler: Handler =
  process.env.SKILL_HANDLER === 'bundle'
    ? (require('../../lambda/dist/index.js') as { handler: Handler }).handler
    : sourceHandler;

/** Log lines the skill wrote during the tests; nothing reaches the console. */
export const logLines: string[] = [];
setLogSink((line) => logLines.push(line));

export const YES = 'AMAZON.YesIntent';
export const NO = 'AMAZON.NoIntent';
export const UNSURE = 'UnsureIntent';

export const answerIntent: Record<Answer, string> = { yes: YES, no: NO, unsure: UNSURE };

/** A conversation with the real Lambda handler; session attributes go from each response into the next request. */
export function talk(locale = 'en-US') {
  // A locale without an interaction model (en-AU, fr-FR) is recognised with the US English one.
  const model = loadModel((SUPPORTED_LOCALES as readonly string[]).includes(locale) ? locale : 'en-US');
  return createConversation(locale, (event: RequestEnvelope) => handler(event), createRecogniser(locale, model));
}

export type Talk = ReturnType<typeof talk>;

/** The question the skill is waiting on, read back from the session attributes it returned. */
export function pendingQuestion(reply: Reply): string | undefined {
  const attributes = reply.response.sessionAttributes as { stage?: string; answers?: AnsweredQuestion[] } | undefined;
  if (attributes?.stage !== 'interview' || !attributes.answers) return undefined;
  const step = engine.next(attributes.answers);
  return step.kind === 'question' ? step.question.id : undefined;
}

/**
 * Launches, then answers each question the skill asks: `answers[questionId]`, or "no".
 * Returns every reply and the ids of the questions asked, in order.
 */
export async function interview(answers: Partial<Record<string, Answer>>, locale = 'en-US') {
  const conversation = talk(locale);
  const replies: Reply[] = [await conversation.launch()];
  const asked: string[] = [];
  for (let question = pendingQuestion(replies[0]!); question; question = pendingQuestion(replies.at(-1)!)) {
    asked.push(question);
    replies.push(await conversation.sendIntent(answerIntent[answers[question] ?? 'no']));
  }
  return { conversation, replies, asked, last: replies.at(-1)! };
}

export function outcomeOf(reply: Reply): { level: string; causes: string[] } | undefined {
  return (reply.response.sessionAttributes as { outcome?: { level: string; causes: string[] } } | undefined)?.outcome;
}
