import type * as Rules from '../src/rules';
import type * as Schema from '../src/rules/schema';
import { loadFresh } from './helpers/fresh-module';
import { rulesData as data, type RulesDataCopy as Data } from './helpers/rules-data';

/**
 * The engine keeps its promises for rules the data does not hold today: each test edits a copy of the rules as a
 * clinician might (advice listed in another order, a cause with no advice, a follow-up pattern), then walks it.
 * The schema and the engine are loaded inside each test (helpers/fresh-module.ts).
 */

/** The questions asked, with "describe" for the open question, and the outcome, answering yes to `yes` only. */
function walk(edit: (d: Data) => void, yes: string[], described = 'unclear') {
  const edited = data();
  edit(edited);
  const rules = loadFresh<typeof Schema>('../../src/rules/schema').parseRules(edited);
  const engine = loadFresh<typeof Rules>('../../src/rules').createEngine(rules);
  const { replies, outcome } = engine.walk(
    (question) => (yes.includes(question.id) ? 'yes' : 'no'),
    () => described,
  );
  return { asked: replies.map((r) => ('question' in r ? r.question : 'describe')), outcome };
}

const cause = (d: Data, id: string) => d.causes.find((c) => c.id === id)!;
const question = (d: Data, id: string) => d.questions.find((q) => q.id === id)!;

describe('the engine, over rules the data does not hold yet', () => {
  it('says three pieces of advice at most, what to do now in bed before what can wait, whatever order the data lists them in', () => {
    const { outcome } = walk(
      (d) => void (cause(d, 'mattressPosition').advice = ['mattress', 'pillowKnees', 'gentleStretch', 'sipWater']),
      [],
    );
    expect(outcome.causes[0]).toBe('mattressPosition');
    expect(outcome.advice).toEqual(['pillowKnees', 'gentleStretch', 'sipWater']);
  });

  it("gives the next likeliest cause's advice when the likeliest has none of its own", () => {
    const { outcome } = walk((d) => void (cause(d, 'arthritis').advice = []), [], 'joint');
    expect(outcome.causes.slice(0, 2)).toEqual(['arthritis', 'bursitis']);
    expect(outcome.advice).toEqual(['offTheSoreSide', 'mattress']);
  });

  it("gives the level's own advice when no cause named has any", () => {
    const { outcome } = walk((d) => void (cause(d, 'restlessLegs').advice = []), [], 'restless');
    expect(outcome).toEqual(expect.objectContaining({ level: 'soon', causes: ['restlessLegs'], advice: ['pillowKnees', 'mattress'] }));
  });

  it('asks no fallback pattern after an urgent sign, even one that names no cause', () => {
    const { asked, outcome } = walk((d) => void (question(d, 'coolPaleFoot').causes = []), ['legChanged', 'coolPaleFoot']);
    expect(outcome.level).toBe('urgent');
    expect(asked).not.toContain('describe');
    expect(asked.filter((id) => data().descriptions.fallback.includes(id))).toEqual([]);
  });

  it('asks a pattern that follows up a warning sign after a yes to that sign only, and names its cause', () => {
    // Burning in both feet asked after a changed leg, instead of found by the open question.
    const asFollowUp = (d: Data) => {
      question(d, 'bothFeetBurning').askWhen = ['legChanged'];
      d.questions.splice(3, 0, ...d.questions.splice(d.questions.indexOf(question(d, 'bothFeetBurning')), 1));
      d.descriptions.descriptions.find((x) => x.id === 'burningFeet')!.implies = ['footPain'];
    };
    expect(walk(asFollowUp, []).asked).not.toContain('bothFeetBurning');
    const { asked, outcome } = walk(asFollowUp, ['legChanged', 'bothFeetBurning']);
    expect(asked.slice(0, 4)).toEqual(['breathing', 'caudaEquina', 'legChanged', 'bothFeetBurning']);
    expect(outcome.causes[0]).toBe('peripheralNeuropathy');
  });

  it('asks nothing after an emergency sign, not even a question whose yes would change where to go', () => {
    // A clot risk given a route of its own: below an emergency, a yes to it would change what the listener is told.
    const { asked, outcome } = walk((d) => void Object.assign(question(d, 'clotRisk'), { route: 'maternity' }), ['breathing']);
    expect(asked).toEqual(['breathing']);
    expect(outcome.level).toBe('emergency');
  });

  it('asks the open question right before the question the rules name for it, whichever that is', () => {
    const { asked } = walk((d) => void (d.descriptions.askBefore = 'clotRisk'), []);
    expect(asked.slice(0, 6)).toEqual(['breathing', 'caudaEquina', 'legChanged', 'suddenOrInjury', 'describe', 'clotRisk']);
  });
});

