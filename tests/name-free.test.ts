import Ajv from 'ajv';
import type { Intent as AlexaIntent, IntentRequest, RequestEnvelope, Slot as AlexaSlot } from 'ask-sdk-model';
import spec from 'ask-smapi-model/spec.json';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createConversation } from '../src/console/conversation';
import { canFulfillIntentRequest, intentRequest, type SlotValues } from '../src/console/envelopes';
import { createRecogniser, loadModel, modelPath, normalise } from '../src/console/matcher';
import { createNameFree, loadNameFree, nameFreeSchema } from '../src/console/name-free';
import { rules } from '../src/rules';
import { canFulfillIntent, spokenForm } from '../src/skill/can-fulfill';
import { Intent, Slot, SlotType } from '../src/skill/intents';
import { resolvedSlotId } from '../src/skill/slots';
import { NAME_FREE_LOCALES, SLOT_VALUES_FILE, renderSlotValues } from '../scripts/slot-values';
import { handler, logLines } from './helpers/skill';

const root = join(__dirname, '..');
const ENGLISH = NAME_FREE_LOCALES;

/** A slot as Alexa sends it: the spoken value, with entity resolution ('match' with an id, 'noMatch') or none at all. */
function slot(name: string, value: string, resolution: { id: string } | 'noMatch' | 'none' = 'none'): AlexaSlot {
  const authority = `amzn1.er-authority.echo-sdk.amzn1.ask.skill.test.${name}`;
  return {
    name,
    value,
    confirmationStatus: 'NONE',
    ...(resolution === 'none'
      ? {}
      : {
          resolutions: {
            resolutionsPerAuthority: [
              resolution === 'noMatch'
                ? { authority, status: { code: 'ER_SUCCESS_NO_MATCH' } }
                : { authority, status: { code: 'ER_SUCCESS_MATCH' }, values: [{ value: { name: value, id: resolution.id } }] },
            ],
          },
        }),
  } as AlexaSlot;
}

const intent = (name: string, ...slots: AlexaSlot[]): AlexaIntent => ({
  name,
  confirmationStatus: 'NONE',
  slots: Object.fromEntries(slots.map((s) => [s.name, s])),
});

const YES_SLOT = { canUnderstand: 'YES', canFulfill: 'YES' } as const;
const NO_SLOT = { canUnderstand: 'NO', canFulfill: 'NO' } as const;
const MAYBE_SLOT = { canUnderstand: 'MAYBE', canFulfill: 'NO' } as const;

/**
 * Intents that mean something only inside a running interview or after an outcome, and Alexa's own. A call for
 * help said without the skill's name is not this skill's to take: Alexa must not route "call an ambulance" to a
 * leg-pain guide.
 */
const IN_SESSION_ONLY = [
  Intent.yes,
  Intent.no,
  Intent.unsure,
  Intent.partly,
  Intent.tonight,
  Intent.otherCauses,
  Intent.emergency,
  Intent.thanks,
];
const BUILT_IN = [
  Intent.help,
  Intent.repeat,
  Intent.startOver,
  Intent.previous,
  Intent.stop,
  Intent.cancel,
  Intent.navigateHome,
  Intent.fallback,
];

