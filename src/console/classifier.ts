import { containerBootstrap } from '@nlpjs/core';
import { NluNeural } from '@nlpjs/nlu';
import type { Language } from '../i18n/locales';

/**
 * A statistical intent classifier trained on one locale's interaction model, as Alexa's language model is: it
 * generalises beyond the samples (a word it has seen in a "no" sample pulls a new sentence towards "no"), so the
 * console shows the confusions a real device may make, where matching samples exactly would hide them.
 * nlp.js (a neural classifier over stemmed words, with a tokenizer and stemmer for each of our ten languages).
 */
export interface Classifier {
  /** The likeliest intent and its score (0 to 1); 'None' when the words are unlike any sample. */
  classify(utterance: string): Promise<{ intent: string; score: number }>;
}

export interface TrainingExample {
  utterance: string;
  intent: string;
}

/** Each language's tokenizer and stemmer, loaded only for the language in use (Japanese brings a dictionary). */
const LANGUAGE_PLUGINS: Record<Language, () => Promise<unknown>> = {
  en: async () => (await import('@nlpjs/lang-en')).LangEn,
  de: async () => (await import('@nlpjs/lang-de')).LangDe,
  es: async () => (await import('@nlpjs/lang-es')).LangEs,
  fr: async () => (await import('@nlpjs/lang-fr')).LangFr,
  it: async () => (await import('@nlpjs/lang-it')).LangIt,
  pt: async () => (await import('@nlpjs/lang-pt')).LangPt,
  nl: async () => (await import('@nlpjs/lang-nl')).LangNl,
  ja: async () => (await import('@nlpjs/lang-ja')).LangJa,
  hi: async () => (await import('@nlpjs/lang-hi')).LangHi,
  ar: async () => (await import('@nlpjs/lang-ar')).LangAr,
};

export async function trainClassifier(language: Language, examples: readonly TrainingExample[]): Promise<Classifier> {
  const container = await containerBootstrap();
  container.use(await LANGUAGE_PLUGINS[language]());
  const nlu = new NluNeural({ container, locale: language, log: false });
  await nlu.train(examples);
  return {
    async classify(utterance) {
      const [best] = (await nlu.process(utterance)).classifications;
      return best ?? { intent: 'None', score: 0 };
    },
  };
}
