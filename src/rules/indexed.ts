import type { Rules, ValidatedRules } from './schema';

/** The lookups the engine uses, over validated rules (no zod here: the bundle loads this, not the schema). */
export function indexRules(validated: ValidatedRules): Rules {
  const { questions, causes, advice, describeIndex } = validated;
  return {
    ...validated,
    questionById: new Map(questions.map((q) => [q.id, q])),
    causeById: new Map(causes.map((c) => [c.id, c])),
    adviceById: new Map(advice.map((a) => [a.id, a])),
    descriptionIds: validated.descriptions.descriptions.map((d) => d.id),
    safetyQuestions: questions.filter((q) => q.index < describeIndex && q.askWhen.length === 0),
  };
}
