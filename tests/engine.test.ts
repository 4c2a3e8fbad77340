import fc from 'fast-check';
import { lazy } from './helpers/lazy';
import {
  ANSWERS,
  MAX_DESCRIPTIONS,
  acuity,
  createEngine,
  engine,
  rules,
  type Answer,
  type Level,
  type Outcome,
  type Reply,
} from '../src/rules';

/** Answers what the engine asks: the given answer, or "no"; describes the pain as `described` at the open question. */
function run(given: Partial<Record<string, Answer>>, described = 'unclear'): { asked: string[]; replies: Reply[]; outcome: Outcome } {
  const { replies, outcome } = engine.walk(
    (question) => given[question.id] ?? 'no',
    () => described,
  );
  return { asked: replies.map((r) => ('question' in r ? r.question : 'describe')), replies, outcome };
}

const yes = (...ids: string[]) => Object.fromEntries(ids.map((id) => [id, 'yes' as Answer]));

/** The questions everyone hears before the open question, answered no. */
const safetyNos = rules.safetyQuestions.map((q): Reply => ({ question: q.id, answer: 'no' }));

/** The chain of gates that must be answered yes for this question to be asked at all (the first gate of each). */
function gatesOf(id: string): string[] {
  const gate = rules.questionById.get(id)!.askWhen[0];
  return gate === undefined ? [] : [...gatesOf(gate), gate];
}

/** Written out here rather than taken from the engine, so that a change to the rule fails these tests. */
const countsAsYes = (kind: string, answer: Answer) => answer === 'yes' || (answer === 'unsure' && kind !== 'pattern');

