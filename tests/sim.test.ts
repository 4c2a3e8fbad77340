// The issue's acceptance targets for the spoken conversation, per locale, measured as the listener hears it
// (scripts/sim.ts drives every path through respondTo and render). The numbers are written out here, not taken
// from the script, so that loosening a target is a change to this test.
import { lazy } from './helpers/lazy';
import { readFileSync } from 'node:fs';
import { measurePaths, pagesWithTables, type PathMeasure } from '../scripts/sim';
import { rules } from '../src/rules';
import { SUPPORTED_LOCALES } from '../src/i18n';

const BENIGN_MEDIAN_ANSWERS = 7;
const BENIGN_MEDIAN_WORDS = 200;
const BENIGN_MAX_ANSWERS = 12;
const OUTCOME_RESPONSE_WORDS = 60;
const EMERGENCY_RESPONSE_WORDS = 40;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const outcomeResponse = (m: PathMeasure) => `${m.path}: ${m.outcomeWords} words: ${m.responses.at(-1)!.text}`;

describe.each(SUPPORTED_LOCALES)('the conversation in %s, as the listener hears it', (locale) => {
  const measured = lazy(() => {
    const measures = measurePaths(locale);
    return { measures, benign: measures.filter((m) => m.group === 'benign') };
  });

  it('measures every benign path and every warning sign, each to an outcome', () => {
    const { measures, benign } = measured();
    // A description each, "I don't know" alone and with a yes to each fallback pattern.
    expect(benign.length).toBe(rules.descriptionIds.length + rules.descriptions.fallback.length);
    expect(measures.filter((m) => m.group === 'warning').map((m) => m.path.split(' > ').at(-1)!.replace('yes: ', ''))).toEqual(
      rules.questions.filter((q) => q.kind !== 'pattern').map((q) => q.id),
    );
    expect(measures.filter((m) => !m.targetAsked).map((m) => m.path)).toEqual([]);
    for (const m of measures) expect(m.responses.at(-1)!.outcome).toBe(m.level);
  });

  it(`takes a median of at most ${BENIGN_MEDIAN_ANSWERS} answers on the benign paths`, () => {
    const { benign } = measured();
    const answers = median(benign.map((m) => m.answers));
    expect(
      answers <= BENIGN_MEDIAN_ANSWERS
        ? 'within target'
        : `median ${answers} answers; per path: ${benign.map((m) => `${m.path}: ${m.answers}`).join('; ')}`,
    ).toBe('within target');
  });

  it(`says a median of at most ${BENIGN_MEDIAN_WORDS} words up to the outcome on the benign paths`, () => {
    const { benign } = measured();
    const words = median(benign.map((m) => m.wordsHeard));
    expect(
      words <= BENIGN_MEDIAN_WORDS
        ? 'within target'
        : `median ${words} words; per path: ${benign.map((m) => `${m.path}: ${m.wordsHeard}`).join('; ')}`,
    ).toBe('within target');
  });

  it(`takes no benign path over ${BENIGN_MAX_ANSWERS} answers`, () => {
    const { benign } = measured();
    expect(benign.filter((m) => m.answers > BENIGN_MAX_ANSWERS).map((m) => `${m.path}: ${m.answers} answers`)).toEqual([]);
  });

  it(`keeps every first outcome response within ${OUTCOME_RESPONSE_WORDS} words`, () => {
    const { measures } = measured();
    expect(measures.filter((m) => m.outcomeWords > OUTCOME_RESPONSE_WORDS).map(outcomeResponse)).toEqual([]);
  });

  it(`keeps every emergency response within ${EMERGENCY_RESPONSE_WORDS} words`, () => {
    const { measures } = measured();
    const emergencies = measures.filter((m) => m.level === 'emergency');
    expect(emergencies.length).toBeGreaterThan(0);
    expect(emergencies.filter((m) => m.outcomeWords > EMERGENCY_RESPONSE_WORDS).map(outcomeResponse)).toEqual([]);
  });
});

describe('the docs', () => {
  it('show the path and locale tables the sim measures now (run `npm run sim -- --docs` to write them)', () => {
    for (const [path, text] of pagesWithTables())
      expect({ path, current: readFileSync(path, 'utf8') === text }).toEqual({ path, current: true });
  });
});
