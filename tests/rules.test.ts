import questions from '../src/rules/data/questions.json';
import causes from '../src/rules/data/causes.json';
import advice from '../src/rules/data/advice.json';
import outcomes from '../src/rules/data/outcomes.json';
import descriptions from '../src/rules/data/descriptions.json';
import type * as Rules from '../src/rules';
import type * as Schema from '../src/rules/schema';
import { rules } from '../src/rules';
import { loadFresh } from './helpers/fresh-module';
import { rulesData as data } from './helpers/rules-data';

/** The schema and the project's rules, loaded afresh inside each test (see helpers/fresh-module.ts). */
const parseRules = (input: unknown) => loadFresh<typeof Schema>('../../src/rules/schema').parseRules(input);
const validateFully = (input: unknown) => loadFresh<typeof Schema>('../../src/rules/schema').validateRulesFully(input);
const loadRules = () => loadFresh<typeof Rules>('../../src/rules').rules;

/** What the schema said about data it refused: each problem's path and message (zod's issues). */
function schemaProblems(input: unknown): Array<{ path: Array<string | number>; message: string; code: string }> {
  try {
    parseRules(input);
  } catch (error) {
    if (error instanceof Error && Array.isArray((error as { issues?: unknown }).issues)) return (error as unknown as { issues: [] }).issues;
    throw error;
  }
  throw new Error('the rules were accepted');
}

