import fc from 'fast-check';
import { ANSWERS, MAX_DESCRIPTIONS, acuity, engine, rules, type Answer, type Level, type Outcome, type Reply } from '../src/rules';

/** Answers what the engine asks: the given answer, or "no"; describes the pain as `described` at the open question. */
function run(given: Partial<Record<string, Answer>>, described = 'unclear'): { asked: string[]; replies: Reply[]; outcome: Outcome } {
  const { replies, outcome } = engine.walk((question) => given[question.id] ?? 'no', () => described);
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
    ['seed: pain lasting more than a few days, or badly disturbing sleep', ['soonSigns'], 'unclear', 'soon', null],
    ['seed: numbness, tingling or weakness', ['soonSigns'], 'cramp', 'soon', 'nightCramps'],
    ['seed: swelling, redness or warmth of one leg', ['legChanged', 'oneLegSwollen'], 'unclear', 'urgent', 'deepVeinThrombosis'],
    ['seed: noticeable skin changes with heavy, aching veins', ['legChanged'], 'heavy', 'soon', 'venousDisease'],
    ['seed: pain that follows an injury', ['suddenOrInjury', 'injury'], 'unclear', 'soon', 'strainSprain'],
    ['seed: calf pain after a long journey (a clot trigger)', ['clotRisk'], 'unclear', 'urgent', 'deepVeinThrombosis'],
    ['seed and CLINICAL: a leg suddenly cold, pale or bluish', ['legChanged', 'coldPaleLeg'], 'unclear', 'emergency', 'acuteLimbIschaemia'],
    ['seed: both legs swollen with breathing problems', ['breathing'], 'unclear', 'emergency', 'pulmonaryEmbolism'],
    // CLINICAL.md red flags
    ['CLINICAL: clot travelling to the lungs', ['breathing'], 'unclear', 'emergency', 'pulmonaryEmbolism'],
    ['CLINICAL: DVT risk factor, without pain that stays', ['clotRisk'], 'cramp', 'urgent', 'deepVeinThrombosis'],
    ['CLINICAL: acute limb ischaemia after sudden pain, a numb foot that cannot move', ['suddenOrInjury', 'footNumbStill'], 'unclear', 'emergency', 'acuteLimbIschaemia'],
    ['CLINICAL: critical limb ischaemia, rest pain eased by hanging the leg down', ['soonSigns', 'easesHangingDown'], 'unclear', 'soon', 'peripheralArteryDisease'],
    ['CLINICAL: cauda equina', ['caudaEquina'], 'unclear', 'emergency', 'caudaEquina'],
    ['CLINICAL: spinal red flags with sciatica', ['spinalWarningSigns'], 'shooting', 'urgent', 'seriousSpinalCondition'],
    ['CLINICAL: cellulitis, a red hot swollen leg', ['legChanged', 'oneLegSwollen'], 'unclear', 'urgent', 'cellulitis'],
    ['CLINICAL: cellulitis with fever, confusion or a fast heartbeat', ['legChanged', 'oneLegSwollen', 'infectionSpreading'], 'unclear', 'emergency', 'cellulitis'],
    ['CLINICAL: compartment syndrome after any injury', ['suddenOrInjury', 'injury', 'outOfProportion'], 'unclear', 'emergency', 'compartmentSyndrome'],
    ['CLINICAL: sudden severe pain on blood thinners', ['suddenOrInjury', 'suddenSevere', 'onBloodThinners'], 'unclear', 'emergency', 'compartmentSyndrome'],
    ['CLINICAL: cannot bear weight after an injury, a possible broken bone', ['suddenOrInjury', 'injury', 'cannotBearWeight'], 'unclear', 'urgent', 'brokenBone'],
    ['CLINICAL: swelling in both legs', ['legChanged', 'bothLegsSwollen'], 'unclear', 'soon', 'swollenLegs'],
    ['CLINICAL: swelling in both legs, new and quick', ['legChanged', 'bothLegsSwollen', 'swellingFast'], 'unclear', 'urgent', 'swollenLegs'],
    ['CLINICAL: sores or blackened skin on the foot', ['legChanged', 'footSores'], 'unclear', 'urgent', 'footAtRisk'],
    ['CLINICAL: intermittent claudication', [], 'afterWalking', 'soon', 'peripheralArteryDisease'],
    ['CLINICAL: restless legs syndrome, described', [], 'restless', 'soon', 'restlessLegs'],
    ['CLINICAL: restless legs syndrome, asked', ['urgeToMove'], 'unclear', 'soon', 'restlessLegs'],
    ['CLINICAL: peripheral neuropathy, burning in both feet', [], 'burningFeet', 'soon', 'peripheralNeuropathy'],
    // Causes the seed names
    ['seed: night cramps, described', [], 'cramp', 'selfcare', 'nightCramps'],
    ['seed: night cramps, asked', ['nightCramp'], 'unclear', 'selfcare', 'nightCramps'],
    ['seed: joint pain in a resting position', [], 'joint', 'selfcare', 'arthritis'],
    ['seed: bursitis or tendinitis, a tender spot', [], 'tender', 'selfcare', 'bursitis'],
    ['seed: varicose veins', [], 'heavy', 'selfcare', 'venousDisease'],
    ['seed: sciatica, shooting pain from the back', [], 'shooting', 'soon', 'sciatica'],
    ['seed: herniated disc, spinal stenosis, piriformis syndrome', ['fromBack'], 'tingling', 'soon', 'herniatedDisc'],
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
    for (const q of rules.questions.filter((x) => x.kind !== 'pattern')) expect({ sign: q.id, tried: tried.has(q.id) }).toEqual({ sign: q.id, tried: true });
    const everyCause = new Set([...named, ...outcomesOfCases]);
    for (const c of rules.causes) expect({ cause: c.id, covered: everyCause.has(c.id) }).toEqual({ cause: c.id, covered: true });
  });
});

