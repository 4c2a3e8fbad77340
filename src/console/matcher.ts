import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod/mini';
import { languageOf, UNSPACED_LANGUAGES, type Language } from '../i18n/locales';
import { Intent } from '../skill/intents';
import { spokenForm } from '../skill/spoken-form';
import phrases from './phrases.json';
import type { SlotValues } from './envelopes';

/** The parts of an interaction model the console needs to recognise utterances. */
const modelSchema = z.object({
  interactionModel: z.object({
    languageModel: z.object({
      invocationName: z.string(),
      intents: z.array(
        z.object({
          name: z.string(),
          slots: z.optional(z.array(z.object({ name: z.string(), type: z.string() }))),
          samples: z.optional(z.array(z.string())),
        }),
      ),
      types: z.optional(
        z.array(
          z.object({
            name: z.string(),
            values: z.array(
              z.object({
                id: z.optional(z.string()),
                name: z.object({ value: z.string(), synonyms: z.optional(z.array(z.string())) }),
              }),
            ),
          }),
        ),
      ),
    }),
  }),
});

export type InteractionModel = z.infer<typeof modelSchema>;

export interface Match {
  intent: string;
  slots: SlotValues;
}

export type Recognised =
  | { kind: 'launch' }
  | { kind: 'oneShot'; match: Match }
  | { kind: 'inSession'; match: Match };

const FALLBACK = 'AMAZON.FallbackIntent';

export function modelPath(locale: string): string {
  return join(__dirname, '..', '..', 'skill-package', 'interactionModels', 'custom', `${locale}.json`);
}

export function loadModel(locale: string): InteractionModel {
  return z.parse(modelSchema, JSON.parse(readFileSync(modelPath(locale), 'utf8')));
}

/** How we compare what was typed with samples: the same spoken form as the skill's can-fulfill answer uses. */
export const normalise = spokenForm;

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface SampleMatcher {
  intent: string;
  pattern: RegExp;
  /** The same sample followed by anything: "yes, it's swollen" starts with "yes". None for a lone "what". */
  prefix: RegExp | undefined;
  /** Slot name to its type's spoken forms and their ids. */
  slotValues: Map<string, Map<string, string>>;
}

/** What the console hears in a language besides the model: wake word, launch and ask templates, everyday words. */
interface Phrases {
  wake: string[];
  /** "open {name}", "{name}を開いて". */
  launch: string[];
  /** "ask {name} {request}", "{name}で{request}". */
  ask: string[];
  /** Words between the skill's name and the request: "ask leg pain guide *about* …". */
  connectors: string[];
  builtIn: Record<string, string[]>;
  fillers: string[];
}

const phrasesByLanguage: Record<Language, Phrases> = phrases;

