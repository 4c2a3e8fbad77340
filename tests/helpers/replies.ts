import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod/mini';
import type { Language } from '../../src/i18n/locales';
import { Intent } from '../../src/skill/intents';

/** What a reply means, and the intents that carry that meaning. */
export const MEANING_INTENTS = {
  yes: [Intent.yes],
  no: [Intent.no],
  /** "I don't know", and "no... I don't know": counts as yes for a warning sign. */
  unsure: [Intent.unsure],
  /** "Sometimes", "a little": a hedge, clarified once. */
  partly: [Intent.partly],
  /** A statement of a sign ("I can't move my toes", "I can't walk on it"): a yes, never a no. */
  sign: [Intent.yes],
  /** A call for help ("call an ambulance", "I can't breathe", "I'm scared"): the emergency number at once. */
  help: [Intent.emergency],
  /** "I didn't hear you", "what?": say it again, never an answer. */
  notHeard: [Intent.repeat, Intent.help],
  /** "Thanks", "good night": a kind goodbye. */
  closer: [Intent.thanks],
  /** What the pain feels like, or the condition named, at the open question. */
  describe: [Intent.describePain],
  back: [Intent.previous],
  stop: [Intent.stop, Intent.cancel],
} as const;

export type Meaning = keyof typeof MEANING_INTENTS;
const MEANINGS = Object.keys(MEANING_INTENTS) as Meaning[];

/**
 * What people say, per language (tests/replies/<language>.json), written as speech recognition delivers it:
 * lower case, no punctuation; Japanese without spaces; Hindi in Devanagari with English loanwords in Latin;
 * Arabic without diacritics.
 */
const fileSchema = z.strictObject({
  /** How this language says "not": words matched whole, and pieces matched anywhere ("n't", "ない"). */
  negation: z.strictObject({
    words: z.array(z.string()),
    pieces: z.array(z.string()),
    /** The sentences that offer the answers ("Yes, no, or not sure?"): they are not the question. */
    answerOptions: z.array(z.string()),
  }),
  /** Replies by what they mean, for every locale of the language ("*") and per locale (regional forms). */
  replies: z.record(
    z.string(),
    z.partial(
      z.strictObject(Object.fromEntries(MEANINGS.map((m) => [m, z.array(z.string())])) as Record<Meaning, z.ZodMiniArray<z.ZodMiniString>>),
    ),
  ),
  /** Replies whose intent is none of the meanings above, with that intent ("tell me more about sciatica"). */
  other: z.record(z.string(), z.array(z.tuple([z.string(), z.string()]))),
});

export type RepliesFile = z.infer<typeof fileSchema>;

const fileOf = (language: Language): string => join(__dirname, '..', 'replies', `${language}.json`);

export const hasReplies = (language: Language): boolean => existsSync(fileOf(language));

export function repliesOf(language: Language): RepliesFile {
  return z.parse(fileSchema, JSON.parse(readFileSync(fileOf(language), 'utf8')));
}

export interface ExpectedReply {
  said: string;
  meaning: Meaning | 'other';
  intents: readonly string[];
}

/** The replies a locale's table holds: its language's, then its own. */
export function repliesFor(file: RepliesFile, locale: string): ExpectedReply[] {
  const byMeaning = [file.replies['*'] ?? {}, file.replies[locale] ?? {}].flatMap((group) =>
    MEANINGS.flatMap((meaning) => (group[meaning] ?? []).map((said) => ({ said, meaning, intents: MEANING_INTENTS[meaning] }))),
  );
  const other = [...(file.other['*'] ?? []), ...(file.other[locale] ?? [])].map(([said, intent]) => ({
    said,
    meaning: 'other' as const,
    intents: [intent],
  }));
  return [...byMeaning, ...other];
}

/** The negation words and pieces a text holds, once the sentences offering the answers are taken out. */
export function negationsIn(text: string, negation: RepliesFile['negation']): string[] {
  let question = text.toLowerCase();
  for (const options of negation.answerOptions) question = question.replaceAll(options.toLowerCase(), ' ');
  const found = negation.words.filter((word) =>
    new RegExp(`(?<![\\p{L}\\p{M}])${word.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{M}])`, 'u').test(question),
  );
  return [...found, ...negation.pieces.filter((piece) => question.includes(piece.toLowerCase()))];
}