describe('the clinical review findings', () => {
  it('1. a clot risk sends to care today whether the pain stays or comes and goes, and gives no stretching or massage', () => {
    for (const described of ['cramp', 'ache', 'restless', 'unclear']) {
      const { outcome } = run(yes('clotRisk'), described);
      expect(outcome.level).toBe('urgent');
      expect(outcome.causes[0]).toBe('deepVeinThrombosis');
      expect(outcome.advice).toEqual([]);
    }
  });

  it('1. never names a cause that needs care today or sooner in a "see a doctor soon" or self-care outcome', () => {
    fc.assert(
      fc.property(anyAnswers, anyDescription, (given, described) => {
        const { outcome } = run(given, described);
        return outcome.causes.every((c) => acuity(rules.causeById.get(c)!.level) <= acuity(outcome.level));
      }),
      { numRuns: 1500 },
    );
  });

  it('2. once night cramps fit, still asks every warning sign that could raise the level', () => {
    const { asked } = run({}, 'cramp');
    expect(asked).toEqual(expect.arrayContaining(['breathing', 'caudaEquina', 'legChanged', 'suddenOrInjury', 'clotRisk', 'soonSigns']));
    const rest = run(yes('soonSigns'), 'cramp');
    expect(rest.asked).toContain('easesHangingDown');
  });

  it('2. does not name night cramps after the listener said no to cramps', () => {
    const { outcome } = run({}, 'unclear');
    expect(outcome.causes).not.toContain('nightCramps');
    fc.assert(
      fc.property(anyAnswers, anyDescription, (given, described) => {
        const { replies, outcome } = run(given, described);
        const saidNo = replies.filter((r) => 'question' in r && r.answer === 'no').map((r) => rules.questionById.get((r as { question: string }).question)!);
        const saidYes = replies
          .filter((r) => 'question' in r && countsAsYes(rules.questionById.get(r.question)!.kind, r.answer))
          .flatMap((r) => rules.questionById.get((r as { question: string }).question)!.causes);
        const impliedCauses = replies.flatMap((r) =>
          'described' in r ? rules.descriptions.descriptions.find((d) => d.id === r.described)!.implies.flatMap((id) => rules.questionById.get(id)!.causes) : [],
        );
        const onlyDenied = saidNo
          .filter((q) => q.kind === 'pattern')
          .flatMap((q) => q.causes)
          .filter((c) => !saidYes.includes(c) && !impliedCauses.includes(c));
        return outcome.causes.every((c) => !onlyDenied.includes(c));
      }),
      { numRuns: 1500 },
    );
  });

  it('3. asks about swelling in both legs, and takes breathlessness with it as an emergency', () => {
    expect(run(yes('legChanged')).asked).toContain('bothLegsSwollen');
    expect(run(yes('breathing', 'legChanged', 'bothLegsSwollen')).outcome.level).toBe('emergency');
  });

  it('4. finds claudication, asks rest pain after it, and sends sores or black skin to care today', () => {
    const walking = run({}, 'afterWalking');
    expect(walking.asked).toContain('easesHangingDown');
    expect(run(yes('easesHangingDown'), 'afterWalking').outcome).toEqual(expect.objectContaining({ level: 'soon', promptly: true }));
    expect(run(yes('easesHangingDown'), 'afterWalking').outcome.advice[0]).toBe('dangleLeg');
    expect(run(yes('legChanged', 'footSores'), 'afterWalking').outcome.level).toBe('urgent');
  });

  it('5. after sudden pain or any injury asks about a numb foot, and "far worse than the injury" after any injury', () => {
    expect(run(yes('suddenOrInjury')).asked).toEqual(expect.arrayContaining(['footNumbStill', 'suddenSevere', 'injury']));
    const fall = run({}, 'afterFall');
    expect(fall.asked).toEqual(expect.arrayContaining(['footNumbStill', 'outOfProportion', 'cannotBearWeight']));
    expect(fall.outcome).toEqual(expect.objectContaining({ level: 'soon', causes: ['strainSprain'] }));
    expect(run(yes('cannotBearWeight'), 'afterFall').outcome.causes).toEqual(['brokenBone', 'strainSprain']);
    // Said in the one-shot ("my leg hurts after a fall"), the injury is not asked again.
    const oneShot = engine.walk(() => 'no', () => 'unclear', [{ described: 'afterFall' }]);
    expect(oneShot.replies.map((r) => ('question' in r ? r.question : r.described))).not.toContain('suddenOrInjury');
  });

  it('6. asks about blood thinners only after sudden severe pain; "not sure" there counts as yes once asked again (the dialog clarifies first)', () => {
    expect(run({}).asked).not.toContain('onBloodThinners');
    expect(rules.questionById.get('onBloodThinners')!.kind).toBe('fact');
    expect(rules.questionById.get('clotRisk')!.kind).toBe('fact');
    expect(run({ suddenOrInjury: 'yes', suddenSevere: 'yes', onBloodThinners: 'unsure' }).outcome.level).toBe('emergency');
  });

  it('7. sciatica warns about the cauda equina signs; a newly swollen red hot leg needs care today', () => {
    expect(run({}, 'shooting').outcome.safetyNet).toBe('caudaEquina');
    expect(run(yes('legChanged', 'oneLegSwollen')).outcome.level).toBe('urgent');
    expect(run({}, 'cramp').outcome.safetyNet).toBe('worsens');
    expect(run(yes('urgeToMove')).outcome.safetyNet).toBe('swollenRedHot');
  });

  it('8. advice fits the cause, what to do now in bed first', () => {
    expect(run({}, 'heavy').outcome.advice).toEqual(['raiseLegs', 'stockings']);
    expect(run(yes('suddenOrInjury', 'injury')).outcome.advice).toEqual(['restIce']);
    expect(run({}, 'burningFeet').outcome.advice).toContain('footCare');
    for (const described of rules.descriptionIds) {
      const { advice } = run({}, described).outcome;
      const timings = advice.map((a) => rules.adviceById.get(a)!.when);
      expect(timings).toEqual([...timings].sort((a, b) => (a === b ? 0 : a === 'now' ? -1 : 1)));
    }
  });
});

