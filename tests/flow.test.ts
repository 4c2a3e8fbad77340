import { readFileSync } from 'node:fs';
import { FLOW_FILE, renderFlow } from '../scripts/flow';
import { rules } from '../src/rules';

describe('docs/flow.md, the interview flow for clinical review', () => {
  const generated = renderFlow();

  it('is up to date with the rules (run `npm run flow` to regenerate it)', () => {
    let current: string;
    try {
      current = readFileSync(FLOW_FILE, 'utf8');
    } catch {
      throw new Error('docs/flow.md is missing: run `npm run flow` and commit it.');
    }
    if (current !== generated) {
      throw new Error('docs/flow.md is stale: the rules or the English questions changed. Run `npm run flow` and commit docs/flow.md.');
    }
  });

  it('is the same every time it is generated', () => {
    expect(renderFlow()).toBe(generated);
  });

  const chart = generated.split('```mermaid\n')[1]?.split('```')[0] ?? '';

  it('has one Mermaid flowchart', () => {
    expect(chart.startsWith('flowchart TD\n')).toBe(true);
  });

  it('shows every question as a node with its id and level', () => {
    const missing = rules.questions.filter(
      (q) => !new RegExp(`^  q_${q.id}(\\[|\\(\\[)"${q.id} · ${q.kind} · ${q.level}\\b`, 'm').test(chart),
    );
    expect(missing.map((q) => q.id)).toEqual([]);
  });

  it('shows every description as a node linked from the open question', () => {
    const missing = rules.descriptionIds.filter((id) => !chart.includes(`d_${id}(["says: ${id}"])`) || !chart.includes(`--> d_${id}\n`));
    expect(missing).toEqual([]);
  });

  it('links every description to the patterns it implies', () => {
    const missing = rules.descriptions.descriptions.flatMap((d) =>
      d.implies.filter((id) => !chart.includes(`d_${d.id} -.->|implies yes| q_${id}\n`)).map((id) => `${d.id} -> ${id}`),
    );
    expect(missing).toEqual([]);
  });

  it('shows where a yes and a no lead for every question asked yes or no', () => {
    const missing = rules.questions
      .filter((q) => q.askable)
      .filter((q) => !/\|(yes|yes or no)\|/.test(edgesFrom(q.id)) || !/\|(no|yes or no)\|/.test(edgesFrom(q.id)))
      .map((q) => q.id);
    expect(missing).toEqual([]);
  });

  function edgesFrom(id: string): string {
    return chart
      .split('\n')
      .filter((line) => line.startsWith(`  q_${id} -->`))
      .join('\n');
  }
});