describe('each warning sign and cause leads to its level (the clinical checklist)', () => {
  const signs: Array<[string, string[], string, Level, string | null]> = [
    // The seed's "When to Seek Medical Attention"
    ['seed: sudden and severe pain', ['suddenOrInjury', 'suddenSevere'], 'unclear', 'urgent', 'strainSprain'],
    ['seed: pain that keeps waking, or never eases', ['nightOrConstant'], 'ache', 'soon', null],
    ['seed: numbness or tingling', [], 'tingling', 'soon', 'nerveIrritation'],
    ['seed: weakness in the leg (CLINICAL: one leg getting weaker, urgent)', ['legWeakness'], 'shooting', 'urgent', 'herniatedDisc'],
    ['seed: swelling, redness or warmth of one leg', ['legChanged', 'oneLegSwollen'], 'unclear', 'urgent', 'deepVeinThrombosis'],
    ['seed: noticeable skin changes with heavy, aching veins', ['legChanged'], 'heavy', 'soon', 'venousDisease'],
    ['seed: pain that follows an injury', ['suddenOrInjury'], 'unclear', 'soon', 'strainSprain'],
    [
      'seed: calf pain after a long journey (a clot trigger), in one calf and staying',
      ['clotRisk', 'clotPain'],
      'unclear',
      'urgent',
      'deepVeinThrombosis',
    ],
    [
      'seed: a leg unusually cool or pale, without a sudden change (CLINICAL: same day)',
      ['legChanged', 'coolPaleFoot'],
      'unclear',
      'urgent',
      'criticalLimbIschaemia',
    ],
    [
      'seed and CLINICAL: a leg suddenly cold, pale or bluish',
      ['legChanged', 'coolPaleFoot', 'coldPaleLeg'],
      'unclear',
      'emergency',
      'acuteLimbIschaemia',
    ],
    ['seed: both legs swollen with breathing problems', ['breathing'], 'unclear', 'emergency', 'pulmonaryEmbolism'],
    [
      'seed: PAD rest pain, burning or cramping, eased by dangling the leg (CLINICAL: same day)',
      ['easesHangingDown'],
      'burning',
      'urgent',
      'criticalLimbIschaemia',
    ],
    // CLINICAL.md red flags
    ['CLINICAL: clot travelling to the lungs', ['breathing'], 'unclear', 'emergency', 'pulmonaryEmbolism'],
    [
      'CLINICAL: a clot risk factor with cramps that settle: see a doctor, with a clot safety net',
      ['clotRisk'],
      'cramp',
      'soon',
      'nightCramps',
    ],
    ['CLINICAL: pregnancy: the maternity route', ['clotRisk', 'pregnant'], 'cramp', 'soon', 'nightCramps'],
    [
      'CLINICAL: acute limb ischaemia after sudden pain, a numb foot that cannot move',
      ['suddenOrInjury', 'footNumbStill'],
      'unclear',
      'emergency',
      'acuteLimbIschaemia',
    ],
    [
      'CLINICAL: critical limb ischaemia after claudication, rest pain eased by hanging the leg down',
      ['easesHangingDown'],
      'afterWalking',
      'urgent',
      'criticalLimbIschaemia',
    ],
    ['CLINICAL: cauda equina', ['caudaEquina'], 'unclear', 'emergency', 'caudaEquina'],
    [
      'CLINICAL: spinal red flags: constant pain with fever, weight loss or cancer',
      ['nightOrConstant', 'systemicFlags'],
      'ache',
      'urgent',
      'seriousSpinalCondition',
    ],
    ['CLINICAL: cellulitis, a red hot swollen leg', ['legChanged', 'oneLegSwollen'], 'unclear', 'urgent', 'cellulitis'],
    [
      'CLINICAL: cellulitis with fever, confusion or a fast heartbeat',
      ['legChanged', 'oneLegSwollen', 'infectionSpreading'],
      'unclear',
      'emergency',
      'cellulitis',
    ],
    [
      'CLINICAL: compartment syndrome after any injury',
      ['suddenOrInjury', 'outOfProportion'],
      'unclear',
      'emergency',
      'compartmentSyndrome',
    ],
    ['CLINICAL: any injury on blood thinners', ['suddenOrInjury', 'onBloodThinners'], 'unclear', 'urgent', 'legBleed'],
    [
      'CLINICAL: on blood thinners, a leg swelling up',
      ['suddenOrInjury', 'onBloodThinners', 'thinnersSwelling'],
      'unclear',
      'emergency',
      'compartmentSyndrome',
    ],
    [
      'CLINICAL: cannot bear weight after an injury, a possible broken bone',
      ['suddenOrInjury', 'cannotBearWeight'],
      'unclear',
      'urgent',
      'brokenBone',
    ],
    ['CLINICAL: swelling in both legs', ['legChanged', 'bothLegsSwollen'], 'unclear', 'soon', 'swollenLegs'],
    [
      'CLINICAL: swelling in both legs, new and quick',
      ['legChanged', 'bothLegsSwollen', 'swellingFast'],
      'unclear',
      'urgent',
      'swollenLegs',
    ],
    ['CLINICAL: sores or blackened skin on the foot', ['legChanged', 'footSores'], 'unclear', 'urgent', 'footAtRisk'],
    ['CLINICAL: intermittent claudication', [], 'afterWalking', 'soon', 'peripheralArteryDisease'],
    ['CLINICAL: restless legs syndrome, described', [], 'restless', 'soon', 'restlessLegs'],
    ['CLINICAL: restless legs syndrome, asked', ['urgeToMove'], 'unclear', 'soon', 'restlessLegs'],
    ['CLINICAL: peripheral neuropathy, burning in both feet', [], 'burningFeet', 'soon', 'peripheralNeuropathy'],
    ['CLINICAL: a tender calf is not arthritis: a doctor, with a clot safety net', [], 'tenderCalf', 'soon', null],
    // Causes the seed names
    ['seed: night cramps, described', [], 'cramp', 'selfcare', 'nightCramps'],
    ['seed: night cramps, asked', ['nightCramp'], 'unclear', 'selfcare', 'nightCramps'],
    ['seed: joint pain in a resting position', [], 'joint', 'selfcare', 'arthritis'],
    ['seed: bursitis or tendinitis, a tender spot', [], 'tender', 'selfcare', 'bursitis'],
    ['seed: varicose veins', [], 'heavy', 'selfcare', 'venousDisease'],
    ['seed: sciatica, shooting pain from the back', [], 'shooting', 'soon', 'sciatica'],
    ['seed: sciatica, asked when the pain is only an ache', ['fromBack'], 'ache', 'soon', 'sciatica'],
    ['seed: herniated disc, spinal stenosis, piriformis syndrome', [], 'shooting', 'soon', 'herniatedDisc'],
    ['seed: nerve pain not from the back', [], 'tingling', 'soon', 'nerveIrritation'],
    ['seed: mattress and sleeping position, muscle fatigue', [], 'ache', 'selfcare', 'mattressPosition'],
  ];

  it.each(signs)('%s', (_sign, answeredYes, described, level, cause) => {
    const { asked, outcome } = run(yes(...answeredYes), described);
    for (const id of answeredYes) expect(asked).toContain(id);
    expect(outcome.level).toBe(level);
    if (cause) expect(outcome.causes).toContain(cause);
    else expect(outcome.causes).toEqual([]);
  });

  it('covers every cause and every warning sign in the rules', () => {
    const named = new Set(signs.flatMap(([, , described, level, cause]) => [cause, ...run(yes(), described).outcome.causes, level]));
    const tried = new Set(signs.flatMap(([, ids]) => ids));
    const outcomesOfCases = signs.flatMap(([, ids, described]) => run(yes(...ids), described).outcome.causes);
    for (const q of rules.questions.filter((x) => x.kind !== 'pattern'))
      expect({ sign: q.id, tried: tried.has(q.id) }).toEqual({ sign: q.id, tried: true });
    const everyCause = new Set([...named, ...outcomesOfCases]);
    for (const c of rules.causes) expect({ cause: c.id, covered: everyCause.has(c.id) }).toEqual({ cause: c.id, covered: true });
  });
});

