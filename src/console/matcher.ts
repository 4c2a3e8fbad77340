import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod/mini';
import { languageOf, UNSPACED_LANGUAGES } from '../i18n/locales';
import { spokenForm } from '../skill/spoken-form';
import { phrases } from './phrases';
import { trainClassifier, type Classifier, type TrainingExample } from './classifier';
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

export type Recognised = { kind: 'launch' } | { kind: 'oneShot'; match: Match } | { kind: 'inSession'; match: Match };

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
  /** Slot name to its type's spoken forms and their ids. */
  slotValues: Map<string, Map<string, string>>;
}

/**
 * Below this score the classifier's best guess is not taken: the reply is not understood, as Alexa's fallback
 * intent catches what is unlike every sample.
 */
const MIN_SCORE = 0.5;

/** How many times a sample with a slot is trained, each time with another value. */
const VALUES_PER_SAMPLE = 3;

/** One trained classifier per locale and model, shared by every recogniser in the process. */
const classifiers = new Map<string, Promise<Classifier>>();

/**
 * Recognises typed utterances as Alexa would, as nearly as a console can: a sample said whole is that sample's
 * intent; anything else goes to a statistical classifier trained on the same model (src/console/classifier.ts),
 * which generalises beyond the samples as Alexa's language model does, and to the fallback intent when it is
 * unsure. Slots come from the sample, or else from the slot values found in what was said.
 */
