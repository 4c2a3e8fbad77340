import questions from '../src/rules/data/questions.json';
import causes from '../src/rules/data/causes.json';
import advice from '../src/rules/data/advice.json';
import outcomes from '../src/rules/data/outcomes.json';
import descriptions from '../src/rules/data/descriptions.json';
import { parseRules } from '../src/rules/schema';
import { rules } from '../src/rules';

const data = () => structuredClone({ questions, causes, advice, outcomes, descriptions });

describe('the rules data', () => {
  it('loads and names a source for every question, cause and piece of advice', () => {
    expect(rules.questions.length).toBeGreaterThan(10);
    for (const item of [...questions, ...causes, ...advice]) expect(item.source.length).toBeGreaterThan(8);
  });

  it('covers every cause of the seed and the two from CLINICAL.md', () => {
    const expected = [
      'mattressPosition', 'muscleFatigue', 'nightCramps', 'arthritis', 'tendinitis', 'bursitis', 'strainSprain',
      'sciatica', 'herniatedDisc', 'spinalStenosis', 'piriformisSyndrome', 'peripheralArteryDisease',
      'deepVeinThrombosis', 'venousDisease', 'restlessLegs', 'peripheralNeuropathy', 'swollenLegs',
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
    expect(() => parseRules(broken)).toThrow();
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

  it('rejects a cause named in an outcome below the care it needs (a clot named as "see a doctor soon")', () => {
    const broken = data();
    broken.questions.find((q) => q.id === 'soonSigns')!.causes = ['deepVeinThrombosis'];
    expect(() => parseRules(broken)).toThrow(/names "deepVeinThrombosis", which needs urgent/);
  });

  it('rejects self-care advice for a cause that needs care today (stretching a possible clot)', () => {
    const broken = data();
    broken.causes.find((c) => c.id === 'deepVeinThrombosis')!.advice = ['crampStretch'];
    expect(() => parseRules(broken)).toThrow(/"deepVeinThrombosis" needs care today but carries self-care advice/);
  });

  it('rejects a description implying an unknown question, and a pattern nothing can reach', () => {
    const unknown = data();
    unknown.descriptions.descriptions[0]!.implies = ['gout'];
    expect(() => parseRules(unknown)).toThrow(/implies unknown question "gout"/);
    const unreachable = data();
    unreachable.descriptions.descriptions = unreachable.descriptions.descriptions.filter((d) => d.id !== 'heavy');
    expect(() => parseRules(unreachable)).toThrow(/"heavyVeins" is neither asked nor implied/);
  });

  it('rejects a pattern asked of everyone before the open question', () => {
    const broken = data();
    const index = broken.questions.findIndex((q) => q.id === 'urgeToMove');
    const [restless] = broken.questions.splice(index, 1);
    broken.questions.splice(2, 0, restless!);
    expect(() => parseRules(broken)).toThrow(/"urgeToMove" comes before the open question/);
  });

  it('rejects a level that does not exist and a missing outcome level', () => {
    const badLevel = data();
    (badLevel.questions[0] as { level: string }).level = 'critical';
    expect(() => parseRules(badLevel)).toThrow();
    const missing = data() as { outcomes: Partial<typeof outcomes> };
    delete missing.outcomes.soon;
    expect(() => parseRules(missing)).toThrow();
  });
});
