import fc from 'fast-check';
import { ANSWERS, acuity, engine, isPositive, rules, type Answer, type AnsweredQuestion, type Outcome } from '../src/rules';

/** Answers what the engine asks: the given answer, or "no"; returns the questions asked and the outcome. */
function run(given: Partial<Record<string, Answer>>): { asked: AnsweredQuestion[]; outcome: Outcome } {
  const { answers, outcome } = engine.walk((question) => given[question.id] ?? 'no');
  return { asked: answers, outcome };
}

const yes = (...ids: string[]) => Object.fromEntries(ids.map((id) => [id, 'yes' as Answer]));

describe('each warning sign leads to its level', () => {
  const signs: Array<[string, string[], Outcome['level'], string]> = [
    // The seed's "When to Seek Medical Attention"
    ['seed: sudden and severe pain', ['suddenSevere'], 'urgent', 'deepVeinThrombosis'],
    ['seed: pain lasting more than a few days, or badly disturbing sleep', ['persistent'], 'soon', 'mattressPosition'],
    ['seed: significant swelling, redness or warmth', ['legChanged'], 'urgent', 'deepVeinThrombosis'],
    ['seed: noticeable skin changes', ['heavyVeins', 'skinChanges'], 'soon', 'venousDisease'],
    ['seed: pain that follows an injury', ['injury'], 'soon', 'strainSprain'],
    ['seed: numbness, tingling or weakness', ['nervePain'], 'soon', 'sciatica'],
    ['seed: calf pain after a long journey', ['clotRisk', 'clotLikePain'], 'urgent', 'deepVeinThrombosis'],
    ['seed: a clot risk with pain that comes and goes still prompts medical advice', ['clotRisk'], 'soon', 'deepVeinThrombosis'],
    ['seed: a leg unusually cool or pale', ['legChanged'], 'urgent', 'peripheralArteryDisease'],
    ['seed and CLINICAL: a leg suddenly cold, pale or bluish', ['legChanged', 'coldPaleLeg'], 'emergency', 'acuteLimbIschaemia'],
    ['seed: both legs swollen with breathing problems', ['breathing'], 'emergency', 'pulmonaryEmbolism'],
    // CLINICAL.md red flags
    ['CLINICAL: clot travelling to the lungs', ['breathing'], 'emergency', 'pulmonaryEmbolism'],
    ['CLINICAL: DVT risk factors (pregnancy, cancer, earlier clot) with pain that stays', ['clotRisk', 'clotLikePain'], 'urgent', 'deepVeinThrombosis'],
    ['CLINICAL: acute limb ischaemia', ['legChanged', 'coldPaleLeg'], 'emergency', 'acuteLimbIschaemia'],
    ['CLINICAL: critical limb ischaemia, rest pain eased by hanging the leg down', ['easesHangingDown'], 'soon', 'peripheralArteryDisease'],
    ['CLINICAL: cauda equina', ['caudaEquina'], 'emergency', 'caudaEquina'],
    ['CLINICAL: spinal red flags with sciatica', ['nervePain', 'fromBack', 'spinalWarningSigns'], 'urgent', 'seriousSpinalCondition'],
    ['CLINICAL: cellulitis, a red hot swollen leg', ['legChanged'], 'urgent', 'cellulitis'],
    ['CLINICAL: cellulitis with confusion or a fast heartbeat', ['legChanged', 'infectionSpreading'], 'emergency', 'cellulitis'],
    ['CLINICAL: compartment syndrome after an injury', ['suddenSevere', 'outOfProportion'], 'emergency', 'compartmentSyndrome'],
    ['CLINICAL: sudden severe pain on blood thinners', ['suddenSevere', 'onBloodThinners'], 'emergency', 'compartmentSyndrome'],
    ['CLINICAL: cannot bear weight after an injury', ['injury', 'cannotBearWeight'], 'urgent', 'strainSprain'],
    ['CLINICAL: restless legs syndrome', ['urgeToMove'], 'soon', 'restlessLegs'],
    ['CLINICAL: peripheral neuropathy, burning in both feet', ['nervePain', 'bothFeetBurning'], 'soon', 'peripheralNeuropathy'],
    // Self-care
    ['seed: night cramps', ['nightCramp'], 'selfcare', 'nightCramps'],
    ['seed: joint pain in a resting position', ['jointPain'], 'selfcare', 'arthritis'],
    ['seed: varicose veins without skin changes', ['heavyVeins'], 'selfcare', 'venousDisease'],
    ['seed: sciatica, shooting pain from the back', ['nervePain', 'fromBack'], 'soon', 'sciatica'],
  ];

  it.each(signs)('%s', (_sign, answeredYes, level, cause) => {
    const { asked, outcome } = run(yes(...answeredYes));
    for (const id of answeredYes) expect(asked.map((a) => a.question)).toContain(id);
    expect(outcome.level).toBe(level);
    expect(outcome.causes).toContain(cause);
  });

  it('names mattress and sleeping position when every answer is no', () => {
    const { outcome } = run({});
    expect(outcome).toEqual(expect.objectContaining({ level: 'selfcare' }));
    expect(outcome.causes).toContain('mattressPosition');
  });
});