/** Recognises typed utterances with the samples of one locale's interaction model, as Alexa would. */
export function createRecogniser(locale: string, model: InteractionModel = loadModel(locale)) {
  const language = languageOf(locale);
  const words = phrasesByLanguage[language];
  // Japanese is typed without spaces, and its samples are written so: compared without any.
  const unspaced = UNSPACED_LANGUAGES.includes(language);
  const gap = unspaced ? '' : ' ';
  const form = (text: string): string => (unspaced ? normalise(text).replaceAll(' ', '') : normalise(text));
  const { invocationName, intents, types = [] } = model.interactionModel.languageModel;
  const typeValues = new Map(
    types.map((type) => [
      type.name,
      new Map(
        type.values.flatMap((v) =>
          [v.name.value, ...(v.name.synonyms ?? [])].map((spoken) => [form(spoken), v.id ?? v.name.value] as const),
        ),
      ),
    ]),
  );

  const matchers: SampleMatcher[] = [];
  for (const intent of intents) {
    const slotValues = new Map(
      (intent.slots ?? []).map((slot) => [slot.name, typeValues.get(slot.type) ?? new Map<string, string>()]),
    );
    const modelSamples = intent.samples ?? [];
    const samples = [...modelSamples, ...(words.builtIn[intent.name] ?? [])];
    for (const [index, sample] of samples.entries()) {
      // "What?" or "pardon?" asks what was meant; "what is the meaning of life" is another question, not a request for help.
      const wholeOnly = intent.name === Intent.help && index < modelSamples.length && !normalise(sample).includes(' ') && !unspaced;
      const source = sample
        .split(/(\{\w+\})/)
        .map((part) => {
          const slot = /^\{(\w+)\}$/.exec(part)?.[1];
          if (!slot) return escapeRegExp(form(part));
          const spoken = [...(slotValues.get(slot)?.keys() ?? [])].sort((a, b) => b.length - a.length);
          return spoken.length > 0 ? `(?<${slot}>${spoken.map(escapeRegExp).join('|')})` : `(?<${slot}>.+?)`;
        })
        .filter((part) => part !== '')
        .join(gap);
      matchers.push({
        intent: intent.name,
        pattern: new RegExp(`^${source}$`, 'u'),
        prefix: wholeOnly ? undefined : new RegExp(`^${source}${unspaced ? '' : '(?= )'}`, 'u'),
        slotValues,
      });
    }
  }

  function slotsOf(matcher: SampleMatcher, found: RegExpExecArray): SlotValues {
    const slots: SlotValues = {};
    for (const [name, value] of Object.entries(found.groups ?? {})) {
      if (value === undefined) continue;
      const id = matcher.slotValues.get(name)?.get(value);
      slots[name] = id ? { value, id } : { value };
    }
    return slots;
  }

  const unsureSamples = matchers.filter((m) => m.intent === Intent.unsure).map((m) => m.pattern.source.slice(1, -1));
  const fillers = new RegExp(`^((${words.fillers.map(form).map(escapeRegExp).join('|')})${gap})+`, 'u');
  const wake = new RegExp(`^(${words.wake.map(form).map(escapeRegExp).join('|')})${gap}`, 'u');

  /**
   * Alexa's language model generalises beyond the samples; the console comes close enough for a yes/no triage:
   * a sample said whole; else the longest sample the reply starts with ("yes, it's swollen"); else a reply that
   * says it is unsure anywhere ("well, I'm not sure"); else the fallback intent.
   */
  function match(utterance: string): Match {
    const said = form(utterance).replace(wake, '');
    const text = said.replace(fillers, '');
    // "uh huh" is a sample in its own right, not "huh" after a filler.
    const candidates = [
      ...(said === text ? [] : [said]),
      text,
      ...words.connectors.map(form).filter((c) => text.startsWith(`${c}${gap}`)).map((c) => text.slice(c.length + gap.length)),
    ];
    for (const candidate of candidates) {
      for (const matcher of matchers) {
        const found = matcher.pattern.exec(candidate);
        if (found) return { intent: matcher.intent, slots: slotsOf(matcher, found) };
      }
    }
    let longest: { matcher: SampleMatcher; found: RegExpExecArray } | undefined;
    for (const matcher of matchers) {
      const found = matcher.prefix?.exec(text);
      if (found && (!longest || found[0].length > longest.found[0].length)) longest = { matcher, found };
    }
    if (longest) return { intent: longest.matcher.intent, slots: slotsOf(longest.matcher, longest.found) };
    if (unsureSamples.some((sample) => `${gap}${text}${gap}`.includes(`${gap}${sample}${gap}`))) return { intent: Intent.unsure, slots: {} };
    return { intent: FALLBACK, slots: {} };
  }

  /** "open {name}" or "ask {name} {request}" as a pattern over the spoken form, the request captured. */
  const template = (phrase: string): RegExp =>
    new RegExp(
      `^${phrase
        .split(/(\{name\}|\{request\})/)
        .map((part) => (part === '{name}' ? escapeRegExp(form(invocationName)) : part === '{request}' ? '(?<request>.+)' : escapeRegExp(form(part))))
        .filter((part) => part !== '')
        .join(gap)}$`,
      'u',
    );
  const launches = words.launch.map(template);
  const asks = words.ask.map(template);

  /** Tells opening the skill ("open leg pain guide"), a one-shot ("ask leg pain guide why …") and a reply apart. */
  function recognise(utterance: string): Recognised {
    const text = form(utterance).replace(wake, '');
    if (launches.some((launch) => launch.test(text))) return { kind: 'launch' };
    for (const ask of asks) {
      const request = ask.exec(text)?.groups?.['request'];
      if (request !== undefined) return { kind: 'oneShot', match: match(request) };
    }
    return { kind: 'inSession', match: match(text) };
  }

  return { recognise, match, invocationName };
}

export type Recogniser = ReturnType<typeof createRecogniser>;
