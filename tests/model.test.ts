import Ajv from 'ajv';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import spec from 'ask-smapi-model/spec.json';
import { createRecogniser, loadModel, normalise } from '../src/console/matcher';
import { SUPPORTED_LOCALES } from '../src/i18n';
import { languageOf, type Language } from '../src/i18n/locales';
import { phrases } from '../src/console/phrases';
import { NUMBERS } from './helpers/numbers';
import { rules } from '../src/rules';
import { SIDES } from '../src/dialog/state';
import { Intent, Slot, SlotType } from '../src/skill/intents';

const root = join(__dirname, '..');
const readJson = <T>(...path: string[]): T => JSON.parse(readFileSync(join(root, ...path), 'utf8')) as T;

interface Manifest {
  manifest: {
    apis: { custom?: unknown };
    publishingInformation: { category: string; locales: Record<string, { description: string; examplePhrases: string[] }> };
    privacyAndCompliance: Record<string, unknown>;
  };
}
interface AskResources {
  profiles: Record<
    string,
    {
      skillMetadata: { src: string };
      code: { default: { src: string } };
      skillInfrastructure: { userConfig: { handler: string; runtime: string } };
    }
  >;
}

const manifest = readJson<Manifest>('skill-package', 'skill.json');
const modelFiles = readdirSync(join(root, 'skill-package', 'interactionModels', 'custom'));

const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
ajv.addSchema({ $id: 'smapi', definitions: (spec as { definitions: object }).definitions });
const validatorFor = (definition: string) => ajv.getSchema(`smapi#/definitions/${definition}`)!;

/** "Not a diagnosis", as each language's description says it. */
const NOT_A_DIAGNOSIS: Record<Language, RegExp> = {
  en: /not a diagnosis/,
  de: /keine Diagnose/,
  es: /diagnóstico/,
  fr: /diagnostic/,
  it: /diagnosi/,
  pt: /diagnóstico/,
  nl: /diagnose/,
  ja: /診断/,
  hi: /निदान/,
  ar: /تشخيص/,
};

describe('the skill manifest', () => {
  it('is valid against the published SMAPI schema', () => {
    const validate = validatorFor('v1.skill.Manifest.SkillManifestEnvelope');
    expect({ valid: validate(manifest), errors: validate.errors ?? null }).toEqual({ valid: true, errors: null });
  });

  it('is a custom skill in Health and Fitness, published for exactly the locales we speak', () => {
    expect(manifest.manifest.apis.custom).toBeDefined();
    expect(manifest.manifest.publishingInformation.category).toBe('HEALTH_AND_FITNESS');
    expect(Object.keys(manifest.manifest.publishingInformation.locales).sort()).toEqual([...SUPPORTED_LOCALES].sort());
    expect(modelFiles.sort()).toEqual(SUPPORTED_LOCALES.map((l) => `${l}.json`).sort());
  });

  it.each(SUPPORTED_LOCALES)('carries the medical disclaimer and the emergency number in the %s description', (locale) => {
    const { description } = manifest.manifest.publishingInformation.locales[locale]!;
    expect(description).toMatch(NOT_A_DIAGNOSIS[languageOf(locale)]);
    expect(description).toContain(NUMBERS[locale].emergency);
  });

  it('declares privacy flags true to what the skill does: no purchases, ads, personal data or children', () => {
    expect(manifest.manifest.privacyAndCompliance).toEqual(
      expect.objectContaining({ allowsPurchases: false, usesPersonalInfo: false, isChildDirected: false, containsAds: false }),
    );
  });

  it.each(SUPPORTED_LOCALES)('has example phrases in %s that open the skill', async (locale) => {
    const recogniser = createRecogniser(locale);
    for (const phrase of manifest.manifest.publishingInformation.locales[locale]!.examplePhrases) {
      const heard = await recogniser.recognise(phrase);
      expect({ phrase, kind: heard.kind }).not.toEqual({ phrase, kind: 'inSession' });
      if (heard.kind === 'oneShot') expect({ phrase, intent: heard.match.intent }).toEqual({ phrase, intent: Intent.describePain });
    }
  });

  it('deploys on a current Node.js runtime (what it uploads: tests/deploy.test.ts)', () => {
    const profile = readJson<AskResources>('ask-resources.json').profiles.default!;
    expect(profile.skillInfrastructure.userConfig.runtime).toMatch(/^nodejs(22|24)\.x$/);
  });
});