/** Every interview the rules allow (engine.everyInterview): each way to an outcome, with its replies. */
const everyInterview = lazy(() => {
  const interviews: Array<{ replies: readonly Reply[]; outcome: Outcome; asked: string[]; said: string[]; yes: Set<string> }> = [];
  engine.everyInterview((replies, outcome) =>
    interviews.push({
      replies,
      outcome,
      asked: replies.flatMap((r) => ('question' in r ? [r.question] : [])),
      said: replies.flatMap((r) => ('described' in r ? [r.described] : [])),
      yes: new Set(replies.flatMap((r) => ('question' in r && r.answer === 'yes' ? [r.question] : []))),
    }),
  );
  return interviews;
});

/** Whether the interview asked `question` before it reached its outcome, or the outcome is urgent or higher. */
const askedOrCareToday = (i: { asked: string[]; outcome: Outcome }, question: string) =>
  i.asked.includes(question) || acuity(i.outcome.level) >= acuity('urgent');

describe('the 2026-12 clinical review, over every interview the rules allow', () => {
  it('walks thousands of interviews, every description and every answer', () => {
    expect(everyInterview().length).toBeGreaterThan(10_000);
  });

  it('F1: everyone whose pain is burning, cramping, aching or in the feet is asked about hanging the leg down before any outcome below urgent', () => {
    const describedSo = everyInterview().filter((i) => i.said.some((d) => ['burning', 'cramp', 'ache', 'burningFeet'].includes(d)));
    expect(describedSo.length).toBeGreaterThan(1000);
    expect(describedSo.filter((i) => !askedOrCareToday(i, 'easesHangingDown')).map((i) => i.replies)).toEqual([]);
  });

  it('F1: a yes to a cool or pale foot, or to rest pain eased by hanging the leg down, is never below urgent', () => {
    const limbThreat = everyInterview().filter((i) => i.yes.has('coolPaleFoot') || i.yes.has('easesHangingDown'));
    expect(limbThreat.length).toBeGreaterThan(100);
    expect(limbThreat.filter((i) => acuity(i.outcome.level) < acuity('urgent')).map((i) => i.replies)).toEqual([]);
  });

  it('F2: after any fall, knock, twist or sudden pain, blood thinners are asked before any outcome below urgent', () => {
    const injured = everyInterview().filter((i) => i.yes.has('suddenOrInjury') || i.said.includes('afterFall'));
    expect(injured.length).toBeGreaterThan(100);
    expect(injured.filter((i) => !askedOrCareToday(i, 'onBloodThinners')).map((i) => i.replies)).toEqual([]);
    expect(run(yes('suddenOrInjury', 'onBloodThinners')).outcome.level).toBe('urgent');
    expect(run(yes('suddenOrInjury', 'onBloodThinners', 'thinnersSwelling')).outcome.level).toBe('emergency');
  });

  it('F3: no outcome names narrowed arteries together with raising the legs or compression stockings', () => {
    const arteries = everyInterview().filter((i) =>
      i.outcome.causes.some((c) => ['peripheralArteryDisease', 'criticalLimbIschaemia'].includes(c)),
    );
    expect(arteries.length).toBeGreaterThan(100);
    expect(arteries.filter((i) => i.outcome.advice.some((a) => ['raiseLegs', 'stockings'].includes(a))).map((i) => i.outcome)).toEqual([]);
  });

  it('F4: after a nerve description, one-leg weakness is asked before any outcome below urgent, and a yes is urgent', () => {
    const nerve = everyInterview().filter(
      (i) => i.said.some((d) => ['shooting', 'tingling', 'burning'].includes(d)) || i.yes.has('fromBack'),
    );
    expect(nerve.length).toBeGreaterThan(1000);
    expect(nerve.filter((i) => !askedOrCareToday(i, 'legWeakness')).map((i) => i.replies)).toEqual([]);
    expect(run(yes('legWeakness'), 'tingling').outcome.level).toBe('urgent');
    expect(run({}, 'shooting').outcome.safetyNet).toBe('sciaticaWorse');
  });

  it('F5: the spinal red flags are reached from an ache, from the back or buttock, and from pain that wakes or never eases', () => {
    for (const [given, described] of [
      [yes('nightOrConstant', 'systemicFlags'), 'ache'],
      [yes('nightOrConstant', 'systemicFlags'), 'shooting'],
      [yes('fromBack', 'nightOrConstant', 'systemicFlags'), 'unclear'],
      [yes('nightOrConstant', 'systemicFlags'), 'joint'],
    ] as const) {
      expect({ described, level: run(given, described).outcome.level }).toEqual({ described, level: 'urgent' });
    }
    const aches = everyInterview().filter((i) => i.said.includes('ache'));
    expect(aches.filter((i) => !askedOrCareToday(i, 'nightOrConstant')).map((i) => i.replies)).toEqual([]);
  });

  it('F6: each urgent cause says what to do until then and what to watch for in its own words', () => {
    expect(run(yes('suddenOrInjury', 'cannotBearWeight')).outcome).toEqual(
      expect.objectContaining({ firstAid: 'offTheLeg', safetyNet: 'fractureWorse' }),
    );
    expect(run(yes('legChanged', 'oneLegSwollen')).outcome.safetyNet).toBe('clotOrInfection');
    expect(run(yes('nightOrConstant', 'systemicFlags'), 'ache').outcome.safetyNet).toBe('caudaEquina');
    expect(run(yes('easesHangingDown'), 'cramp').outcome).toEqual(
      expect.objectContaining({ firstAid: 'hangLegDown', safetyNet: 'limbThreat' }),
    );
    expect(run(yes('legChanged', 'coolPaleFoot', 'coldPaleLeg')).outcome.firstAid).toBe('keepLegDown');
  });

  it('F7: a tender calf is not arthritis, and burning feet are nerve damage in the feet', () => {
    expect(run({}, 'tenderCalf').outcome).toEqual(expect.objectContaining({ level: 'soon', causes: [], safetyNet: 'clotSigns' }));
    expect(run({}, 'tender').outcome.causes).not.toContain('arthritis');
    expect(run({}, 'burningFeet').outcome.causes[0]).toBe('peripheralNeuropathy');
  });

  it('F8: a clot risk alone is "see a doctor", with the clot signs to watch for; pain in one calf that stays is urgent; pregnancy goes to the maternity team', () => {
    expect(run(yes('clotRisk'), 'cramp').outcome).toEqual(
      expect.objectContaining({ level: 'soon', causes: ['nightCramps'], safetyNet: 'clotSigns' }),
    );
    expect(run(yes('clotRisk', 'clotPain'), 'cramp').outcome).toEqual(
      expect.objectContaining({ level: 'urgent', causes: ['deepVeinThrombosis'], advice: [] }),
    );
    expect(run(yes('clotRisk', 'pregnant'), 'cramp').outcome).toEqual(
      expect.objectContaining({ level: 'soon', route: 'maternity', safetyNet: 'pregnancyClot' }),
    );
    expect(run(yes('clotRisk', 'clotPain', 'pregnant')).outcome).toEqual(expect.objectContaining({ level: 'urgent', route: 'maternity' }));
    const risk = everyInterview().filter((i) => i.yes.has('clotRisk'));
    expect(risk.filter((i) => !askedOrCareToday(i, 'clotPain')).map((i) => i.replies)).toEqual([]);
  });

  it('F9: a sign the listener can look at or feel is an observable one, which the dialog asks them to check first', () => {
    for (const id of ['legChanged', 'coolPaleFoot', 'oneLegSwollen', 'bothLegsSwollen', 'footSores'])
      expect(rules.questionById.get(id)!.kind).toBe('observable');
  });

  it('asks no question twice: after "did it start suddenly or after a fall" no separate injury question', () => {
    expect(rules.questionById.has('injury')).toBe(false);
    expect(
      everyInterview()
        .filter((i) => new Set(i.asked).size !== i.asked.length)
        .map((i) => i.asked),
    ).toEqual([]);
  });

  it('never names a cause that needs care today or sooner in a "see a doctor soon" or self-care outcome', () => {
    const beyondCare = everyInterview().filter(({ outcome }) =>
      outcome.causes.some((c) => acuity(rules.causeById.get(c)!.level) > acuity(outcome.level)),
    );
    expect(beyondCare.map((i) => i.outcome)).toEqual([]);
  });

  it('does not name a cause only a "no" pointed to', () => {
    expect(run({}, 'unclear').outcome.causes).not.toContain('nightCramps');
    const named: string[][] = [];
    for (const { replies, outcome } of everyInterview()) {
      const patternsDenied = replies.flatMap((r) =>
        'question' in r && r.answer === 'no' && rules.questionById.get(r.question)!.kind === 'pattern'
          ? rules.questionById.get(r.question)!.causes
          : [],
      );
      const supported = new Set(
        replies.flatMap((r) =>
          'question' in r
            ? r.answer === 'yes'
              ? rules.questionById.get(r.question)!.causes
              : []
            : rules.descriptions.descriptions
                .find((d) => d.id === r.described)!
                .implies.flatMap((id) => rules.questionById.get(id)!.causes),
        ),
      );
      const onlyDenied = outcome.causes.filter((c) => patternsDenied.includes(c) && !supported.has(c));
      if (onlyDenied.length > 0) named.push(onlyDenied);
    }
    expect(named).toEqual([]);
  });

  it("gives the likeliest cause's own advice, what to do now in bed first", () => {
    expect(run({}, 'heavy').outcome.advice).toEqual(['raiseLegs', 'stockings']);
    expect(run(yes('suddenOrInjury')).outcome.advice).toEqual(['restIce']);
    expect(run({}, 'burningFeet').outcome.advice).toContain('footCare');
    const misordered = everyInterview().filter(({ outcome }) => {
      const timings = outcome.advice.map((a) => rules.adviceById.get(a)!.when);
      const likeliest = outcome.causes.map((c) => rules.causeById.get(c)!.advice).find((advice) => advice.length > 0);
      const notTheLikeliest = likeliest !== undefined && outcome.advice.some((a) => !likeliest.includes(a));
      return timings.join() !== [...timings].sort((a, b) => (a === b ? 0 : a === 'now' ? -1 : 1)).join() || notTheLikeliest;
    });
    expect(misordered.map((i) => i.outcome)).toEqual([]);
  });
});

