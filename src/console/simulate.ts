import { loadState, type LoadedState } from '../dialog/state';
import { SUPPORTED_LOCALES } from '../i18n/locales';
import { rules, type Question } from '../rules';
import { Intent, Slot } from '../skill/intents';
import { createConversation, type Conversation, type Handler, type Reply } from './conversation';
import { canFulfillIntentRequest, type SessionEnd } from './envelopes';

/**
 * Simulated people talking to the real handler, for what the operator sees without Alexa (npm run simulate-week)
 * and for the privacy tests: some answer every question, some give up half-way, some are not understood, some ask
 * for help, go back or start over, some use the screen, some ask without the skill's name, some take a reminder.
 * Every request goes through the conversation machinery of the console (src/console/conversation.ts), session
 * attributes carried from each response to the next request as Alexa carries them.
 */

/** A small seeded generator (mulberry32): the same seed gives the same people, the same week. */
export function randomSource(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** How often a listener in each locale comes, roughly: the US and the UK most, every locale some. */
const LOCALE_WEIGHTS: Readonly<Record<string, number>> = { 'en-US': 8, 'en-GB': 4, 'de-DE': 3, 'en-IN': 2, 'ja-JP': 2, 'es-US': 2 };

function pickLocale(random: Random, locales: readonly string[]): string {
  const weights = locales.map((locale) => LOCALE_WEIGHTS[locale] ?? 1);
  let at = random() * weights.reduce((a, b) => a + b, 0);
  for (const [i, locale] of locales.entries()) if ((at -= weights[i]!) < 0) return locale;
  return locales.at(-1)!;
}

/** One person's habits, drawn once per conversation. */
interface Person {
  locale: string;
  screen: boolean;
  /** Asks without the skill's name first (Alexa's can-fulfill question), then in one breath. */
  nameFree: boolean;
  /** "Ask leg pain guide why my calf cramps at night": the pain described in the opening request. */
  oneShot: boolean;
  /** Per turn: the chance of giving up, of not being understood, of asking for help, repeat, back or start over. */
  givesUp: number;
  misheard: number;
  repairs: number;
  /** Already allowed the skill to set reminders in the Alexa app. */
  remindersGranted: boolean;
}

function drawPerson(random: Random, locales: readonly string[]): Person {
  return {
    locale: pickLocale(random, locales),
    screen: random() < 0.25,
    nameFree: random() < 0.06,
    oneShot: random() < 0.12,
    givesUp: random() < 0.3 ? 0.02 + random() * 0.08 : 0.004,
    misheard: random() < 0.35 ? 0.04 + random() * 0.16 : 0.01,
    repairs: random() < 0.3 ? 0.03 + random() * 0.07 : 0.005,
    remindersGranted: random() < 0.3,
  };
}

/** The chance of a yes to a question, by its kind: warning signs are rare, patterns common. */
const YES_BY_KIND: Readonly<Record<Question['kind'], number>> = { redFlag: 0.015, observable: 0.06, fact: 0.12, pattern: 0.3 };
/** What people say at the open question: mostly a description, sometimes "I don't know", sometimes something else. */
const DESCRIPTIONS = rules.descriptionIds.filter((id) => id !== 'unclear');

/** How a session ends when the person walks away or is cut off: silence, "exit", or an error Alexa reports. */
const WALK_AWAY: readonly SessionEnd[] = [
  { reason: 'EXCEEDED_MAX_REPROMPTS' },
  { reason: 'EXCEEDED_MAX_REPROMPTS' },
  { reason: 'USER_INITIATED' },
];
const ALEXA_ERRORS: readonly SessionEnd[] = [
  { reason: 'ERROR', error: { type: 'INVALID_RESPONSE', message: 'The skill response was invalid' } },
  { reason: 'ERROR', error: { type: 'DEVICE_COMMUNICATION_ERROR', message: 'The device could not be reached' } },
];

export interface SimulationOptions {
  conversations: number;
  handler: Handler;
  seed?: number;
  locales?: readonly string[];
  /** Where the reminders API stand-in listens (src/console/alexa-api.ts); without it, reminders fail as unreachable. */
  apiEndpoint?: string;
  /** Sets what the stand-in does with the next reminder: most are created, a few fail. */
  reminderBehaviour?: (behaviour: 'created' | 500) => void;
  /** Told before each conversation starts: the week's clock moves on there. */
  onConversation?: (index: number) => void;
  /** Progress, every so many conversations. */
  onProgress?: (done: number) => void;
}

/** What was done, for a summary: conversations, requests sent. */
export interface SimulationSummary {
  conversations: number;
  requests: number;
}

/** Drives `conversations` simulated conversations through the handler, one after another. */
export async function simulateConversations(options: SimulationOptions): Promise<SimulationSummary> {
  const random = randomSource(options.seed ?? 1);
  const locales = options.locales ?? SUPPORTED_LOCALES;
  let requests = 0;
  const handler: Handler = (envelope) => {
    requests += 1;
    return options.handler(envelope);
  };
  for (let index = 0; index < options.conversations; index += 1) {
    options.onConversation?.(index);
    const person = drawPerson(random, locales);
    // Only intents and touches are sent, as Alexa would send them: no typed words to understand.
    const conversation = createConversation(person.locale, handler, undefined, {
      device: person.screen ? 'screen' : 'speaker',
      ...(options.apiEndpoint ? { apiEndpoint: options.apiEndpoint } : {}),
      remindersGranted: person.remindersGranted,
    });
    await converse(conversation, person, random, handler, options);
    if ((index + 1) % 100 === 0) options.onProgress?.(index + 1);
  }
  return { conversations: options.conversations, requests };
}

/** A slot as Alexa resolves it: the spoken value and, when it matched the model, its id. */
const slot = (value: string, id?: string) => ({ value, ...(id === undefined ? {} : { id }) });

function describing(random: Random): [string, Record<string, { value: string; id?: string }>] {
  const roll = random();
  if (roll < 0.8) {
    const feel = pick(random, DESCRIPTIONS);
    return [Intent.describePain, { [Slot.feel]: slot(feel, feel), ...(random() < 0.3 ? { [Slot.side]: slot('left', 'left') } : {}) }];
  }
  // Something the model has no value for: the skill goes on with its yes/no questions.
  if (roll < 0.9) return [Intent.describePain, { [Slot.feel]: slot('a strange feeling') }];
  return [Intent.unsure, {}];
}

async function converse(conversation: Conversation, person: Person, random: Random, handler: Handler, options: SimulationOptions) {
  if (person.nameFree) {
    const [, slots] = describing(random);
    await handler(canFulfillIntentRequest(person.locale, Intent.describePain, slots));
  }
  let reply = person.oneShot || person.nameFree ? await conversation.sendIntent(...describing(random)) : await conversation.launch();
  for (let turn = 0; turn < 60 && !reply.sessionEnded; turn += 1) {
    const next = await step(conversation, person, random, reply, options);
    if (next === 'ended') return;
    reply = next;
  }
  if (!reply.sessionEnded) await conversation.end({ reason: 'EXCEEDED_MAX_REPROMPTS' });
}

/** One thing the person does, given where the conversation is. */
async function step(
  conversation: Conversation,
  person: Person,
  random: Random,
  reply: Reply,
  options: SimulationOptions,
): Promise<Reply | 'ended'> {
  const loaded = loadState(reply.response.sessionAttributes);
  const roll = random();
  if (roll < person.givesUp) return giveUp(conversation, random);
  if (roll < person.givesUp + person.misheard) return conversation.sendIntent(Intent.fallback);
  if (roll < person.givesUp + person.misheard + person.repairs) {
    const repair = pick(random, [Intent.help, Intent.help, Intent.repeat, Intent.repeat, Intent.previous, Intent.startOver]);
    return person.screen && repair === Intent.previous && random() < 0.5
      ? tapOr(conversation, 'back', repair)
      : conversation.sendIntent(repair);
  }
  if (random() < 0.003) return conversation.sendIntent(Intent.emergency);
  return answer(conversation, person, random, loaded, options);
}

/** Stop, cancel, "thanks", or walking away; now and then Alexa ends the session on an error of its own. */
async function giveUp(conversation: Conversation, random: Random): Promise<'ended'> {
  const roll = random();
  if (roll < 0.3) await conversation.sendIntent(Intent.stop);
  else if (roll < 0.4) await conversation.sendIntent(Intent.cancel);
  else if (roll < 0.5) await conversation.sendIntent(Intent.thanks);
  else await conversation.end(random() < 0.04 ? pick(random, ALEXA_ERRORS) : pick(random, WALK_AWAY));
  return 'ended';
}

/** A touch on the button with that value, when the screen shows one; else the intent said aloud. */
async function tapOr(conversation: Conversation, value: string, intent: string, slots = {}): Promise<Reply> {
  return (await conversation.tap(value)) ?? conversation.sendIntent(intent, slots);
}

const ANSWER_VALUES: Readonly<Record<string, string>> = { [Intent.yes]: 'yes', [Intent.no]: 'no', [Intent.unsure]: 'unsure' };

async function answer(conversation: Conversation, person: Person, random: Random, loaded: LoadedState, options: SimulationOptions) {
  const byTouch = person.screen && random() < 0.5;
  const say = (intent: string, slots: Record<string, { value: string; id?: string }> = {}) =>
    byTouch && ANSWER_VALUES[intent] ? tapOr(conversation, ANSWER_VALUES[intent], intent, slots) : conversation.sendIntent(intent, slots);
  switch (loaded.kind) {
    case 'interview': {
      if (loaded.pending.kind === 'describe') {
        const [intent, slots] = describing(random);
        const feel = slots[Slot.feel]?.id;
        return byTouch && feel ? tapOr(conversation, feel, intent, slots) : conversation.sendIntent(intent, slots);
      }
      const roll = random();
      const yes = YES_BY_KIND[loaded.pending.question.kind];
      return say(roll < yes ? Intent.yes : roll < yes + 0.015 ? Intent.unsure : roll < yes + 0.025 ? Intent.partly : Intent.no);
    }
    case 'outcome': {
      if (loaded.offered.kind !== 'reminder') return say(random() < 0.45 ? Intent.yes : random() < 0.85 ? Intent.no : Intent.thanks);
      if (random() < 0.5) return say(Intent.no);
      // Most reminders are created; now and then the API fails.
      options.reminderBehaviour?.(random() < 0.1 ? 500 : 'created');
      return acceptReminder(conversation, random, await say(Intent.yes));
    }
    case 'emergency':
    case 'help':
      return random() < 0.2
        ? conversation.sendIntent(Intent.previous)
        : conversation.sendIntent(random() < 0.5 ? Intent.stop : Intent.thanks);
    default:
      return conversation.launch();
  }
}

/** After a yes to the reminder: with the permission it is set at once; without, Alexa asks for it. */
async function acceptReminder(conversation: Conversation, random: Random, reply: Reply): Promise<Reply> {
  if (!reply.consent) return reply;
  const roll = random();
  return conversation.answerConsent(reply.consent.token, roll < 0.6 ? 'ACCEPTED' : roll < 0.85 ? 'DENIED' : 'NOT_ANSWERED');
}