describe('the engine asks a question while a yes would change what the listener is told', () => {
  it('only the likeliest cause: a yes that would name one, with the advice and safety net the level already gives', () => {
    // Fever, weight loss or cancer after pain that never eases, made a "see a doctor soon" sign of arthritis alone.
    const arthritisOnly = (d: Data) => {
      Object.assign(question(d, 'systemicFlags'), { level: 'soon', causes: ['arthritis'] });
      d.causes = d.causes.filter((c) => c.id !== 'seriousSpinalCondition');
    };
    const { asked, outcome } = walk(arthritisOnly, ['nightOrConstant', 'systemicFlags'], 'ache');
    expect(asked.slice(-2)).toEqual(['nightOrConstant', 'systemicFlags']);
    expect(outcome).toEqual(expect.objectContaining({ level: 'soon', causes: ['arthritis'], advice: ['pillowKnees', 'mattress'] }));
    expect(walk(arthritisOnly, ['nightOrConstant'], 'ache').outcome).toEqual(
      expect.objectContaining({ level: 'soon', causes: [], advice: ['pillowKnees', 'mattress'], safetyNet: outcome.safetyNet }),
    );
  });

  it('only the safety net: a yes that would change what to watch for, and nothing else', () => {
    // Pregnancy with no maternity route of its own: a yes changes the clot warning signs to the pregnancy ones, alone.
    const noMaternityRoute = (d: Data) => void delete (question(d, 'pregnant') as { route?: string }).route;
    const { asked, outcome } = walk(noMaternityRoute, ['clotRisk', 'pregnant']);
    expect(asked).toContain('pregnant');
    expect(outcome).toEqual(expect.objectContaining({ level: 'soon', causes: [], safetyNet: 'pregnancyClot' }));
    expect(walk(noMaternityRoute, ['clotRisk']).outcome).toEqual(
      expect.objectContaining({ level: 'soon', causes: [], safetyNet: 'clotSigns' }),
    );
  });

  it('only what to do tonight: a yes that would add the first cause with advice of its own, after one with none', () => {
    // Joint pain made a sign of arthritis alone, with no advice; fever after pain that never eases, of tendinitis.
    const tendinitisAdvice = (d: Data) => {
      question(d, 'jointPain').causes = ['arthritis'];
      cause(d, 'arthritis').advice = [];
      Object.assign(question(d, 'systemicFlags'), { level: 'soon', causes: ['tendinitis'] });
      d.causes = d.causes.filter((c) => c.id !== 'seriousSpinalCondition');
    };
    const { asked, outcome } = walk(tendinitisAdvice, ['nightOrConstant', 'systemicFlags'], 'joint');
    expect(asked.slice(-2)).toEqual(['nightOrConstant', 'systemicFlags']);
    expect(outcome).toEqual(expect.objectContaining({ level: 'soon', causes: ['arthritis', 'tendinitis'], advice: ['restIce'] }));
    expect(walk(tendinitisAdvice, ['nightOrConstant'], 'joint').outcome).toEqual(
      expect.objectContaining({ level: 'soon', causes: ['arthritis'], advice: ['pillowKnees', 'mattress'], safetyNet: outcome.safetyNet }),
    );
  });
});