describe.each(ENGLISH)('the can-fulfill answer in %s', (locale) => {
  const { intents, types = [] } = loadModel(locale).interactionModel.languageModel;
  const typeOf = (name: string) => types.find((t) => t.name === name)!;

  it('covers every intent of the model', () => {
    const covered = [Intent.describePain, Intent.moreAbout, ...IN_SESSION_ONLY, ...BUILT_IN];
    expect(intents.map((i) => i.name).sort()).toEqual([...covered].sort());
  });

  it('is YES to the leg-pain question with no slot, NO to "tell me more" with no cause', () => {
    expect(canFulfillIntent(intent(Intent.describePain), locale)).toEqual({ canFulfill: 'YES' });
    expect(canFulfillIntent(intent(Intent.moreAbout), locale)).toEqual({ canFulfill: 'NO' });
  });

  it.each([...IN_SESSION_ONLY, ...BUILT_IN])("is NO to %s, which needs a running interview or is Alexa's own", (name) => {
    expect(canFulfillIntent(intent(name), locale)).toEqual({ canFulfill: 'NO' });
  });

  it('is NO to an intent the skill does not have, or none', () => {
    expect(canFulfillIntent(intent('PlaySoundIntent', slot('sound', 'crickets')), locale)).toEqual({
      canFulfill: 'NO',
      slots: { sound: NO_SLOT },
    });
    expect(canFulfillIntent(undefined, locale)).toEqual({ canFulfill: 'NO' });
  });

  const slotsOf = (intentName: string) => intents.find((i) => i.name === intentName)?.slots ?? [];

  it.each([Intent.describePain, Intent.moreAbout])(
    'is YES to %s for every value and synonym of each slot, resolved by Alexa or not',
    (name) => {
      for (const { name: slotName, type } of slotsOf(name)) {
        for (const value of typeOf(type).values) {
          const id = value.id!;
          for (const spoken of [value.name.value, ...(value.name.synonyms ?? [])]) {
            for (const resolution of [{ id }, 'none'] as const) {
              const answer = canFulfillIntent(intent(name, slot(slotName, spoken, resolution)), locale);
              expect({ slotName, spoken, resolution, answer }).toEqual({
                slotName,
                spoken,
                resolution,
                answer: { canFulfill: 'YES', slots: { [slotName]: YES_SLOT } },
              });
            }
          }
        }
      }
    },
  );

  it('is YES to the leg-pain question with side, feel and part all understood', () => {
    const answer = canFulfillIntent(
      intent(Intent.describePain, slot(Slot.side, 'left'), slot(Slot.feel, 'cramp', { id: 'cramp' }), slot(Slot.part, 'calf')),
      locale,
    );
    expect(answer).toEqual({ canFulfill: 'YES', slots: { side: YES_SLOT, feel: YES_SLOT, part: YES_SLOT } });
  });

  it('ignores slots Alexa names without a value, or with an empty or blank one', () => {
    const unsaid = { name: Slot.side, confirmationStatus: 'NONE' } as AlexaSlot;
    const empty = slot(Slot.feel, '');
    const blank = slot(Slot.part, '  ');
    const slots = { side: unsaid, feel: empty, part: blank };
    expect(canFulfillIntent({ name: Intent.describePain, confirmationStatus: 'NONE', slots }, locale)).toEqual({ canFulfill: 'YES' });
  });

  describe('with a value it does not know', () => {
    it.each([
      [Slot.side, 'middle'],
      [Slot.feel, 'wobbly'],
      [Slot.part, 'elbow'],
    ])('is MAYBE to the leg-pain question with %s "%s": the interview still asks what it feels like', (slotName, value) => {
      for (const resolution of ['noMatch', 'none'] as const) {
        expect(canFulfillIntent(intent(Intent.describePain, slot(slotName, value, resolution)), locale)).toEqual({
          canFulfill: 'MAYBE',
          slots: { [slotName]: NO_SLOT },
        });
      }
    });

    it.each(['gout', 'a broken heart', 'the flu'])('is NO to more about "%s"', (value) => {
      for (const resolution of ['noMatch', 'none'] as const) {
        expect(canFulfillIntent(intent(Intent.moreAbout, slot(Slot.cause, value, resolution)), locale)).toEqual({
          canFulfill: 'NO',
          slots: { cause: NO_SLOT },
        });
      }
    });

    it.each([Intent.describePain, Intent.moreAbout])(
      'is NO to every slot of %s Alexa did not resolve, even said as a value or id the rules know: entity resolution decides',
      (name) => {
        for (const { name: slotName, type } of slotsOf(name)) {
          for (const value of typeOf(type).values) {
            for (const spoken of [value.id!, value.name.value, ...(value.name.synonyms ?? [])]) {
              const answer = canFulfillIntent(intent(name, slot(slotName, spoken, 'noMatch')), locale);
              expect({ slotName, spoken, answer }).toEqual({
                slotName,
                spoken,
                answer: { canFulfill: name === Intent.moreAbout ? 'NO' : 'MAYBE', slots: { [slotName]: NO_SLOT } },
              });
            }
          }
        }
      },
    );

    it('is YES to a known value written with capitals, hyphens or punctuation, when Alexa did not resolve it', () => {
      for (const written of ['Pins-and-needles', 'pins, and needles!', '  PINS AND  needles ']) {
        expect(canFulfillIntent(intent(Intent.describePain, slot(Slot.feel, written)), locale)).toEqual({
          canFulfill: 'YES',
          slots: { feel: YES_SLOT },
        });
      }
    });

    it('is MAYBE to a known value said inside a longer one, when Alexa did not resolve it', () => {
      expect(canFulfillIntent(intent(Intent.moreAbout, slot(Slot.cause, 'my sciatica')), locale)).toEqual({
        canFulfill: 'MAYBE',
        slots: { cause: MAYBE_SLOT },
      });
      expect(canFulfillIntent(intent(Intent.describePain, slot(Slot.feel, 'a sort of cramp')), locale)).toEqual({
        canFulfill: 'MAYBE',
        slots: { feel: MAYBE_SLOT },
      });
      // Alexa's entity resolution said no: that stands.
      expect(canFulfillIntent(intent(Intent.moreAbout, slot(Slot.cause, 'my sciatica', 'noMatch')), locale)).toEqual({
        canFulfill: 'NO',
        slots: { cause: NO_SLOT },
      });
    });

    it('is NO to an id the rules do not know, even when Alexa resolved it (an older model)', () => {
      expect(canFulfillIntent(intent(Intent.moreAbout, slot(Slot.cause, 'gout', { id: 'gout' })), locale)).toEqual({
        canFulfill: 'NO',
        slots: { cause: NO_SLOT },
      });
      expect(canFulfillIntent(intent(Intent.describePain, slot(Slot.side, 'middle', { id: 'middle' })), locale)).toEqual({
        canFulfill: 'MAYBE',
        slots: { side: NO_SLOT },
      });
    });

    it('does not understand a slot the intent does not declare', () => {
      expect(canFulfillIntent(intent(Intent.describePain, slot('cause', 'sciatica')), locale)).toEqual({
        canFulfill: 'MAYBE',
        slots: { cause: NO_SLOT },
      });
      expect(canFulfillIntent(intent(Intent.moreAbout, slot(Slot.cause, 'sciatica'), slot(Slot.side, 'left')), locale)).toEqual({
        canFulfill: 'MAYBE',
        slots: { cause: YES_SLOT, side: NO_SLOT },
      });
    });
  });

  it('answers every intent with every slot of the model, one at a time, without throwing', () => {
    for (const { name, slots = [] } of intents) {
      expect(() => canFulfillIntent(intent(name), locale)).not.toThrow();
      for (const { name: slotName, type } of slots) {
        for (const value of typeOf(type).values) canFulfillIntent(intent(name, slot(slotName, value.name.value)), locale);
      }
    }
  });
});

