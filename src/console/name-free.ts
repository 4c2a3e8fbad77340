import { readFileSync } from 'node:fs';
import type { canfulfill } from 'ask-sdk-model';
import * as z from 'zod/mini';
import type { Conversation, Handler, Reply } from './conversation';
import { canFulfillIntentRequest } from './envelopes';
import { modelPath, normalise, type Match, type Recogniser } from './matcher';

/**
 * The `_nameFreeInteraction` container of an interaction model, as Amazon's NFI toolkit pages describe it (the
 * published SMAPI schema has no definition for it): ingress points of type LAUNCH (no name: opens the skill) or
 * INTENT (the name of one of the model's intents), each with sample utterances in the RAW_TEXT format.
 */
export const nameFreeSchema = z.strictObject({
  ingressPoints: z.array(
    z.strictObject({
      type: z.enum(['LAUNCH', 'INTENT']),
      name: z.optional(z.string()),
      sampleUtterances: z.array(z.strictObject({ format: z.literal('RAW_TEXT'), value: z.string() })),
    }),
  ),
});

export type NameFreeInteraction = z.infer<typeof nameFreeSchema>;

/** The locale's name-free ingress points; none for a model without the container (de-DE: name-free is English-only). */
export function loadNameFree(locale: string): NameFreeInteraction {
  const raw = JSON.parse(readFileSync(modelPath(locale), 'utf8')) as { interactionModel?: { _nameFreeInteraction?: unknown } };
  const container = raw.interactionModel?._nameFreeInteraction;
  return container === undefined ? { ingressPoints: [] } : z.parse(nameFreeSchema, container);
}

/** What happened to a line said to Alexa without the skill's name. */
export interface NameFreeTurn {
  /** What the console explains: the route taken, the can-fulfill answer. */
  notes: string[];
  /** The skill's reply, when Alexa would route the request to it. */
  reply?: Reply;
}

function describeAnswer(match: Match, answer: canfulfill.CanFulfillIntent | undefined): string {
  const said = Object.entries(match.slots).map(([name, { value }]) => `${name}: "${value}"`);
  const slots = Object.entries(answer?.slots ?? {}).map(
    ([name, slot]) => `${name} understood ${slot.canUnderstand}, fulfilled ${slot.canFulfill ?? '-'}`,
  );
  return `[CanFulfillIntentRequest ${match.intent}${said.length > 0 ? ` {${said.join(', ')}}` : ''}: ${answer?.canFulfill ?? 'no answer'}${
    slots.length > 0 ? `; ${slots.join('; ')}` : ''
  }]`;
}

/**
 * "Alexa, why does my leg hurt when I lie down?", no skill named. A skill launch phrase of the model opens the skill
 * (a LaunchRequest); anything else is recognised with the model's samples, and the skill is asked first, with a
 * CanFulfillIntentRequest, whether it can take that intent and its slots. Only on YES does the console go on as
 * Alexa would: the IntentRequest, in a new session. On MAYBE or NO it says so: Alexa would look for a skill that
 * answers YES, and this console does not route the request here.
 */
export function createNameFree(
  locale: string,
  handler: Handler,
  recogniser: Recogniser,
  conversation: Conversation,
  nameFree: NameFreeInteraction = loadNameFree(locale),
) {
  const launchPhrases = new Set(
    nameFree.ingressPoints.filter((p) => p.type === 'LAUNCH').flatMap((p) => p.sampleUtterances.map((u) => normalise(u.value))),
  );

  async function hear(line: string): Promise<NameFreeTurn> {
    const said = normalise(line).replace(/^alexa /, '');
    if (launchPhrases.has(said)) {
      await conversation.end();
      return { notes: [`[skill launch phrase: Alexa opens ${recogniser.invocationName}]`], reply: await conversation.launch() };
    }
    const match = await recogniser.match(said);
    const response = await handler(canFulfillIntentRequest(locale, match.intent, match.slots));
    const answer = response.response.canFulfillIntent;
    const notes = [describeAnswer(match, answer)];
    if (answer?.canFulfill !== 'YES') {
      notes.push(`(Alexa would not route this to ${recogniser.invocationName}: it answered ${answer?.canFulfill ?? 'nothing'})`);
      return { notes };
    }
    await conversation.end();
    return { notes, reply: await conversation.sendIntent(match.intent, match.slots) };
  }

  return { hear, launchPhrases: [...launchPhrases] };
}

export type NameFree = ReturnType<typeof createNameFree>;