/**
 * Alexa's invocation-name rules, per language: in Latin scripts lower-case words (accents allowed), at least two,
 * apostrophes and the periods of abbreviations only; Japanese in kana or kanji; Hindi in Devanagari; Arabic in
 * Arabic script (developer.amazon.com, "Choose the Invocation Name for a Custom Skill").
 */
const LATIN_NAME = /^[\p{Ll}'.]+( [\p{Ll}'.]+)+$/u;
const INVOCATION_NAME: Record<Language, RegExp> = {
  en: LATIN_NAME,
  de: LATIN_NAME,
  es: LATIN_NAME,
  fr: LATIN_NAME,
  it: LATIN_NAME,
  pt: LATIN_NAME,
  nl: LATIN_NAME,
  ja: /^[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}ー]+$/u,
  hi: /^[\p{Script=Devanagari}]+( [\p{Script=Devanagari}]+)*$/u,
  ar: /^[\p{Script=Arabic}]+( [\p{Script=Arabic}]+)*$/u,
};

describe.each(SUPPORTED_LOCALES)('the %s interaction model', (locale) => {
  const model = loadModel(locale);
  const { invocationName, intents, types = [] } = model.interactionModel.languageModel;

  it('is valid against the published SMAPI schema', () => {
    const validate = validatorFor('v1.skill.interactionModel.InteractionModelData');
    const raw = readJson<unknown>('skill-package', 'interactionModels', 'custom', `${locale}.json`);
    expect({ valid: validate(raw), errors: validate.errors ?? null }).toEqual({ valid: true, errors: null });
  });

  it('has an invocation name Alexa accepts in its language: its script, no launch or wake words', () => {
    expect(invocationName).toMatch(INVOCATION_NAME[languageOf(locale)]);
    const { wake, launch, ask } = phrases[languageOf(locale)];
    const launchWords = [...launch, ...ask]
      .flatMap((template) => template.replace(/\{(name|request)\}/g, ' ').split(/\s+/))
      .filter(Boolean);
    const banned = new Set([...wake, ...launchWords, 'alexa', 'amazon', 'echo', 'computer', 'skill', 'app']);
    for (const word of invocationName.split(' ')) expect({ word, banned: banned.has(word) }).toEqual({ word, banned: false });
    for (const word of banned) if (/^\P{Script=Latin}+$/u.test(word) && word.length > 1) expect(invocationName).not.toContain(word);
  });

  it('declares exactly the intents the handlers know', () => {
    expect(intents.map((i) => i.name).sort()).toEqual(Object.values(Intent).sort());
  });

  it('puts no utterance in two intents', () => {
    const owner = new Map<string, string>();
    for (const intent of intents) {
      for (const sample of intent.samples ?? []) {
        const key = normalise(sample);
        expect({ sample, intent: owner.get(key) ?? intent.name }).toEqual({ sample, intent: intent.name });
        owner.set(key, intent.name);
      }
    }
  });

  it('declares every slot it uses, with the side and cause values the handlers understand', () => {
    for (const intent of intents) {
      const declared = new Set((intent.slots ?? []).map((s) => s.name));
      for (const sample of intent.samples ?? []) {
        for (const [, slot] of sample.matchAll(/\{(\w+)\}/g))
          expect({ sample, declared: declared.has(slot!) }).toEqual({ sample, declared: true });
      }
    }
    const ids = (typeName: string) =>
      types
        .find((t) => t.name === typeName)
        ?.values.map((v) => v.id)
        .sort();
    expect(ids(SlotType.side)).toEqual([...SIDES].sort());
    expect(ids(SlotType.cause)).toEqual(rules.causes.map((c) => c.id).sort());
    // Every slot type has the same value ids in every locale: the handlers and the rules act on ids, not words.
    const english = loadModel('en-US').interactionModel.languageModel.types ?? [];
    expect(types.map((t) => t.name).sort()).toEqual(english.map((t) => t.name).sort());
    for (const type of english)
      expect({ type: type.name, ids: ids(type.name) }).toEqual({ type: type.name, ids: type.values.map((v) => v.id).sort() });
    const slotType = (intent: string, slot: string) => intents.find((i) => i.name === intent)?.slots?.find((s) => s.name === slot)?.type;
    expect(slotType(Intent.describePain, Slot.side)).toBe(SlotType.side);
    expect(slotType(Intent.moreAbout, Slot.cause)).toBe(SlotType.cause);
  });

  it('gives no synonym to two values of a slot type', () => {
    for (const type of types) {
      const spoken = type.values.flatMap((v) => [v.name.value, ...(v.name.synonyms ?? [])].map(normalise));
      expect(spoken.filter((s, i) => spoken.indexOf(s) !== i)).toEqual([]);
    }
  });
});
