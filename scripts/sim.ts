// Prints how many answers each single "yes" takes to reach its outcome: the path lengths quoted in the README.
import { engine, rules, type Answer } from '../src/rules';

function run(given: Record<string, Answer>): { asked: number; level: string; causes: string[] } {
  const { answers, outcome } = engine.walk((question) => given[question.id] ?? 'no');
  return { asked: answers.length, level: outcome.level, causes: outcome.causes };
}

const gates = (id: string): string[] => rules.questionById.get(id)!.askWhen.flatMap((g) => [...gates(g), g]);
const rows = [{ yes: '(all no)', ...run({}) }];
for (const q of rules.questions) {
  const yes = [...gates(q.id), q.id];
  rows.push({ yes: yes.join(' + '), ...run(Object.fromEntries(yes.map((id) => [id, 'yes' as Answer]))) });
}
console.table(rows.map((r) => ({ ...r, causes: r.causes.join(', ') })));