describe('whole paths: what is asked, in order, and what the listener hears at the end', () => {
  const SAFETY = 'breathing caudaEquina legChanged suddenOrInjury clotRisk';
  // Written out so that a change to the asking order, the stopping rule, the causes or the advice shows up here for review.
  const paths: Array<[string, string[], string, string, Partial<Outcome>]> = [
    [
      'nothing fits: the four fallback patterns',
      [],
      'unclear',
      `${SAFETY} describe urgeToMove nightCramp jointPain fromBack`,
      { level: 'selfcare', causes: ['mattressPosition', 'muscleFatigue'], advice: ['pillowKnees', 'mattress'], safetyNet: 'worsens' },
    ],
    [
      '"I don\'t know", then yes to cramps: rest pain is checked',
      ['nightCramp'],
      'unclear',
      `${SAFETY} describe urgeToMove nightCramp easesHangingDown`,
      { level: 'selfcare', causes: ['nightCramps'], advice: ['crampStretch', 'sipWater'], safetyNet: 'worsens' },
    ],
    [
      '"I don\'t know", then yes to the urge to move: restless legs, nothing left to ask',
      ['urgeToMove'],
      'unclear',
      `${SAFETY} describe urgeToMove`,
      { level: 'soon', causes: ['restlessLegs'], advice: ['moveLegs'], safetyNet: 'swollenRedHot' },
    ],
    [
      'a cramp: is it eased by hanging the leg down?',
      [],
      'cramp',
      `${SAFETY} describe easesHangingDown`,
      { level: 'selfcare', causes: ['nightCramps'], advice: ['crampStretch', 'sipWater'] },
    ],
    [
      'a cramping pain eased by hanging the leg down: badly narrowed arteries, today',
      ['easesHangingDown'],
      'cramp',
      `${SAFETY} describe easesHangingDown`,
      { level: 'urgent', causes: ['criticalLimbIschaemia', 'nightCramps'], advice: [], safetyNet: 'limbThreat', firstAid: 'hangLegDown' },
    ],
    [
      'a shooting pain: sciatica and its kin, four at most; weakness and the pain that never eases asked',
      [],
      'shooting',
      `${SAFETY} describe legWeakness nightOrConstant`,
      {
        level: 'soon',
        causes: ['sciatica', 'herniatedDisc', 'spinalStenosis', 'piriformisSyndrome'],
        advice: ['pillowKnees', 'mattress'],
        safetyNet: 'sciaticaWorse',
      },
    ],
    [
      'a shooting pain that never eases, with a fever: the reason to act named first',
      ['nightOrConstant', 'systemicFlags'],
      'shooting',
      `${SAFETY} describe legWeakness nightOrConstant systemicFlags`,
      {
        level: 'urgent',
        causes: ['seriousSpinalCondition', 'sciatica', 'herniatedDisc', 'spinalStenosis'],
        advice: [],
        safetyNet: 'caudaEquina',
      },
    ],
    [
      'tingling: weakness asked',
      [],
      'tingling',
      `${SAFETY} describe legWeakness`,
      { level: 'soon', causes: ['nerveIrritation'], advice: ['pillowKnees'], safetyNet: 'nerveWorse' },
    ],
    [
      'tingling with a leg getting weaker: today',
      ['legWeakness'],
      'tingling',
      `${SAFETY} describe legWeakness`,
      { level: 'urgent', causes: ['herniatedDisc', 'nerveIrritation'], safetyNet: 'caudaEquina' },
    ],
    [
      'burning: rest pain and weakness asked',
      [],
      'burning',
      `${SAFETY} describe easesHangingDown legWeakness`,
      { level: 'soon', causes: ['nerveIrritation'] },
    ],
    [
      'pain on walking: claudication, rest pain asked',
      [],
      'afterWalking',
      `${SAFETY} describe easesHangingDown`,
      { level: 'soon', causes: ['peripheralArteryDisease'], advice: ['walkDaily'], safetyNet: 'arteriesWorse' },
    ],
    [
      'after a fall: every injury question, blood thinners among them',
      [],
      'afterFall',
      `${SAFETY} describe footNumbStill outOfProportion onBloodThinners suddenSevere cannotBearWeight`,
      { level: 'soon', causes: ['strainSprain'], advice: ['restIce'] },
    ],
    [
      'after a fall, cannot stand on it: a possible broken bone, keep off it',
      ['cannotBearWeight'],
      'afterFall',
      `${SAFETY} describe footNumbStill outOfProportion onBloodThinners suddenSevere cannotBearWeight`,
      { level: 'urgent', causes: ['brokenBone', 'strainSprain'], advice: [], firstAid: 'offTheLeg', safetyNet: 'fractureWorse' },
    ],
    [
      'after a fall, on blood thinners: a bleed, today; swelling checked, then nothing that would not change what to do',
      ['onBloodThinners'],
      'afterFall',
      `${SAFETY} describe footNumbStill outOfProportion onBloodThinners thinnersSwelling`,
      { level: 'urgent', causes: ['legBleed', 'strainSprain'], safetyNet: 'bleedWorse' },
    ],
    [
      'one leg newly swollen, red or hot: care today, the clot first, the signs of both clot and infection',
      ['legChanged', 'oneLegSwollen'],
      'unclear',
      'breathing caudaEquina legChanged coolPaleFoot oneLegSwollen infectionSpreading suddenOrInjury',
      { level: 'urgent', causes: ['deepVeinThrombosis', 'cellulitis'], advice: [], safetyNet: 'clotOrInfection' },
    ],
    [
      'a cool, pale foot that did not change suddenly: today',
      ['legChanged', 'coolPaleFoot'],
      'unclear',
      'breathing caudaEquina legChanged coolPaleFoot coldPaleLeg oneLegSwollen suddenOrInjury',
      { level: 'urgent', causes: ['criticalLimbIschaemia'], firstAid: 'hangLegDown' },
    ],
    [
      'sores on the foot with both legs swollen: the foot at risk first',
      ['legChanged', 'footSores', 'bothLegsSwollen'],
      'unclear',
      'breathing caudaEquina legChanged coolPaleFoot oneLegSwollen bothLegsSwollen swellingFast footSores suddenOrInjury',
      { level: 'urgent', causes: ['footAtRisk', 'swollenLegs'] },
    ],
    [
      'a changed leg and heavy veins',
      ['legChanged', 'bothLegsSwollen'],
      'heavy',
      'breathing caudaEquina legChanged coolPaleFoot oneLegSwollen bothLegsSwollen swellingFast footSores suddenOrInjury clotRisk describe',
      { level: 'soon', causes: ['venousDisease', 'swollenLegs'], advice: ['raiseLegs', 'stockings'], safetyNet: 'changeWorse' },
    ],
    [
      'both legs swollen, and it started after a fall: the warning signs named in the order asked, the swelling first',
      ['legChanged', 'bothLegsSwollen', 'suddenOrInjury'],
      'unclear',
      'breathing caudaEquina legChanged coolPaleFoot oneLegSwollen bothLegsSwollen swellingFast footSores suddenOrInjury footNumbStill outOfProportion onBloodThinners suddenSevere cannotBearWeight clotRisk describe',
      { level: 'soon', causes: ['swollenLegs', 'strainSprain'], advice: ['raiseLegs'], safetyNet: 'swellingWorse' },
    ],
    [
      'a clot risk with cramps: pain in one calf, pregnancy and rest pain asked; see a doctor with the clot signs',
      ['clotRisk'],
      'cramp',
      `${SAFETY} clotPain pregnant describe easesHangingDown`,
      { level: 'soon', causes: ['nightCramps'], safetyNet: 'clotSigns' },
    ],
    [
      'a clot risk and pain in one calf that stays: care today, nothing more asked',
      ['clotRisk', 'clotPain'],
      'cramp',
      `${SAFETY} clotPain pregnant`,
      { level: 'urgent', causes: ['deepVeinThrombosis'], advice: [], safetyNet: 'emergencySigns' },
    ],
    [
      'pregnant with cramps: the maternity team, with the pregnancy clot signs',
      ['clotRisk', 'pregnant'],
      'cramp',
      `${SAFETY} clotPain pregnant describe easesHangingDown`,
      { level: 'soon', causes: ['nightCramps'], route: 'maternity', safetyNet: 'pregnancyClot' },
    ],
    [
      'a tender calf: a doctor, no cause named, the clot signs',
      [],
      'tenderCalf',
      `${SAFETY} describe`,
      { level: 'soon', causes: [], safetyNet: 'clotSigns' },
    ],
    [
      'an ache: the fallback patterns, rest pain, and pain that never eases',
      [],
      'ache',
      `${SAFETY} describe urgeToMove nightCramp jointPain fromBack easesHangingDown nightOrConstant`,
      { level: 'selfcare', causes: ['mattressPosition', 'muscleFatigue'] },
    ],
  ];

  it.each(paths)('%s', (_path, answeredYes, described, asked, outcome) => {
    const result = run(yes(...answeredYes), described);
    expect(result.asked.join(' ')).toBe(asked);
    expect(result.outcome).toEqual(expect.objectContaining(outcome));
  });
});