/** The questions that must be answered yes for this one to be asked at all. */
function gatesOf(id: string): Record<string, Answer> {
  const gates = rules.questionById.get(id)!.askWhen;
  return Object.assign({}, ...gates.map(gatesOf), yes(...gates));
}

describe('asking order and stopping', () => {
  const emergencyQuestions = rules.questions.filter((q) => q.level === 'emergency');
  const urgentQuestions = rules.questions.filter((q) => q.level === 'urgent');

  it('asks the red flags from the highest acuity they can lead to down, emergency signs first', () => {
    const { asked } = run({});
    const redFlags = asked.map((a) => rules.questionById.get(a.question)!).filter((q) => q.kind === 'redFlag');
    expect(redFlags[0]!.level).toBe('emergency');
    const reach = redFlags.map((q) => acuity(q.reach));
    expect(reach).toEqual([...reach].sort((a, b) => b - a));
  });

  it.each(emergencyQuestions.map((q) => q.id))('ends the interview at the first yes or "not sure" to %s', (id) => {
    const path = run(gatesOf(id));
    for (const answer of ['yes', 'unsure'] as const) {
      const given = { ...Object.fromEntries(path.asked.map((a) => [a.question, a.answer])), [id]: answer };
      const { asked, outcome } = run(given);
      expect(asked.at(-1)).toEqual({ question: id, answer });
      expect(outcome.level).toBe('emergency');
      expect(outcome.advice).toEqual([]);
    }
  });

  it.each(urgentQuestions.map((q) => q.id))('counts "not sure" to %s as yes', (id) => {
    expect(run({ ...gatesOf(id), [id]: 'unsure' }).outcome.level).toBe('urgent');
  });

  it('does not take "not sure" as evidence for a cause', () => {
    const { outcome } = run({ jointPain: 'unsure' });
    expect(outcome.causes).not.toContain('arthritis');
  });

  it('reaches an outcome in a few answers on the common paths', () => {
    expect(run(yes('breathing')).asked).toHaveLength(1);
    expect(run(yes('legChanged')).asked.length).toBeLessThanOrEqual(6);
    expect(run(yes('nightCramp')).asked.length).toBeLessThanOrEqual(8);
    expect(run(yes('urgeToMove')).asked.length).toBeLessThanOrEqual(10);
    expect(run({}).asked.length).toBeLessThanOrEqual(14);
  });

  it('stops asking about causes once one is found, but still asks every sign that could raise the level', () => {
    const { asked } = run(yes('nightCramp'));
    const ids = asked.map((a) => a.question);
    expect(ids).not.toContain('jointPain');
    expect(ids).toContain('persistent');
  });

  it('asks no self-care question once care is needed today', () => {
    const { asked } = run(yes('clotRisk', 'clotLikePain'));
    expect(asked.map((a) => rules.questionById.get(a.question)!.kind)).not.toContain('pattern');
  });
});

describe('for any answers', () => {
  const anyAnswers = fc.dictionary(
    fc.constantFrom(...rules.questions.map((q) => q.id)),
    fc.constantFrom<Answer>(...ANSWERS),
  );

  it('a yes or "not sure" to an emergency question yields the emergency outcome at once, before any advice', () => {
    fc.assert(
      fc.property(anyAnswers, (given) => {
        const { asked, outcome } = run(given);
        const firstEmergency = asked.findIndex(
          (a) => rules.questionById.get(a.question)!.level === 'emergency' && a.answer !== 'no',
        );
        if (firstEmergency === -1) return outcome.level !== 'emergency';
        return firstEmergency === asked.length - 1 && outcome.level === 'emergency' && outcome.advice.length === 0;
      }),
      { numRuns: 2000 },
    );
  });

  it('never gives self-care advice while an emergency or urgent sign is unanswered or positive', () => {
    fc.assert(
      fc.property(anyAnswers, (given) => {
        const { asked, outcome } = run(given);
        if (outcome.level !== 'selfcare') return true;
        const answered = new Map(asked.map((a) => [a.question, a.answer]));
        return rules.questions
          .filter((q) => acuity(q.level) >= acuity('urgent') && q.askWhen.every((g) => answered.get(g) === 'yes'))
          .every((q) => answered.get(q.id) === 'no');
      }),
      { numRuns: 2000 },
    );
  });

  it('gives a level at least as high as every positive answer, one to three known causes, and is deterministic', () => {
    fc.assert(
      fc.property(anyAnswers, (given) => {
        const first = run(given);
        const second = run(given);
        const highest = Math.max(
          ...first.asked.filter((a) => isPositive(rules.questionById.get(a.question)!, a.answer))
            .map((a) => acuity(rules.questionById.get(a.question)!.level)),
          0,
        );
        return (
          JSON.stringify(first) === JSON.stringify(second) &&
          acuity(first.outcome.level) === highest &&
          first.outcome.causes.length >= 1 &&
          first.outcome.causes.length <= 3 &&
          first.outcome.causes.every((c) => rules.causeById.has(c)) &&
          first.asked.length <= 16 &&
          engine.isValidHistory(first.asked)
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects a history the engine would not have asked', () => {
    expect(engine.isValidHistory([{ question: 'persistent', answer: 'no' }])).toBe(false);
    expect(engine.isValidHistory([{ question: 'breathing', answer: 'yes' }, { question: 'caudaEquina', answer: 'no' }])).toBe(false);
  });
});