describe('whole paths: what is asked, in order, and what the listener hears at the end', () => {
  const SAFETY = 'breathing caudaEquina legChanged suddenOrInjury clotRisk';
  // Written out so that a change to the asking order, the stopping rule, the causes or the advice shows up here for review.
  const paths: Array<[string, string[], string, string, Partial<Outcome>]> = [
    ['nothing fits: the three fallback patterns, then the last check', [], 'unclear', `${SAFETY} describe nightCramp urgeToMove jointPain soonSigns`,
      { level: 'selfcare', causes: ['mattressPosition', 'muscleFatigue'], advice: ['pillowKnees', 'gentleStretch', 'sipWater'], safetyNet: 'worsens', promptly: false }],
    ['"I don\'t know", then yes to cramps: no more fallback patterns', ['nightCramp'], 'unclear', `${SAFETY} describe nightCramp soonSigns`,
      { level: 'selfcare', causes: ['nightCramps'], advice: ['crampStretch', 'sipWater'], safetyNet: 'worsens' }],
    ['"I don\'t know", then yes to the urge to move: restless legs, nothing left to ask', ['urgeToMove'], 'unclear', `${SAFETY} describe nightCramp urgeToMove`,
      { level: 'soon', causes: ['restlessLegs'], advice: ['moveLegs'], safetyNet: 'swollenRedHot' }],
    ['a cramp', [], 'cramp', `${SAFETY} describe soonSigns`, { level: 'selfcare', causes: ['nightCramps'], advice: ['crampStretch', 'sipWater'] }],
    ['a cramp that keeps waking: rest pain is checked', ['soonSigns'], 'cramp', `${SAFETY} describe soonSigns easesHangingDown`,
      { level: 'soon', causes: ['nightCramps'], safetyNet: 'swollenRedHot', promptly: false }],
    ['a shooting pain: sciatica and its kin, four at most, the spinal red flags asked', [], 'shooting', `${SAFETY} describe spinalWarningSigns`,
      { level: 'soon', causes: ['sciatica', 'herniatedDisc', 'spinalStenosis', 'piriformisSyndrome'], advice: ['pillowKnees', 'mattress'], safetyNet: 'caudaEquina' }],
    ['a shooting pain with spinal red flags: the reason to act named first', ['spinalWarningSigns'], 'shooting', `${SAFETY} describe spinalWarningSigns`,
      { level: 'urgent', causes: ['seriousSpinalCondition', 'sciatica', 'herniatedDisc', 'spinalStenosis'], advice: [], safetyNet: 'emergencySigns' }],
    ['tingling not from the back', [], 'tingling', `${SAFETY} describe fromBack`, { level: 'soon', causes: ['nerveIrritation'], advice: ['pillowKnees'] }],
    ['tingling from the back: the spinal red flags follow', ['fromBack'], 'tingling', `${SAFETY} describe fromBack spinalWarningSigns`,
      { level: 'soon', causes: ['sciatica', 'herniatedDisc', 'spinalStenosis', 'piriformisSyndrome'], safetyNet: 'caudaEquina' }],
    ['pain on walking, eased by hanging the leg down: a doctor in a day or two', ['soonSigns', 'easesHangingDown'], 'afterWalking', `${SAFETY} describe easesHangingDown`,
      { level: 'soon', causes: ['peripheralArteryDisease'], advice: ['dangleLeg'], safetyNet: 'limbThreat', promptly: true }],
    ['after a fall: what follows an injury is asked, not the injury', [], 'afterFall', `${SAFETY} describe footNumbStill suddenSevere outOfProportion cannotBearWeight`,
      { level: 'soon', causes: ['strainSprain'], advice: ['restIce'] }],
    ['after a fall, cannot stand on it: a possible broken bone first', ['cannotBearWeight'], 'afterFall', `${SAFETY} describe footNumbStill suddenSevere outOfProportion cannotBearWeight`,
      { level: 'urgent', causes: ['brokenBone', 'strainSprain'], advice: [] }],
    ['one leg swollen, red or hot: care today, the clot first, no more self-care questions', ['legChanged', 'oneLegSwollen'], 'unclear',
      'breathing caudaEquina legChanged coldPaleLeg oneLegSwollen infectionSpreading suddenOrInjury', { level: 'urgent', causes: ['deepVeinThrombosis', 'cellulitis'], advice: [] }],
    ['sores on the foot with both legs swollen: the foot at risk first', ['legChanged', 'footSores', 'bothLegsSwollen'], 'unclear',
      'breathing caudaEquina legChanged coldPaleLeg oneLegSwollen bothLegsSwollen swellingFast footSores suddenOrInjury', { level: 'urgent', causes: ['footAtRisk', 'swollenLegs'] }],
    ['a changed leg and heavy veins', ['legChanged', 'bothLegsSwollen'], 'heavy',
      'breathing caudaEquina legChanged coldPaleLeg oneLegSwollen bothLegsSwollen swellingFast footSores suddenOrInjury clotRisk describe', { level: 'soon', causes: ['venousDisease', 'swollenLegs'], advice: ['raiseLegs', 'stockings'], safetyNet: 'swellingWorse' }],
    ['a changed leg, nothing else fits: no cause named, the fallback advice', ['legChanged'], 'unclear',
      'breathing caudaEquina legChanged coldPaleLeg oneLegSwollen bothLegsSwollen footSores suddenOrInjury clotRisk describe nightCramp urgeToMove jointPain', { level: 'soon', causes: [], advice: ['pillowKnees', 'mattress'], safetyNet: 'changeWorse' }],
  ];

  it.each(paths)('%s', (_path, answeredYes, described, asked, outcome) => {
    const result = run(yes(...answeredYes), described);
    expect(result.asked.join(' ')).toBe(asked);
    expect(result.outcome).toEqual(expect.objectContaining(outcome));
  });
});