const anyAnswers = fc.dictionary(fc.constantFrom(...rules.questions.map((q) => q.id)), fc.constantFrom<Answer>(...ANSWERS));
const anyDescription = fc.constantFrom(...rules.descriptionIds);

describe('asking order and stopping', () => {
  it('asks the warning signs everyone hears first, from the highest acuity they can lead to down', () => {
    const { asked } = run({}, 'cramp');
    expect(asked.slice(0, 5)).toEqual(rules.safetyQuestions.map((q) => q.id));
    const reach = rules.safetyQuestions.map((q) => acuity(q.reach));
    expect(reach).toEqual([...reach].sort((a, b) => b - a));
    expect(asked[5]).toBe('describe');
  });

  it.each(rules.questions.filter((q) => q.level === 'emergency').map((q) => q.id))(
    'ends the interview at the first yes or "not sure" to %s',
    (id) => {
      for (const answer of ['yes', 'unsure'] as const) {
        const { asked, outcome } = run({ ...yes(...gatesOf(id)), [id]: answer });
        expect(asked.at(-1)).toBe(id);
        expect(outcome.level).toBe('emergency');
        expect(outcome.advice).toEqual([]);
      }
    },
  );

  it.each(rules.questions.filter((q) => q.level === 'urgent').map((q) => q.id))('counts "not sure" to %s as yes', (id) => {
    // Reached through what the pain was described as, where a description opens it.
    const described = ({ legWeakness: 'tingling', systemicFlags: 'ache' } as Record<string, string>)[id] ?? 'unclear';
    expect(run({ ...yes(...gatesOf(id)), [id]: 'unsure' }, described).outcome.level).toBe('urgent');
  });

  it('does not take "not sure" as evidence for a cause', () => {
    const { outcome } = run({ jointPain: 'unsure' });
    expect(outcome.causes).not.toContain('arthritis');
  });

  it('keeps benign paths short: 7 answers for a clear description, 8 where two discriminating questions are due, 12 when none fits', () => {
    const answers = (described: string) => ({ described, answers: run({}, described).asked.length });
    for (const described of ['cramp', 'joint', 'tender', 'tingling', 'burningFeet', 'afterWalking'])
      expect(answers(described)).toEqual({ described, answers: 7 });
    for (const described of ['heavy', 'restless', 'tenderCalf']) expect(answers(described)).toEqual({ described, answers: 6 });
    // Shooting: one leg getting weaker, and pain that never eases (the spinal red flags behind it); burning: weakness, and rest pain.
    for (const described of ['shooting', 'burning']) expect(answers(described)).toEqual({ described, answers: 8 });
    for (const described of ['unclear', 'ache']) expect(run({}, described).asked.length).toBeLessThanOrEqual(12);
    expect(run(yes('breathing')).asked).toEqual(['breathing']);
  });

  it('asks no self-care question once care is needed today', () => {
    const { asked } = run(yes('clotRisk', 'clotPain'));
    expect(asked).not.toContain('describe');
    expect(asked.map((id) => rules.questionById.get(id)?.kind)).not.toContain('pattern');
  });
});