export function createRecogniser(locale: string, model: InteractionModel = loadModel(locale)) {
  const language = languageOf(locale);
  const words = phrases[language];
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
  const slotsOfIntent = new Map(
    intents.map((intent) => [
      intent.name,
      new Map((intent.slots ?? []).map((slot) => [slot.name, typeValues.get(slot.type) ?? new Map<string, string>()])),
    ]),
  );
  const samplesOf = (intent: { name: string; samples?: string[] | undefined }): string[] => [
    ...(intent.samples ?? []),
    ...(words.builtIn[intent.name] ?? []),
  ];

  const matchers: SampleMatcher[] = [];
  for (const intent of intents) {
    const slotValues = slotsOfIntent.get(intent.name)!;
    for (const sample of samplesOf(intent)) {
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
      matchers.push({ intent: intent.name, pattern: new RegExp(`^${source}$`, 'u'), slotValues });
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

  /** The slot values said anywhere in the reply, the longest spoken form of each slot's type first. */
  function slotsFoundIn(intent: string, text: string): SlotValues {
    const slots: SlotValues = {};
    const padded = `${gap}${text}${gap}`;
    for (const [name, values] of slotsOfIntent.get(intent) ?? []) {
      const spoken = [...values.keys()].sort((a, b) => b.length - a.length).find((value) => padded.includes(`${gap}${value}${gap}`));
      if (spoken !== undefined) slots[name] = { value: spoken, id: values.get(spoken)! };
    }
    return slots;
  }

  /**
   * Every sample, and the built-in intents' own phrases. A sample with a slot is trained a few times, with values of
   * the slot's type taken in turn across the samples, each said one of its ways, so that no one value (or one value's
   * synonyms) stands for the slot.
   */
  function trainingExamples(): TrainingExample[] {
    const examples: TrainingExample[] = [];
    for (const intent of intents) {
      const slotValues = slotsOfIntent.get(intent.name)!;
      // Each value id's spoken forms, for every slot of the intent.
      const formsById = new Map(
        [...slotValues].map(([slot, values]) => {
          const byId = new Map<string, string[]>();
          for (const [spoken, id] of values) byId.set(id, [...(byId.get(id) ?? []), spoken]);
          return [slot, [...byId.values()]] as const;
        }),
      );
      samplesOf(intent).forEach((sample, index) => {
        const variants = sample.includes('{') ? VALUES_PER_SAMPLE : 1;
        for (let variant = 0; variant < variants; variant++) {
          const turn = index * VALUES_PER_SAMPLE + variant;
          const utterance = sample.replace(/\{(\w+)\}/g, (_, slot: string) => {
            const ids = formsById.get(slot) ?? [];
            const forms = ids[turn % Math.max(ids.length, 1)] ?? [];
            return forms[Math.floor(turn / Math.max(ids.length, 1)) % Math.max(forms.length, 1)] ?? '';
          });
          examples.push({ utterance: form(utterance), intent: intent.name });
        }
      });
    }
    return examples;
  }

  const classifier = (): Promise<Classifier> => {
    const key = `${locale}\n${JSON.stringify(model)}`;
    let trained = classifiers.get(key);
    if (!trained) {
      trained = trainClassifier(language, trainingExamples());
      classifiers.set(key, trained);
    }
    return trained;
  };

  const fillers = new RegExp(`^((${words.fillers.map(form).map(escapeRegExp).join('|')})${gap})+`, 'u');
  const wake = new RegExp(`^(${words.wake.map(form).map(escapeRegExp).join('|')})${gap}`, 'u');

  /** A sample said whole, as typed or without the filler words before it ("um, yes"). */
  function exactly(text: string): Match | undefined {
    const said = form(text).replace(wake, '');
    const bare = said.replace(fillers, '');
    // "uh huh" is a sample in its own right, not "huh" after a filler.
    const candidates = [
      ...(said === bare ? [] : [said]),
      bare,
      ...words.connectors
        .map(form)
        .filter((c) => bare.startsWith(`${c}${gap}`))
        .map((c) => bare.slice(c.length + gap.length)),
    ];
    for (const candidate of candidates) {
      for (const matcher of matchers) {
        const found = matcher.pattern.exec(candidate);
        if (found) return { intent: matcher.intent, slots: slotsOf(matcher, found) };
      }
    }
    return undefined;
  }

  /** What Alexa would take the reply as: a sample said whole, else the classifier's intent when it is sure enough. */
  async function match(utterance: string): Promise<Match> {
    const exact = exactly(utterance);
    if (exact) return exact;
    const text = form(utterance).replace(wake, '').replace(fillers, '');
    if (text === '') return { intent: FALLBACK, slots: {} };
    const { intent, score } = await (await classifier()).classify(text);
    if (intent === 'None' || score < MIN_SCORE || !slotsOfIntent.has(intent)) return { intent: FALLBACK, slots: {} };
    return { intent, slots: slotsFoundIn(intent, text) };
  }

  /** "open {name}" or "ask {name} {request}" as a pattern over the spoken form, the request captured. */
  const template = (phrase: string): RegExp =>
    new RegExp(
      `^${phrase
        .split(/(\{name\}|\{request\})/)
        .map((part) =>
          part === '{name}' ? escapeRegExp(form(invocationName)) : part === '{request}' ? '(?<request>.+)' : escapeRegExp(form(part)),
        )
        .filter((part) => part !== '')
        .join(gap)}$`,
      'u',
    );
  const launches = words.launch.map(template);
  const asks = words.ask.map(template);

  /** Whether the words open the skill ("open leg pain guide"), ask it something at once, or reply in a session. */
  function opening(utterance: string): { kind: 'launch' } | { kind: 'oneShot'; request: string } | { kind: 'inSession' } {
    const text = form(utterance).replace(wake, '');
    if (launches.some((launch) => launch.test(text))) return { kind: 'launch' };
    for (const ask of asks) {
      const request = ask.exec(text)?.groups?.request;
      if (request !== undefined) return { kind: 'oneShot', request };
    }
    return { kind: 'inSession' };
  }

  /** Tells opening the skill ("open leg pain guide"), a one-shot ("ask leg pain guide why …") and a reply apart. */
  async function recognise(utterance: string): Promise<Recognised> {
    const opened = opening(utterance);
    if (opened.kind === 'launch') return opened;
    if (opened.kind === 'oneShot') return { kind: 'oneShot', match: await match(opened.request) };
    return { kind: 'inSession', match: await match(utterance) };
  }

  /** True for "open leg pain guide" or "ask leg pain guide …", which start a session themselves. */
  const opensSkill = (utterance: string): boolean => opening(utterance).kind !== 'inSession';

  return { recognise, match, exactly, opensSkill, invocationName, trainingExamples };
}

export type Recogniser = ReturnType<typeof createRecogniser>;