describe('the rules data', () => {
  it('loads and names a source for every question, cause and piece of advice', () => {
    expect(rules.questions.length).toBeGreaterThan(10);
    for (const item of [...questions, ...causes, ...advice]) expect(item.source.length).toBeGreaterThan(8);
  });

  it('asks the five safety questions of everyone first, highest acuity first, and the open question before the first pattern', () => {
    const loaded = loadRules();
    expect(loaded.safetyQuestions.map((q) => [q.id, q.reach])).toEqual([
      ['breathing', 'emergency'],
      ['caudaEquina', 'emergency'],
      ['legChanged', 'emergency'],
      ['suddenOrInjury', 'emergency'],
      ['clotRisk', 'urgent'],
    ]);
    expect(loaded.questions[loaded.describeIndex]!.id).toBe('nervePain');
    expect(loaded.questions.map((q) => q.index)).toEqual(loaded.questions.map((_q, i) => i));
    expect(loaded.questions.map((q) => q.id)).toEqual(questions.map((q) => q.id));
  });

  it('knows how far each warning sign can lead: its own level, or the highest of the warning signs it opens', () => {
    const reach = Object.fromEntries(
      loadRules()
        .questions.filter((q) => q.level !== q.reach)
        .map((q) => [q.id, `${q.level} -> ${q.reach}`]),
    );
    expect(reach).toEqual({
      legChanged: 'soon -> emergency',
      coolPaleFoot: 'urgent -> emergency',
      oneLegSwollen: 'urgent -> emergency',
      bothLegsSwollen: 'soon -> urgent',
      suddenOrInjury: 'soon -> emergency',
      onBloodThinners: 'urgent -> emergency',
      clotRisk: 'soon -> urgent',
      // What the pain is described as opens the discriminating questions: rest pain, weakness, the spinal red flags.
      nervePain: 'soon -> urgent',
      nightCramp: 'selfcare -> urgent',
      jointPain: 'selfcare -> urgent',
      fromBack: 'soon -> urgent',
      aching: 'selfcare -> urgent',
      burningPain: 'selfcare -> urgent',
      footPain: 'selfcare -> urgent',
      tenderSpot: 'selfcare -> urgent',
      claudication: 'soon -> urgent',
      nightOrConstant: 'soon -> urgent',
    });
  });

  it('asks yes or no only the patterns that follow up an answer or stand in for the open question; the open question finds the rest', () => {
    const loaded = loadRules();
    const neverAsked = [
      'nervePain',
      'aching',
      'burningPain',
      'footPain',
      'tenderSpot',
      'calfTender',
      'bothFeetBurning',
      'heavyVeins',
      'claudication',
    ];
    expect(loaded.questions.filter((q) => !q.askable).map((q) => q.id)).toEqual(neverAsked);
    expect(loaded.questions.filter((q) => q.askWhen.length === 0 && q.kind === 'pattern').map((q) => q.id)).toEqual([
      'nervePain',
      'urgeToMove',
      'nightCramp',
      'jointPain',
      'fromBack',
      ...neverAsked.slice(1),
    ]);
    expect([...loaded.safetyNets].sort()).toEqual([
      'arteriesWorse',
      'bleedWorse',
      'caudaEquina',
      'changeWorse',
      'clotOrInfection',
      'clotSigns',
      'emergencySigns',
      'fractureWorse',
      'infectionWorse',
      'limbThreat',
      'nerveWorse',
      'pregnancyClot',
      'sciaticaWorse',
      'swellingWorse',
      'swollenRedHot',
      'worsens',
    ]);
    expect(loaded.causeById.get('deepVeinThrombosis')).toEqual(expect.objectContaining({ level: 'urgent', advice: [] }));
    expect(loaded.adviceById.get('crampStretch')).toEqual(expect.objectContaining({ when: 'now' }));
    expect(loaded.questionById.get('clotRisk')).toEqual(expect.objectContaining({ kind: 'fact', index: 17 }));
    expect(loaded.descriptionIds).toEqual(descriptions.descriptions.map((d) => d.id));
  });

  it('covers every cause of the seed and the two from CLINICAL.md', () => {
    const expected = [
      'mattressPosition',
      'muscleFatigue',
      'nightCramps',
      'arthritis',
      'tendinitis',
      'bursitis',
      'strainSprain',
      'sciatica',
      'herniatedDisc',
      'spinalStenosis',
      'piriformisSyndrome',
      'peripheralArteryDisease',
      'deepVeinThrombosis',
      'venousDisease',
      'restlessLegs',
      'peripheralNeuropathy',
      'swollenLegs',
    ];
    expect(rules.causes.map((c) => c.id)).toEqual(expect.arrayContaining(expected));
    for (const id of expected) {
      const named = rules.questions.some((q) => q.causes.includes(id));
      const byDefault = Object.values(rules.outcomes).some((o) => o.defaultCauses.includes(id));
      expect({ id, reachable: named || byDefault }).toEqual({ id, reachable: true });
    }
  });

  it('rejects a rule without a source', () => {
    const broken = data();
    broken.questions[0]!.source = '';
    expect(schemaProblems(broken)).toEqual([
      expect.objectContaining({ path: ['questions', 0, 'source'], message: 'every rule names its source' }),
    ]);
  });

  it('rejects a question naming a cause that does not exist', () => {
    const broken = data();
    broken.questions[0]!.causes = ['gout'];
    expect(() => parseRules(broken)).toThrow(/unknown cause "gout"/);
  });

  it('rejects duplicate ids', () => {
    const broken = data();
    broken.questions.push(broken.questions[0]!);
    expect(() => parseRules(broken)).toThrow(/duplicate id "breathing"/);
  });

  it('rejects a follow-up asked before the question it follows', () => {
    const broken = data();
    const followUp = broken.questions.findIndex((q) => q.askWhen && q.askWhen.length > 0);
    const [moved] = broken.questions.splice(followUp, 1);
    broken.questions.unshift(moved!);
    expect(() => parseRules(broken)).toThrow(/not an earlier question/);
  });

  it('rejects an emergency sign asked after a lower-acuity red flag', () => {
    const broken = data();
    const [breathing] = broken.questions.splice(0, 1);
    broken.questions.push(breathing!);
    expect(() => parseRules(broken)).toThrow(/highest acuity first/);
  });

  it('rejects an emergency sign written as a pattern, where "I don\'t know" would not count', () => {
    const broken = data();
    broken.questions[0]!.kind = 'pattern';
    expect(() => parseRules(broken)).toThrow(/are warning signs, so that "I don't know" counts as yes/);
  });

  it('walks every outcome the rules reach, and refuses rules where one names narrowed arteries with raising the legs or stockings', () => {
    expect(validateFully(data()).questions.length).toBe(questions.length);
    const broken = data();
    // Claudication made to name varicose veins first: their advice would come with narrowed arteries named beside it.
    broken.questions.find((q) => q.id === 'claudication')!.causes = ['venousDisease', 'peripheralArteryDisease'];
    expect(() => parseRules(broken)).not.toThrow();
    // Each conflict on its own line, with the outcome's causes and advice, for the clinician who edits the data.
    const problems = crossCheckProblems(broken, validateFully);
    expect(problems).toEqual(
      expect.arrayContaining([
        'an outcome names "peripheralArteryDisease" and gives "raiseLegs", which "peripheralArteryDisease" must avoid (venousDisease, peripheralArteryDisease: raiseLegs, stockings)',
        'an outcome names "peripheralArteryDisease" and gives "stockings", which "peripheralArteryDisease" must avoid (venousDisease, peripheralArteryDisease: raiseLegs, stockings)',
      ]),
    );
    for (const problem of problems)
      expect(problem).toMatch(/^an outcome names "peripheralArteryDisease" and gives "(raiseLegs|stockings)", which/);
  });

  it('rejects a cause named in an outcome below the care it needs (a clot named as "see a doctor soon")', () => {
    const broken = data();
    broken.questions.find((q) => q.id === 'nightOrConstant')!.causes = ['deepVeinThrombosis'];
    expect(() => parseRules(broken)).toThrow(/names "deepVeinThrombosis", which needs urgent/);
  });

  it('rejects self-care advice for a cause that needs care today (stretching a possible clot)', () => {
    const broken = data();
    broken.causes.find((c) => c.id === 'deepVeinThrombosis')!.advice = ['crampStretch'];
    expect(() => parseRules(broken)).toThrow(/"deepVeinThrombosis" needs care today but carries self-care advice/);
  });

  it('rejects a reminder to check on the leg in days, where the advice is to get care today', () => {
    const broken = data();
    Object.assign(broken.outcomes.urgent, { reminderDays: 2 });
    expect(() => parseRules(broken)).toThrow(/outcome "urgent" offers a reminder, but at this level the advice is to act now/);
  });

  it('rejects a description implying an unknown question, and a pattern nothing can reach', () => {
    const unknown = data();
    unknown.descriptions.descriptions[0]!.implies = ['gout'];
    expect(() => parseRules(unknown)).toThrow(/implies unknown question "gout"/);
    const unreachable = data();
    unreachable.descriptions.descriptions = unreachable.descriptions.descriptions.filter((d) => d.id !== 'heavy');
    expect(() => parseRules(unreachable)).toThrow(/"heavyVeins" is neither asked nor implied/);
  });

  it('rejects a pattern asked of everyone before the open question, and takes one that follows up a warning sign there', () => {
    const broken = data();
    const index = broken.questions.findIndex((q) => q.id === 'urgeToMove');
    const [restless] = broken.questions.splice(index, 1);
    broken.questions.splice(2, 0, restless!);
    expect(() => parseRules(broken)).toThrow(/"urgeToMove" comes before the open question/);
    const followUp = data();
    const burning = followUp.questions.findIndex((q) => q.id === 'bothFeetBurning');
    followUp.questions[burning]!.askWhen = ['legChanged'];
    // Asked as a follow-up, it needs no description to imply it.
    followUp.descriptions.descriptions.find((d) => d.id === 'burningFeet')!.implies = ['footPain'];
    followUp.questions.splice(3, 0, ...followUp.questions.splice(burning, 1));
    expect(parseRules(followUp).questionById.get('bothFeetBurning')).toEqual(expect.objectContaining({ index: 3, askable: true }));
  });

  it('knows a warning sign can lead as high as the follow-ups of its follow-ups', () => {
    // Without a cold pale leg, a changed leg reaches an emergency only through one swollen leg, then fever.
    const nested = data();
    nested.questions = nested.questions.filter((q) => q.id !== 'coldPaleLeg');
    expect(parseRules(nested).questionById.get('legChanged')!.reach).toBe('emergency');
  });

  /** The cross-checks' findings for broken data, one a line. */
  function crossCheckProblems(broken: unknown, check: (input: unknown) => unknown = parseRules): string[] {
    try {
      check(broken);
    } catch (error) {
      const message = (error as Error).message;
      if (message.startsWith('Invalid triage rules:\n- ')) return message.slice('Invalid triage rules:\n- '.length).split('\n- ');
      throw error;
    }
    throw new Error('the rules were accepted');
  }

  it.each<[string, (d: ReturnType<typeof data>) => void, string[]]>([
    ['a duplicate cause', (d) => void d.causes.push(d.causes[0]!), ['duplicate id "mattressPosition"']],
    ['a duplicate piece of advice', (d) => void d.advice.push(d.advice[1]!), ['duplicate id "sipWater"']],
    ['a duplicate description', (d) => void d.descriptions.descriptions.push(d.descriptions.descriptions[2]!), ['duplicate id "tingling"']],
    [
      'an open question before no question',
      (d) => void (d.descriptions.askBefore = 'gout'),
      ['the open question comes before "gout", which is no question'],
    ],
    [
      'a cause with unknown advice',
      (d) => void (d.causes[0]!.advice = ['pillowKnees', 'yoga']),
      ['cause "mattressPosition" names unknown advice "yoga"'],
    ],
    [
      'an outcome naming an unknown cause',
      (d) => void d.outcomes.selfcare.defaultCauses.push('gout'),
      ['outcome "selfcare" names unknown cause "gout"'],
    ],
    [
      'a default cause a pattern asks about, which a "no" would not take back',
      (d) => void d.outcomes.selfcare.defaultCauses.push('nightCramps'),
      ['outcome "selfcare" names "nightCramps" by default, which pattern "nightCramp" asks about: it would be named after a no'],
    ],
    [
      'a clot as a default self-care cause',
      (d) => void d.outcomes.selfcare.defaultCauses.push('deepVeinThrombosis'),
      ['outcome "selfcare" names "deepVeinThrombosis", which needs urgent'],
    ],
    [
      'an outcome with unknown advice',
      (d) => void (d.outcomes.soon.fallbackAdvice = ['yoga']),
      ['outcome "soon" names unknown advice "yoga"'],
    ],
    [
      'a body part taken as an unknown description',
      (d) => void ((d.descriptions.parts as Record<string, string>).toe = 'gout'),
      ['body part "toe" is taken as unknown description "gout"'],
    ],
    [
      'a fallback that is a warning sign',
      (d) => void (d.descriptions.fallback = ['nightCramp', 'nightOrConstant']),
      ['fallback "nightOrConstant" is not an ungated pattern'],
    ],
    [
      'a fallback that is a follow-up',
      (d) => void (d.descriptions.fallback = ['nightCramp', 'systemicFlags']),
      ['fallback "systemicFlags" is not an ungated pattern'],
    ],
    [
      'a cause that gives advice it must avoid',
      (d) => void (d.causes.find((c) => c.id === 'peripheralArteryDisease')!.advice = ['walkDaily', 'raiseLegs']),
      ['cause "peripheralArteryDisease" gives "raiseLegs", which it must avoid'],
    ],
    [
      'advice to avoid that is no advice',
      (d) => void (d.causes.find((c) => c.id === 'peripheralArteryDisease')!.avoid!.advice = ['yoga']),
      ['cause "peripheralArteryDisease" names unknown advice "yoga"'],
    ],
    [
      'first aid for a cause that can wait',
      (d) => void (d.causes.find((c) => c.id === 'nightCramps')!.firstAid = 'keepLegDown'),
      ['cause "nightCramps" has first aid, which is for causes that need care today or sooner'],
    ],
    [
      'a feeling in a part taken as no description',
      (d) => void d.descriptions.combinations.push({ feel: 'burning', parts: ['toe', 'heel'], as: 'gout' }),
      ['"burning" in toe, heel names unknown description "gout"'],
    ],
    [
      'a fallback that is a follow-up pattern',
      (d) => {
        d.questions.find((q) => q.id === 'bothFeetBurning')!.askWhen = ['legChanged'];
        d.descriptions.fallback = ['nightCramp', 'bothFeetBurning'];
      },
      ['fallback "bothFeetBurning" is not an ungated pattern'],
    ],
    [
      'a fallback that is no question',
      (d) => void (d.descriptions.fallback = ['nightCramp', 'gout']),
      ['fallback "gout" is not an ungated pattern'],
    ],
    [
      'a cause no question or outcome names',
      (d) => void d.causes.push({ id: 'gout', level: 'soon', advice: [], source: 'CLINICAL.md: gout' } as (typeof d.causes)[number]),
      ['cause "gout" is never named by a question or an outcome'],
    ],
    [
      'a warning sign that is not the highest acuity left, and an unknown advice: every problem at once',
      (d) => {
        const [caudaEquina] = d.questions.splice(1, 1);
        d.questions.splice(d.questions.findIndex((q) => q.id === 'clotRisk') + 1, 0, caudaEquina!);
        d.causes[0]!.advice = ['yoga'];
      },
      [
        'warning sign "caudaEquina" (emergency) comes after a lower-acuity one: ask highest acuity first',
        'cause "mattressPosition" names unknown advice "yoga"',
      ],
    ],
  ])('rejects %s, saying what is wrong', (_case, breakIt, problems) => {
    const broken = data();
    breakIt(broken);
    expect(crossCheckProblems(broken)).toEqual(problems);
  });

  it('rejects an id that is not one camelCase word, and a source too short to name one', () => {
    for (const bad of ['Breathing', 'clot-risk', 'breathing1', '1breathing', 'clot risk', '']) {
      const broken = data();
      broken.questions[0]!.id = bad;
      expect({ bad, problems: schemaProblems(broken) }).toEqual({
        bad,
        problems: expect.arrayContaining([expect.objectContaining({ path: ['questions', 0, 'id'], message: 'ids are camelCase words' })]),
      });
    }
    const short = data();
    short.causes[0]!.source = 'seed: a';
    expect(schemaProblems(short)).toEqual([
      expect.objectContaining({ path: ['causes', 0, 'source'], message: 'every rule names its source' }),
    ]);
    const justLongEnough = data();
    justLongEnough.causes[0]!.source = 'seed: ab';
    expect(parseRules(justLongEnough).causes[0]!.source).toBe('seed: ab');
  });

  it('rejects rules with no question or no cause, and takes a question without follow-up gates as asked of everyone', () => {
    expect(schemaProblems({ ...data(), questions: [] })).toEqual([expect.objectContaining({ path: ['questions'], code: 'too_small' })]);
    expect(schemaProblems({ ...data(), causes: [] })).toEqual([expect.objectContaining({ path: ['causes'], code: 'too_small' })]);
    const withoutGates = data();
    expect('askWhen' in withoutGates.questions[0]!).toBe(false);
    expect(parseRules(withoutGates).questions[0]!.askWhen).toEqual([]);
  });

  it('rejects a level that does not exist and a missing outcome level', () => {
    const badLevel = data();
    (badLevel.questions[0] as { level: string }).level = 'critical';
    expect(schemaProblems(badLevel)).toEqual([
      expect.objectContaining({
        path: ['questions', 0, 'level'],
        code: 'invalid_value',
        values: ['selfcare', 'soon', 'urgent', 'emergency'],
      }),
    ]);
    const missing = data() as { outcomes: Partial<typeof outcomes> };
    delete missing.outcomes.soon;
    expect(schemaProblems(missing)).toEqual([
      expect.objectContaining({ path: ['outcomes', 'soon'], code: 'invalid_type', expected: 'object' }),
    ]);
  });
});
