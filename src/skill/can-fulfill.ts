import type { Intent as AlexaIntent, Slot as AlexaSlot, canfulfill } from 'ask-sdk-model';
import { isSide } from '../dialog/state';
import { languageOf } from '../i18n';
import { rules } from '../rules';
import { Intent, Slot, SlotType } from './intents';
import type SlotValues from './slot-values.json';
import { once } from '../once';
import { readJsonBeside } from '../read-json';
import { matchedId, resolutionsOf } from './slots';
import { spokenForm } from './spoken-form';

export { spokenForm };

/**
 * Alexa's question before it routes a request said without the skill's name ("Alexa, why does my leg hurt when I
 * lie down?"): can this skill understand and fulfil this intent with these slots? The answer is all there is: no
 * speech, no session, nothing remembered.
 *
 * YES only for the requests a fresh session answers in full: the leg-pain question (an interview that starts with
 * the disclaimer and the first question) with every slot it was given understood, and "tell me about sciatica"
 * for a cause the skill explains. MAYBE for the leg-pain question with a slot it cannot place: the interview still
 * runs and asks what the pain feels like. NO for everything else: a cause it does not know or none named, and the
 * intents that only make sense inside a running interview (yes, no, not sure, tips for tonight, other causes) or
 * that are Alexa's own (help, stop, repeat, …).
 */
export type CanFulfillAnswer = canfulfill.CanFulfillIntent;

type Understood = canfulfill.CanUnderstandSlotValues;

/** The slots each name-free intent declares, with the type and the ids the skill acts on. */
const ACCEPTED: Readonly<Record<string, Readonly<Record<string, { type: string; knows: (id: string) => boolean }>>>> = {
  [Intent.describePain]: {
    [Slot.side]: { type: SlotType.side, knows: isSide },
    [Slot.feel]: { type: SlotType.feel, knows: (id) => rules.descriptionIds.includes(id) },
    // Any part of the leg the model knows: the knee, hip, ankle and feet point the interview somewhere, the rest
    // leave it as it is.
    [Slot.part]: {
      type: SlotType.part,
      knows: (id) => Object.hasOwn(rules.descriptions.parts, id) || Object.hasOwn(spokenValues().en.LegPart, id),
    },
  },
  [Intent.moreAbout]: {
    [Slot.cause]: { type: SlotType.cause, knows: (id) => rules.causeById.has(id) },
  },
};

/** The English models' slot values and synonyms (npm run slot-values), read when a can-fulfill request first comes. */
const spokenValues = once(() => readJsonBeside(__dirname, 'slot-values.json') as typeof SlotValues);

/** Per language, slot type, spoken form: the value id, from the English models' values and synonyms. */
const spokenIds = once(
  (): ReadonlyMap<string, ReadonlyMap<string, ReadonlyMap<string, string>>> =>
    new Map(
      Object.entries(spokenValues() as Record<string, Record<string, Record<string, string[]>>>).map(([language, types]) => [
        language,
        new Map(
          Object.entries(types).map(([type, ids]) => [
            type,
            new Map(Object.entries(ids).flatMap(([id, forms]) => forms.map((form) => [form, id] as const))),
          ]),
        ),
      ]),
    ),
);

interface Placed {
  understood: Understood;
  /** The value id the slot was placed on, when it was. */
  id?: string;
}

/**
 * How well a spoken slot value is understood. Alexa's entity resolution, when the request carries it, decides;
 * without it (Amazon's documented CanFulfillIntentRequest has none) the value is looked up in the English models'
 * values and synonyms: said as one is YES, one said inside a longer value ("my sciatica") is MAYBE, anything else NO.
 */
function place(slot: SpokenSlot, type: string, locale: string | undefined): Placed {
  const resolved = matchedId(slot);
  if (resolved !== 'unknown') return { understood: 'YES', id: resolved };
  if (resolutionsOf(slot).some((authority) => authority?.status?.code === 'ER_SUCCESS_NO_MATCH')) return { understood: 'NO' };
  const forms = spokenIds().get(languageOf(locale))?.get(type);
  // No table for this language (name-free is English-only): the value may be fine, the skill cannot tell.
  if (!forms) return { understood: 'MAYBE' };
  const said = spokenForm(slot.value);
  const exact = forms.get(said);
  if (exact !== undefined) return { understood: 'YES', id: exact };
  const words = ` ${said} `;
  let partial: string | undefined;
  let longest = 0;
  for (const [form, id] of forms) {
    if (form.length > longest && words.includes(` ${form} `)) [partial, longest] = [id, form.length];
  }
  return partial === undefined ? { understood: 'NO' } : { understood: 'MAYBE', id: partial };
}

type SpokenSlot = AlexaSlot & { value: string };

/** The slots Alexa detected: the ones with a spoken value. */
function spokenSlots(intent: AlexaIntent | undefined): SpokenSlot[] {
  const slots = intent?.slots;
  if (typeof slots !== 'object' || slots === null) return [];
  return Object.entries(slots)
    .filter((entry): entry is [string, SpokenSlot] => {
      const slot = entry[1];
      return typeof slot === 'object' && slot !== null && typeof slot.value === 'string' && slot.value.trim() !== '';
    })
    .map(([name, slot]) => ({ ...slot, name }));
}

/** The answer to a CanFulfillIntentRequest for `intent` in `locale`: a pure function of the two, never throwing. */
export function canFulfillIntent(intent: AlexaIntent | undefined, locale: string | undefined): CanFulfillAnswer {
  const name = typeof intent?.name === 'string' ? intent.name : '';
  const accepted = Object.hasOwn(ACCEPTED, name) ? ACCEPTED[name] : undefined;
  const slots: Record<string, canfulfill.CanFulfillSlot> = {};
  const placed = new Map<string, Placed>();
  for (const slot of spokenSlots(intent)) {
    const declared = accepted && Object.hasOwn(accepted, slot.name) ? accepted[slot.name] : undefined;
    let result: Placed = { understood: 'NO' };
    if (declared) {
      result = place(slot, declared.type, locale);
      // An id the model knows but the rules do not (an older model, a crafted request) is not understood.
      if (result.id !== undefined && !declared.knows(result.id)) result = { understood: 'NO' };
    }
    placed.set(slot.name, result);
    slots[slot.name] = { canUnderstand: result.understood, canFulfill: result.understood === 'YES' ? 'YES' : 'NO' };
  }
  const answer = (canFulfill: canfulfill.CanFulfillIntentValues): CanFulfillAnswer =>
    Object.keys(slots).length > 0 ? { canFulfill, slots } : { canFulfill };
  const allUnderstood = [...placed.values()].every((p) => p.understood === 'YES');

  switch (name) {
    case Intent.describePain:
      // The interview answers the question whatever was said about the pain; a slot it cannot place makes it a maybe.
      return answer(allUnderstood ? 'YES' : 'MAYBE');
    case Intent.moreAbout: {
      const cause = placed.get(Slot.cause);
      if (!cause || cause.understood === 'NO') return answer('NO');
      return answer(allUnderstood ? 'YES' : 'MAYBE');
    }
    default:
      return answer('NO');
  }
}