const anyAnswers = fc.dictionary(
  fc.constantFrom(...rules.questions.map((q) => q.id)),
  fc.constantFrom<Answer>(...ANSWERS),
);
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
    const described = id === 'spinalWarningSigns' ? 'shooting' : 'unclear';
    expect(run({ ...yes(...gatesOf(id)), [id]: 'unsure' }, described).outcome.level).toBe('urgent');
  });

  it('does not take "not sure" as evidence for a cause', () => {
    const { outcome } = run({ jointPain: 'unsure' });
    expect(outcome.causes).not.toContain('arthritis');
  });

  it('keeps benign paths short: at most 7 answers for a clear description, 10 when none fits', () => {
    for (const described of ['cramp', 'joint', 'heavy', 'tender', 'restless', 'shooting', 'tingling', 'burning', 'burningFeet', 'afterWalking']) {
      expect({ described, answers: run({}, described).asked.length }).toEqual({ described, answers: expect.any(Number) });
      expect(run({}, described).asked.length).toBeLessThanOrEqual(7);
    }
    expect(run({}, 'unclear').asked.length).toBeLessThanOrEqual(10);
    expect(run(yes('breathing')).asked).toEqual(['breathing']);
  });

  it('asks no self-care question once care is needed today', () => {
    const { asked } = run(yes('clotRisk'));
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
          .filter((q) => acuity(q.level) >= acuity('urgent') && (q.askWhen.length === 0 || q.askWhen.some((g) => answered.get(g) === 'yes')))
          .every((q) => answered.get(q.id) === 'no');
      }),
      { numRuns: 2000 },
    );
  });

  it('asks no pattern and not the open question once an answer calls for care today: only warning signs that could make it an emergency', () => {
    fc.assert(
      fc.property(anyAnswers, anyDescription, fc.option(anyDescription, { nil: undefined }), (given, described, oneShot) => {
        const start: Reply[] = oneShot ? [{ described: oneShot }] : [];
        const { replies } = engine.walk((q) => given[q.id] ?? 'no', () => described, start);
        let level = 0;
        for (const reply of replies) {
          const question = 'question' in reply ? rules.questionById.get(reply.question)! : undefined;
          if (level >= acuity('urgent') && (!question || question.kind === 'pattern' || acuity(question.reach) <= level)) return false;
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
        const { outcome } = engine.walk((q) => given[q.id] ?? 'no', () => described, oneShot ? [{ described: oneShot }] : []);
        if (acuity(outcome.level) >= acuity('urgent')) return outcome.advice.length === 0;
        return outcome.advice.length >= 1 && outcome.advice.length <= 3 && rules.adviceById.get(outcome.advice[0]!)!.when === 'now';
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
          .filter((q) => implied.includes(q.id) || first.replies.some((r) => 'question' in r && r.question === q.id && countsAsYes(q.kind, r.answer)))
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
    expect(engine.isValidHistory([{ question: 'soonSigns', answer: 'no' }])).toBe(false);
    expect(engine.isValidHistory([{ question: 'breathing', answer: 'yes' }, { question: 'caudaEquina', answer: 'no' }])).toBe(false);
    expect(engine.isValidHistory([{ described: 'gout' }])).toBe(false);
    expect(engine.isValidHistory([{ described: 'cramp' }, { described: 'cramp' }, { described: 'cramp' }, { described: 'cramp' }])).toBe(false);
    expect(engine.isValidHistory([{ described: 'cramp' }, { question: 'breathing', answer: 'no' }])).toBe(true);
    // A description after the emergency ended the interview; a question asked where the open question was due.
    expect(engine.isValidHistory([{ question: 'breathing', answer: 'yes' }, { described: 'cramp' }])).toBe(false);
    expect(engine.isValidHistory([...safetyNos, { question: 'soonSigns', answer: 'no' }])).toBe(false);
    expect(engine.isValidHistory([...safetyNos, { described: 'cramp' }, { question: 'soonSigns', answer: 'no' }])).toBe(true);
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
    // One more answer ("yes, I am short of breath") would end it: the bound holds at the step, not one after.
    expect(() => engine.walk(() => 'yes', undefined, start)).toThrow(`The interview did not end within ${longest} steps`);
    expect(engine.walk(() => 'yes', undefined, start.slice(1)).outcome.level).toBe('emergency');
  });
});