describe('for any answers', () => {
  it('a yes or "not sure" to an emergency question yields the emergency outcome at once, before any advice', () => {
    fc.assert(
      fc.property(anyAnswers, anyDescription, (given, described) => {
        const { replies, outcome } = run(given, described);
        const firstEmergency = replies.findIndex((r) => {
          if (!('question' in r)) return false;
          const q = rules.questionById.get(r.question)!;
          return q.level === 'emergency' && countsAsYes(q.kind, r.answer);
        });
        if (firstEmergency === -1) return outcome.level !== 'emergency';
        return firstEmergency === replies.length - 1 && outcome.level === 'emergency' && outcome.advice.length === 0;
      }),
      { numRuns: 2000 },
    );
  });

  it('names first the cause behind the sign that set an urgent or emergency level: the reason to act', () => {
    fc.assert(
      fc.property(anyAnswers, anyDescription, (given, described) => {
        const { replies, outcome } = run(given, described);
        if (acuity(outcome.level) < acuity('urgent')) return true;
        const setLevel = replies.flatMap((r) => {
          if (!('question' in r)) return [];
          const q = rules.questionById.get(r.question)!;
          return q.level === outcome.level && countsAsYes(q.kind, r.answer) ? q.causes : [];
        });
        return setLevel.includes(outcome.causes[0]!);
      }),
      { numRuns: 2000 },
    );
  });

  it('never gives self-care while an emergency or urgent sign is unanswered or positive', () => {
    fc.assert(
      fc.property(anyAnswers, anyDescription, (given, described) => {
        const { replies, outcome } = run(given, described);
        if (outcome.level !== 'selfcare') return true;
        const answered = new Map(replies.flatMap((r) => ('question' in r ? [[r.question, r.answer] as const] : [])));
        return rules.questions
          .filter(
            (q) => acuity(q.level) >= acuity('urgent') && (q.askWhen.length === 0 || q.askWhen.some((g) => answered.get(g) === 'yes')),
          )
          .every((q) => answered.get(q.id) === 'no');
      }),
      { numRuns: 2000 },
    );
  });

  it('asks no pattern and not the open question once an answer calls for care today: only what could make it an emergency or change what to do', () => {
    fc.assert(
      fc.property(anyAnswers, anyDescription, fc.option(anyDescription, { nil: undefined }), (given, described, oneShot) => {
        const start: Reply[] = oneShot ? [{ described: oneShot }] : [];
        const { replies } = engine.walk(
          (q) => given[q.id] ?? 'no',
          () => described,
          start,
        );
        let level = 0;
        for (const reply of replies) {
          const question = 'question' in reply ? rules.questionById.get(reply.question)! : undefined;
          if (level >= acuity('urgent') && (!question || question.kind === 'pattern')) return false;
          const implied = 'described' in reply ? rules.descriptions.descriptions.find((d) => d.id === reply.described)!.implies : [];
          const levels = [
            ...implied.map((id) => acuity(rules.questionById.get(id)!.level)),
            ...(question && countsAsYes(question.kind, (reply as { answer: Answer }).answer) ? [acuity(question.level)] : []),
          ];
          level = Math.max(level, ...levels);
        }
        return true;
      }),
      { numRuns: 1500 },
    );
  });

  it('gives no self-care advice once care is needed today or sooner, and one thing to do now below that', () => {
    // A one-shot description first (a cramp, restless legs…) brings causes with advice of their own into an urgent outcome.
    fc.assert(
      fc.property(anyAnswers, anyDescription, fc.option(anyDescription, { nil: undefined }), (given, described, oneShot) => {
        const { outcome } = engine.walk(
          (q) => given[q.id] ?? 'no',
          () => described,
          oneShot ? [{ described: oneShot }] : [],
        );
        if (acuity(outcome.level) >= acuity('urgent')) return outcome.advice.length === 0;
        const now = (id: string) => rules.adviceById.get(id)!.when === 'now';
        // What to do now in bed comes first, whenever the advice has any (walking, for narrowed arteries, waits for tomorrow).
        return outcome.advice.length >= 1 && outcome.advice.length <= 3 && (now(outcome.advice[0]!) || !outcome.advice.some(now));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives a level as high as the highest positive answer, at most four known causes, each once, and is deterministic', () => {
    fc.assert(
      fc.property(anyAnswers, anyDescription, (given, described) => {
        const first = run(given, described);
        const second = run(given, described);
        const implied = rules.descriptions.descriptions.find((d) => d.id === described)!.implies;
        const positiveLevels = rules.questions
          .filter(
            (q) =>
              implied.includes(q.id) || first.replies.some((r) => 'question' in r && r.question === q.id && countsAsYes(q.kind, r.answer)),
          )
          .map((q) => acuity(q.level));
        return (
          JSON.stringify(first) === JSON.stringify(second) &&
          acuity(first.outcome.level) === Math.max(0, ...positiveLevels) &&
          first.outcome.causes.length <= 4 &&
          new Set(first.outcome.causes).size === first.outcome.causes.length &&
          first.outcome.causes.every((c) => rules.causeById.has(c)) &&
          first.replies.length <= 20 &&
          engine.isValidHistory(first.replies)
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects a history the engine would not have asked', () => {
    expect(engine.isValidHistory([{ question: 'nightOrConstant', answer: 'no' }])).toBe(false);
    expect(
      engine.isValidHistory([
        { question: 'breathing', answer: 'yes' },
        { question: 'caudaEquina', answer: 'no' },
      ]),
    ).toBe(false);
    expect(engine.isValidHistory([{ described: 'gout' }])).toBe(false);
    expect(engine.isValidHistory([{ described: 'cramp' }, { described: 'cramp' }, { described: 'cramp' }, { described: 'cramp' }])).toBe(
      false,
    );
    expect(engine.isValidHistory([{ described: 'cramp' }, { question: 'breathing', answer: 'no' }])).toBe(true);
    // A description after the emergency ended the interview; a question asked where the open question was due.
    expect(engine.isValidHistory([{ question: 'breathing', answer: 'yes' }, { described: 'cramp' }])).toBe(false);
    expect(engine.isValidHistory([...safetyNos, { question: 'easesHangingDown', answer: 'no' }])).toBe(false);
    expect(engine.isValidHistory([...safetyNos, { described: 'cramp' }, { question: 'easesHangingDown', answer: 'no' }])).toBe(true);
    expect(engine.isValidHistory(run({}, 'joint').replies)).toBe(true);
  });

  it('takes a description the rules do not know as one that points nowhere: the fallback patterns are asked', () => {
    const asked = (described: string) => engine.next([...safetyNos, { described }]);
    expect(asked('gout')).toEqual(asked('unclear'));
    expect(asked('gout')).toEqual({ kind: 'question', question: expect.objectContaining({ id: rules.descriptions.fallback[0] }) });
    expect(engine.impliedBy([{ described: 'gout' }]).size).toBe(0);
  });

  it('walks a whole interview, taking the pain as an ache when no description is given', () => {
    const { replies, outcome } = engine.walk(() => 'no');
    expect(replies).toContainEqual({ described: 'ache' });
    expect(outcome.causes).toEqual(['mattressPosition', 'muscleFatigue']);
  });

  it('stops with an error rather than walk past the longest interview, even one answer past it', () => {
    // No real interview is this long: a start that already is stands in for an engine that never ends.
    const longest = rules.questions.length + MAX_DESCRIPTIONS;
    const start = Array.from({ length: longest }, (): Reply => ({ described: 'tickle' }));
    // Built here, so that mutation testing counts the bound, worked out as the engine is made, as this test's.
    const fresh = createEngine(rules);
    // One more answer ("yes, I am short of breath") would end it: the bound holds at the step, not one after.
    expect(() => fresh.walk(() => 'yes', undefined, start)).toThrow(`The interview did not end within ${longest} steps`);
    expect(fresh.walk(() => 'yes', undefined, start.slice(1)).outcome.level).toBe('emergency');
  });
});