describe('the can-fulfill answer, whatever the request holds', () => {
  it("never throws and always answers in Amazon's terms", () => {
    const value = fc.oneof(fc.string(), fc.constantFrom('sciatica', 'left', 'cramp', 'calf', ''), fc.constant(undefined), fc.integer());
    const authority = fc.oneof(
      fc.anything(),
      fc.record(
        {
          status: fc.record({ code: fc.constantFrom('ER_SUCCESS_MATCH', 'ER_SUCCESS_NO_MATCH', 'ER_ERROR_TIMEOUT') }),
          values: fc.anything(),
        },
        { requiredKeys: [] },
      ),
    );
    const resolutions = fc.oneof(fc.anything(), fc.record({ resolutionsPerAuthority: fc.oneof(fc.anything(), fc.array(authority)) }));
    const anySlot = fc.record({ name: fc.string(), value, resolutions: fc.option(resolutions, { nil: undefined }) }, { requiredKeys: [] });
    const anyIntent = fc.oneof(
      fc.constant(undefined),
      fc.record(
        {
          name: fc.oneof(fc.constantFrom(...Object.values(Intent)), fc.string()),
          slots: fc.oneof(fc.dictionary(fc.constantFrom('side', 'feel', 'part', 'cause', 'other'), anySlot), fc.anything()),
        },
        { requiredKeys: [] },
      ),
    );
    fc.assert(
      fc.property(anyIntent, fc.constantFrom('en-US', 'en-GB', 'de-DE', 'xx', undefined), (given, locale) => {
        const answer = canFulfillIntent(given as AlexaIntent, locale);
        expect(['YES', 'MAYBE', 'NO']).toContain(answer.canFulfill);
        for (const s of Object.values(answer.slots ?? {})) {
          expect(['YES', 'MAYBE', 'NO']).toContain(s.canUnderstand);
          expect(['YES', 'NO']).toContain(s.canFulfill);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("takes Alexa's entity resolution as it comes in a German request, and cannot tell without it", () => {
    expect(canFulfillIntent(intent(Intent.moreAbout, slot(Slot.cause, 'Ischias', { id: 'sciatica' })), 'de-DE')).toEqual({
      canFulfill: 'YES',
      slots: { cause: YES_SLOT },
    });
    expect(canFulfillIntent(intent(Intent.moreAbout, slot(Slot.cause, 'Ischias')), 'de-DE')).toEqual({
      canFulfill: 'MAYBE',
      slots: { cause: MAYBE_SLOT },
    });
  });
});

describe("the can-fulfill answer as Alexa's entity resolution comes: matched, not matched, timed out, damaged", () => {
  const authority = (code: string, id?: string) => ({
    authority: `amzn1.er-authority.echo-sdk.amzn1.ask.skill.test.${Slot.cause}`,
    status: { code },
    ...(id ? { values: [{ value: { name: id, id } }] } : {}),
  });
  const cause = (spoken: string, authorities: unknown[]) =>
    intent(Intent.moreAbout, { ...slot(Slot.cause, spoken), resolutions: { resolutionsPerAuthority: authorities } } as AlexaSlot);

  it('looks the spoken words up when resolution timed out or its entries are damaged', () => {
    for (const authorities of [[authority('ER_ERROR_TIMEOUT')], [null, {}, { status: {} }, authority('ER_ERROR_TIMEOUT')]]) {
      expect(canFulfillIntent(cause('sciatica', authorities), 'en-US')).toEqual({ canFulfill: 'YES', slots: { cause: YES_SLOT } });
      expect(canFulfillIntent(cause('an elbow', authorities), 'en-US')).toEqual({ canFulfill: 'NO', slots: { cause: NO_SLOT } });
    }
  });

  it('is NO to a value an authority found no match for, whatever another one says', () => {
    const authorities = [authority('ER_SUCCESS_NO_MATCH'), authority('ER_ERROR_TIMEOUT')];
    expect(canFulfillIntent(cause('sciatica', authorities), 'en-US')).toEqual({ canFulfill: 'NO', slots: { cause: NO_SLOT } });
  });

  it('is NO to a resolved id the rules do not know, for a cause or a part of the leg', () => {
    expect(canFulfillIntent(cause('the elbow', [authority('ER_SUCCESS_MATCH', 'tennisElbow')]), 'en-US')).toEqual({
      canFulfill: 'NO',
      slots: { cause: NO_SLOT },
    });
    expect(canFulfillIntent(intent(Intent.describePain, slot(Slot.part, 'the elbow', { id: 'elbow' })), 'en-US')).toEqual({
      canFulfill: 'MAYBE',
      slots: { part: NO_SLOT },
    });
  });

  it('is MAYBE to "tell me about" a cause said inside other words, or with a slot the intent does not have', () => {
    expect(canFulfillIntent(intent(Intent.moreAbout, slot(Slot.cause, 'my sciatica thing')), 'en-US')).toEqual({
      canFulfill: 'MAYBE',
      slots: { cause: MAYBE_SLOT },
    });
    expect(canFulfillIntent(intent(Intent.moreAbout, slot(Slot.cause, 'sciatica'), slot(Slot.side, 'left')), 'en-US')).toEqual({
      canFulfill: 'MAYBE',
      slots: { cause: YES_SLOT, side: NO_SLOT },
    });
  });
});

describe('the slot id the skill acts on (src/skill/slots.ts)', () => {
  const request = (...slots: AlexaSlot[]) => ({ type: 'IntentRequest', intent: intent(Intent.moreAbout, ...slots) }) as IntentRequest;
  const authority = (code: string, id?: string) => ({
    authority: `amzn1.er-authority.echo-sdk.amzn1.ask.skill.test.${Slot.cause}`,
    status: { code },
    ...(id ? { values: [{ value: { name: id, id } }] } : {}),
  });

  it('is the id Alexa resolved the spoken words to', () => {
    expect(resolvedSlotId(request(slot(Slot.cause, 'the sciatic nerve', { id: 'sciatica' })), Slot.cause)).toBe('sciatica');
  });

  it("is 'unknown' for words spoken and not resolved, whatever they are: the words are never taken for an id", () => {
    for (const spoken of ['sciatica', 'gout', 'nightCramps', 'constructor', 'left']) {
      for (const resolution of ['noMatch', 'none'] as const) {
        expect({ spoken, resolution, id: resolvedSlotId(request(slot(Slot.cause, spoken, resolution)), Slot.cause) }).toEqual({
          spoken,
          resolution,
          id: 'unknown',
        });
      }
    }
  });

  it('takes the first authority that matched, after one that did not, and none that only timed out', () => {
    const spoken = (authorities: object[]) =>
      ({ ...slot(Slot.cause, 'sciatica'), resolutions: { resolutionsPerAuthority: authorities } }) as AlexaSlot;
    expect(
      resolvedSlotId(request(spoken([authority('ER_SUCCESS_NO_MATCH'), authority('ER_SUCCESS_MATCH', 'arthritis')])), Slot.cause),
    ).toBe('arthritis');
    expect(resolvedSlotId(request(spoken([authority('ER_ERROR_TIMEOUT', 'arthritis')])), Slot.cause)).toBe('unknown');
  });

  it('passes over a match that carries no id, to the next authority, and is unknown when none carries one', () => {
    const matchedWithout = (values?: unknown) => ({ ...authority('ER_SUCCESS_MATCH'), ...(values ? { values } : {}) });
    const spoken = (authorities: object[]) =>
      ({ ...slot(Slot.cause, 'that nerve thing'), resolutions: { resolutionsPerAuthority: authorities } }) as AlexaSlot;
    expect(
      resolvedSlotId(request(spoken([matchedWithout([{ value: { name: 'x' } }]), authority('ER_SUCCESS_MATCH', 'sciatica')])), Slot.cause),
    ).toBe('sciatica');
    for (const values of [undefined, [], [{}]])
      expect(resolvedSlotId(request(spoken([matchedWithout(values)])), Slot.cause)).toBe('unknown');
  });

  it("is 'unknown', and the can-fulfill answer the English lookup's, when resolution holds no list", () => {
    for (const resolutionsPerAuthority of [0, 'ER_SUCCESS_MATCH', { 0: 'x' }, null]) {
      const forged = { ...slot(Slot.cause, 'sciatica'), resolutions: { resolutionsPerAuthority } } as unknown as AlexaSlot;
      expect(resolvedSlotId(request(forged), Slot.cause)).toBe('unknown');
      expect(canFulfillIntent(intent(Intent.moreAbout, forged), 'en-US')).toEqual({ canFulfill: 'YES', slots: { cause: YES_SLOT } });
    }
  });

  it('is undefined for a slot not spoken: none, empty or blank', () => {
    expect(resolvedSlotId(request(), Slot.cause)).toBeUndefined();
    for (const value of ['', '   '])
      expect(resolvedSlotId(request(slot(Slot.cause, value, { id: 'sciatica' })), Slot.cause)).toBeUndefined();
  });
});

describe('src/skill/slot-values.json, the English slot values the answer looks spoken values up in', () => {
  it('is up to date with the en-US and en-GB models (run `npx tsx scripts/slot-values.ts` to regenerate it)', () => {
    expect(readFileSync(SLOT_VALUES_FILE, 'utf8')).toBe(renderSlotValues());
  });

  it('stores spoken forms as the skill compares them, for the slot types the name-free intents use', () => {
    const table = JSON.parse(readFileSync(SLOT_VALUES_FILE, 'utf8')) as { en: Record<string, Record<string, string[]>> };
    expect(Object.keys(table.en).sort()).toEqual(Object.values(SlotType).sort());
    for (const ids of Object.values(table.en)) for (const form of Object.values(ids).flat()) expect(spokenForm(form)).toBe(form);
    for (const sample of ['Sciatica!', "  Restless   legs'  ", 'ACUTE LIMB ISCHAEMIA']) expect(spokenForm(sample)).toBe(normalise(sample));
    expect(Object.keys(table.en[SlotType.cause]!).sort()).toEqual(rules.causes.map((c) => c.id).sort());
  });
});

/** The log lines one request wrote. */
async function send(envelope: RequestEnvelope) {
  const before = logLines.length;
  const response = await handler(envelope);
  return { response, logged: logLines.slice(before) };
}

/** A CanFulfillIntentRequest as the console sends it (no entity resolution), or with Alexa's entity resolution. */
function withResolutions(locale: string, name: string, slots: SlotValues): RequestEnvelope {
  const { session: _session, ...envelope } = intentRequest(locale, { sessionId: 's', isNew: true, attributes: {} }, name, slots);
  const request = envelope.request as IntentRequest;
  return {
    ...envelope,
    request: {
      type: 'CanFulfillIntentRequest',
      requestId: request.requestId,
      timestamp: request.timestamp,
      locale,
      intent: request.intent,
    },
  } as RequestEnvelope;
}

describe.each(ENGLISH)('the skill asked CanFulfillIntentRequest in %s', (locale) => {
  const { intents, types = [] } = loadModel(locale).interactionModel.languageModel;
  const cases: Array<[string, SlotValues]> = [];
  for (const { name, slots = [] } of intents) {
    cases.push([name, {}]);
    for (const { name: slotName, type } of slots) {
      const [first] = types.find((t) => t.name === type)!.values;
      cases.push([name, { [slotName]: { value: first!.name.value, id: first!.id! } }]);
      cases.push([name, { [slotName]: { value: 'zzyzx unknown' } }]);
    }
  }

  it.each(cases.map(([name, slots]) => [`${name} ${JSON.stringify(slots)}`, name, slots] as const))(
    'answers %s with the can-fulfill answer alone: no speech, no session, one log line without slot values',
    async (_label, name, slots) => {
      for (const envelope of [canFulfillIntentRequest(locale, name, slots), withResolutions(locale, name, slots)]) {
        const request = envelope.request as unknown as { intent: AlexaIntent };
        const { response, logged } = await send(envelope);
        expect(response.response).toEqual({ canFulfillIntent: canFulfillIntent(request.intent, locale) });
        expect(response.sessionAttributes).toBeUndefined();
        expect(logged).toHaveLength(1);
        const line = JSON.parse(logged[0]!) as Record<string, unknown>;
        expect(line).toEqual(expect.objectContaining({ level: 'info', requestType: 'CanFulfillIntentRequest', locale }));
        expect(Object.keys(line).every((k) => ['level', 'requestId', 'locale', 'requestType', 'intent', 'latencyMs'].includes(k))).toBe(
          true,
        );
        for (const { value } of Object.values(slots)) expect(logged[0]).not.toContain(value);
      }
    },
  );

  it('leaves a session it is asked in as it was, and says nothing', async () => {
    const envelope = canFulfillIntentRequest(locale, Intent.describePain);
    const attributes = { version: 2, stage: 'interview', replies: [], misses: 0 };
    const inSession = {
      ...envelope,
      session: { new: false, sessionId: 's', application: { applicationId: 'a' }, attributes, user: { userId: 'u' } },
    } as RequestEnvelope;
    const { response } = await send(inSession);
    expect(response.response).toEqual({ canFulfillIntent: { canFulfill: 'YES' } });
    expect(response.sessionAttributes).toEqual(attributes);
  });
});

describe('the manifest', () => {
  it('declares the CanFulfillIntentRequest interface next to APL', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'skill-package', 'skill.json'), 'utf8')) as {
      manifest: { apis: { custom: { interfaces: Array<{ type: string }> } } };
    };
    expect(manifest.manifest.apis.custom.interfaces.map((i) => i.type).sort()).toEqual([
      'ALEXA_PRESENTATION_APL',
      'CAN_FULFILL_INTENT_REQUEST',
    ]);
  });
});

/** Amazon's NFI toolkit limits: up to five skill launch phrases, up to five intent launch phrases per ingress point. */
const MAX_LAUNCH_PHRASES = 5;
const MAX_PHRASES_PER_INTENT = 5;

describe.each(ENGLISH)('the name-free ingress points of the %s model', (locale) => {
  const raw = JSON.parse(readFileSync(modelPath(locale), 'utf8')) as { interactionModel: Record<string, unknown> };
  const nameFree = loadNameFree(locale);
  const { intents } = loadModel(locale).interactionModel.languageModel;
  const recogniser = createRecogniser(locale);
  const phrases = nameFree.ingressPoints.flatMap((point) => point.sampleUtterances.map((u) => ({ point, phrase: u.value })));

  it('sit in the interaction model, next to the language model, in the documented shape', () => {
    expect(Object.keys(raw.interactionModel).sort()).toEqual(['_nameFreeInteraction', 'languageModel']);
    expect(nameFreeSchema.safeParse(raw.interactionModel._nameFreeInteraction).success).toBe(true);
    for (const point of nameFree.ingressPoints) {
      if (point.type === 'LAUNCH') expect(point.name).toBeUndefined();
      else expect(intents.map((i) => i.name).filter((n) => !n.startsWith('AMAZON.'))).toContain(point.name);
    }
    const intentPoints = nameFree.ingressPoints.filter((p) => p.type === 'INTENT').map((p) => p.name);
    expect(new Set(intentPoints).size).toBe(intentPoints.length);
  });

  it('stay within the documented counts: five skill launch phrases, five per intent', () => {
    const launch = nameFree.ingressPoints.filter((p) => p.type === 'LAUNCH').flatMap((p) => p.sampleUtterances);
    expect(launch.length).toBeGreaterThan(0);
    expect(launch.length).toBeLessThanOrEqual(MAX_LAUNCH_PHRASES);
    for (const point of nameFree.ingressPoints.filter((p) => p.type === 'INTENT')) {
      expect(point.sampleUtterances.length).toBeGreaterThan(0);
      expect(point.sampleUtterances.length).toBeLessThanOrEqual(MAX_PHRASES_PER_INTENT);
    }
  });

  it('are complete phrases with no slot, each said once', () => {
    for (const { phrase } of phrases) {
      expect({ phrase, slot: /[{}]/.test(phrase) }).toEqual({ phrase, slot: false });
      expect(phrase).toBe(normalise(phrase));
      const words = phrase.split(' ');
      expect({
        phrase,
        complete: words.length >= 3 && !['and', 'or', 'the', 'a', 'to', 'with', 'about', 'of', 'my'].includes(words.at(-1)!),
      }).toEqual({
        phrase,
        complete: true,
      });
    }
    const said = phrases.map(({ phrase }) => normalise(phrase));
    expect(said.filter((p, i) => said.indexOf(p) !== i)).toEqual([]);
  });

  it.each(phrases.map(({ point, phrase }) => [phrase, point.type, point.name ?? Intent.describePain] as const))(
    '"%s" (%s) is recognised as %s, and the skill takes it: can-fulfill YES',
    async (phrase, type, expected) => {
      const match = await recogniser.match(phrase);
      expect(match.intent).toBe(expected);
      // A skill launch phrase opens the same interview the leg-pain question does: it names no slot.
      if (type === 'LAUNCH') expect(match.slots).toEqual({});
      const slots = Object.fromEntries(Object.entries(match.slots).map(([name, { value }]) => [name, slot(name, value)]));
      expect(canFulfillIntent({ name: match.intent, confirmationStatus: 'NONE', slots }, locale).canFulfill).toBe('YES');
    },
  );

  it.each(phrases.map(({ phrase }) => [phrase] as const))(
    '"%s", said without the skill\'s name, opens with the disclaimer, then the first question or the answer',
    async (phrase) => {
      const conversation = createConversation(locale, handler, recogniser);
      const { reply } = await createNameFree(locale, handler, recogniser, conversation).hear(phrase);
      expect(reply).toBeDefined();
      const speech = reply!.speech;
      const disclaimer = speech.indexOf('not a diagnosis');
      expect(disclaimer).toBeGreaterThanOrEqual(0);
      expect(speech.split('. ').findIndex((s) => s.includes('not a diagnosis'))).toBeLessThanOrEqual(1);
      expect(speech).toMatch(locale === 'en-GB' ? /999/ : /911/);
      if (reply!.sessionEnded) {
        // The answer: what the cause is and what helps, then how to talk it through.
        expect(speech).toMatch(/say: open Leg Pain Guide\.$/);
      } else {
        expect(speech.trim().endsWith('?')).toBe(true);
        expect(speech.lastIndexOf('?')).toBeGreaterThan(disclaimer);
      }
      await conversation.end();
    },
  );
});

describe('the name-free container and the published SMAPI schema', () => {
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
  ajv.addSchema({ $id: 'smapi', definitions: (spec as { definitions: object }).definitions });
  const validate = ajv.getSchema('smapi#/definitions/v1.skill.interactionModel.InteractionModelData')!;

  it('has no definition in ask-smapi-model: the schema lets any container through unchecked', () => {
    expect(JSON.stringify(spec)).not.toMatch(/nameFreeInteraction|ingressPoint/i);
    const model = JSON.parse(readFileSync(modelPath('en-US'), 'utf8')) as { interactionModel: Record<string, unknown> };
    const nonsense = { ...model, interactionModel: { ...model.interactionModel, _nameFreeInteraction: { anything: 42 } } };
    expect(validate(nonsense)).toBe(true);
  });

  it.each(ENGLISH)('validates the rest of the %s model with the container removed', (locale) => {
    const model = JSON.parse(readFileSync(modelPath(locale), 'utf8')) as { interactionModel: Record<string, unknown> };
    const { _nameFreeInteraction: _container, ...rest } = model.interactionModel;
    expect({ valid: validate({ ...model, interactionModel: rest }), errors: validate.errors ?? null }).toEqual({
      valid: true,
      errors: null,
    });
  });

  it('is only in the English models: name-free interaction is English-only', () => {
    expect(loadNameFree('de-DE').ingressPoints).toEqual([]);
  });
});

describe('npm start -- --name-free', () => {
  function script(lines: string[], ...args: string[]) {
    const run = spawnSync('npm', ['start', '--silent', '--', '--name-free', ...args], {
      cwd: root,
      input: `${lines.join('\n')}\n`,
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
  }

  it('asks the skill whether it can take the question, then starts the interview', () => {
    const { status, stdout } = script(['why does my leg hurt when i lie down', 'no']);
    expect(status).toBe(0);
    expect(stdout).toContain('You: why does my leg hurt when i lie down\n[CanFulfillIntentRequest DescribeLegPainIntent: YES]\n');
    expect(stdout).toMatch(
      /Alexa: Let's look at your leg pain\. I give information for adults, not a diagnosis\. In an emergency, call 911\. .*\?\n/,
    );
    expect(stdout).toMatch(/You: no\nAlexa: Any numbness around your bottom/);
  });

  it('says when Alexa would not route a request here, and opens the skill on a skill launch phrase', () => {
    const { status, stdout } = script(['what can i do tonight', 'tell me about sciatica', 'my leg hurts at night'], '--locale', 'en-GB');
    expect(status).toBe(0);
    expect(stdout).toContain('[CanFulfillIntentRequest TonightIntent: NO]\n(Alexa would not route this to leg pain guide: it answered NO)');
    expect(stdout).toContain(
      '[CanFulfillIntentRequest MoreAboutCauseIntent {cause: "sciatica"}: YES; cause understood YES, fulfilled YES]',
    );
    expect(stdout).toMatch(/Alexa: I give information for adults, not a diagnosis\. In an emergency, call 999\. Sciatica /);
    expect(stdout).toContain('[skill launch phrase: Alexa opens leg pain guide]\nAlexa: Welcome to Leg Pain Guide.');
  });
});
