// Writes docs/flow.md, the interview as a flow diagram for clinical review, from the rules data alone.
// `npm run flow` writes it; `npx tsx scripts/flow.ts --check` exits 1 when the file differs from what it would write.
import { readCommandLine } from '../src/command-line';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import en from '../src/i18n/locales/en.json';
import { LEVELS, engine, rules, type Level, type Question, type Reply, type Step } from '../src/rules';

export const FLOW_FILE = join(__dirname, '..', 'docs', 'flow.md');

const LABEL_LENGTH = 70;

const OUTCOME_LABELS: Record<Level, string> = {
  emergency: 'EMERGENCY: call the emergency number now',
  urgent: 'URGENT: medical care today',
  soon: 'SOON: see a doctor within days',
  selfcare: 'SELF-CARE: ease it at home',
};

const LEVEL_STYLES: Record<Level, string> = {
  emergency: 'fill:#f8d0d0,stroke:#b00020,stroke-width:2px,color:#000',
  urgent: 'fill:#ffd8a8,stroke:#e8590c,stroke-width:2px,color:#000',
  soon: 'fill:#fff3a0,stroke:#b08800,color:#000',
  selfcare: 'fill:#d3f0d3,stroke:#2f7d32,color:#000',
};

const questionNode = (id: string) => `q_${id}`;
const descriptionNode = (id: string) => `d_${id}`;
const outcomeNode = (level: Level) => `level_${level}`;
const OPEN = 'feelQuestion';

/** Text for a Mermaid quoted label: no double quotes, no angle brackets, no line breaks. */
function mermaidText(text: string): string {
  return text
    .replace(/<[^>]+>/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/&/g, '#amp;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;');
}

function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max + 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut.slice(0, max)).replace(/[\s,.:;]+$/, '')}…`;
}

/** Markdown table cells: pipes escaped, one line. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
}

const questionTexts = en.question as Record<string, { ask?: string } | undefined>;

/** The English question, as the listener first hears it; undefined for patterns that are never asked. */
export function englishQuestion(question: Question): string | undefined {
  return question.askable ? questionTexts[question.id]?.ask : undefined;
}

/** The gates a question needs answered yes, nearest last: its first gate, that gate's first gate, and so on. */
function gateChain(id: string): string[] {
  const gate = rules.questionById.get(id)!.askWhen[0];
  return gate === undefined ? [] : [...gateChain(gate), gate];
}

/** The description that implies these never-asked patterns with the fewest other implications; 'ache' for none. */
function descriptionFor(implied: readonly string[]): string {
  if (implied.length === 0) return 'ache';
  const fits = rules.descriptions.descriptions.filter((d) => implied.every((id) => d.implies.includes(id)));
  const best = [...fits].sort((a, b) => a.implies.length - b.implies.length)[0];
  if (!best) throw new Error(`No description implies ${implied.join(', ')}`);
  return best.id;
}

/**
 * The replies on the usual way to a step: yes to the given questions, no to every other, and the given
 * description at the open question. Undefined when the interview ends before the step comes.
 */
function repliesUntil(arrived: (step: Step) => boolean, yes: ReadonlySet<string>, feel: string): Reply[] | undefined {
  const replies: Reply[] = [];
  for (let step = engine.next(replies); replies.length <= rules.questions.length + 1; step = engine.next(replies)) {
    if (arrived(step)) return replies;
    if (step.kind === 'outcome') return undefined;
    replies.push(
      step.kind === 'describe' ? { described: feel } : { question: step.question.id, answer: yes.has(step.question.id) ? 'yes' : 'no' },
    );
  }
  return undefined;
}

function target(step: Step): string {
  if (step.kind === 'outcome') return outcomeNode(step.outcome.level);
  return step.kind === 'describe' ? OPEN : questionNode(step.question.id);
}

interface Edge {
  from: string;
  to: string;
  label: string;
  style: 'solid' | 'dotted';
}

/** Where each answer leads on the usual way to each question, and questions the usual way never reaches. */
function edgesFromEngine(): { edges: Edge[]; unreachable: string[] } {
  const edges: Edge[] = [];
  const unreachable: string[] = [];
  const push = (from: string, to: string, label: string, style: Edge['style'] = 'solid') => {
    const same = edges.find((e) => e.from === from && e.to === to && e.style === style);
    if (same) same.label = `${same.label} or ${label}`;
    else edges.push({ from, to, label, style });
  };

  const first = engine.next([]);
  push('start', target(first), '');

  for (const question of rules.questions) {
    if (!question.askable) continue;
    const yes = new Set([...gateChain(question.id), question.id]);
    const feel = descriptionFor([...yes].filter((id) => !rules.questionById.get(id)!.askable));
    const prefix = repliesUntil((s) => s.kind === 'question' && s.question.id === question.id, yes, feel);
    if (!prefix) {
      unreachable.push(question.id);
      continue;
    }
    push(questionNode(question.id), target(engine.next([...prefix, { question: question.id, answer: 'yes' }])), 'yes');
    push(questionNode(question.id), target(engine.next([...prefix, { question: question.id, answer: 'no' }])), 'no');
  }

  const beforeOpen = repliesUntil((s) => s.kind === 'describe', new Set(), 'ache');
  for (const description of rules.descriptions.descriptions) {
    push(OPEN, descriptionNode(description.id), '');
    for (const implied of description.implies) push(descriptionNode(description.id), questionNode(implied), 'implies yes', 'dotted');
    if (beforeOpen) push(descriptionNode(description.id), target(engine.next([...beforeOpen, { described: description.id }])), 'then');
  }
  for (const question of rules.questions) {
    if (question.askable) continue;
    for (const followUp of rules.questions.filter((q) => q.askWhen.includes(question.id))) {
      push(questionNode(question.id), questionNode(followUp.id), 'follow-up', 'dotted');
    }
  }
  return { edges, unreachable };
}

function edgeLine({ from, to, label, style }: Edge): string {
  const text = label ? `|${mermaidText(label)}|` : '';
  return style === 'dotted' ? `  ${from} -.->${text} ${to}` : `  ${from} -->${text} ${to}`;
}

function questionLabel(question: Question): string {
  const fallback = rules.descriptions.fallback.includes(question.id);
  const head = `${question.id} · ${question.kind} · ${question.level}${fallback ? ' · fallback' : ''}`;
  const text = englishQuestion(question);
  const body = text === undefined ? 'never asked: implied by a description' : truncate(mermaidText(text), LABEL_LENGTH);
  return `${mermaidText(head)}<br/>${body}`;
}

function chart(edges: readonly Edge[]): string[] {
  const lines = ['```mermaid', 'flowchart TD'];
  lines.push('  start(["Launch: welcome, disclaimer, how many safety questions"])');
  for (const question of rules.questions) {
    const label = questionLabel(question);
    lines.push(question.askable ? `  ${questionNode(question.id)}["${label}"]` : `  ${questionNode(question.id)}(["${label}"])`);
  }
  lines.push(
    `  ${OPEN}{{"open question · asked before ${rules.descriptions.askBefore}<br/>${truncate(mermaidText(en.describe.ask), LABEL_LENGTH)}"}}`,
  );
  for (const description of rules.descriptions.descriptions) {
    lines.push(`  ${descriptionNode(description.id)}(["says: ${description.id}"])`);
  }
  for (const level of [...LEVELS].reverse()) lines.push(`  ${outcomeNode(level)}[["${OUTCOME_LABELS[level]}"]]`);
  lines.push(...edges.map(edgeLine));
  for (const level of LEVELS) lines.push(`  classDef ${level} ${LEVEL_STYLES[level]}`);
  lines.push('  classDef describe fill:#dbe8ff,stroke:#3558a8,color:#000');
  lines.push('  classDef said fill:#f0f0f0,stroke:#888,color:#000');
  for (const level of LEVELS) {
    const members = [...rules.questions.filter((q) => q.level === level).map((q) => questionNode(q.id)), outcomeNode(level)];
    lines.push(`  class ${members.join(',')} ${level}`);
  }
  lines.push(`  class ${OPEN} describe`);
  lines.push(`  class ${rules.descriptions.descriptions.map((d) => descriptionNode(d.id)).join(',')} said`);
  lines.push('```');
  return lines;
}

function askedWhen(question: Question): string {
  if (question.askWhen.length > 0) return `yes to ${question.askWhen.join(' or ')}`;
  if (question.kind === 'pattern') {
    const implying = rules.descriptions.descriptions.filter((d) => d.implies.includes(question.id)).map((d) => d.id);
    const said = implying.length > 0 ? `implied by ${implying.join(', ')}` : 'implied by no description';
    return rules.descriptions.fallback.includes(question.id)
      ? `${said}; asked when the description points to nothing`
      : `never asked: ${said}`;
  }
  return question.index < rules.describeIndex ? 'everyone, before the open question' : 'everyone, after the open question';
}

function questionTable(): string[] {
  return [
    '| question id | kind | level | reach | asked when | causes | source |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rules.questions.map(
      (q) =>
        `| ${[q.id, q.kind, q.level + (q.route ? ` (${q.route})` : ''), q.reach, askedWhen(q), q.causes.join(', ') || '–', q.source].map(cell).join(' | ')} |`,
    ),
  ];
}

function descriptionTable(): string[] {
  const parts = Object.entries(rules.descriptions.parts);
  return [
    '| description id | implies yes to | body parts taken as it |',
    '| --- | --- | --- |',
    ...rules.descriptions.descriptions.map((d) => {
      const named = parts.filter(([, id]) => id === d.id).map(([part]) => part);
      const implies =
        d.implies.length > 0
          ? d.implies.join(', ')
          : `nothing: the fallback patterns are asked (${rules.descriptions.fallback.join(', ')})`;
      return `| ${[d.id, implies, named.join(', ') || '–'].map(cell).join(' | ')} |`;
    }),
  ];
}

function causeTable(): string[] {
  return [
    '| cause id | least level | named by a yes to | named when nothing points to a cause at | source |',
    '| --- | --- | --- | --- | --- |',
    ...rules.causes.map((c) => {
      const questions = rules.questions.filter((q) => q.causes.includes(c.id)).map((q) => q.id);
      const defaults = LEVELS.filter((l) => rules.outcomes[l].defaultCauses.includes(c.id));
      return `| ${[c.id, c.level, questions.join(', ') || '–', defaults.join(', ') || '–', c.source].map(cell).join(' | ')} |`;
    }),
  ];
}

/** The whole of docs/flow.md. */
export function renderFlow(): string {
  const { edges, unreachable } = edgesFromEngine();
  const lines = [
    '# Interview flow',
    '',
    '<!-- Generated by `npm run flow` (scripts/flow.ts) from src/rules/data. Do not edit by hand. -->',
    '',
    'Generated by `npm run flow` from the rules data in `src/rules/data` and the English questions in',
    '`src/i18n/locales/en.json`. **Do not edit by hand**: change the rules, then run `npm run flow`',
    '(`tests/flow.test.ts` fails while this file is out of date).',
    '',
    '## How to read it',
    '',
    '- Each rectangle is a yes/no question: its id, its kind, the level a yes leads to, and the English question',
    '  (shortened). Its colour is that level: red emergency, orange urgent (care today), yellow soon (a doctor',
    '  within days), green self-care.',
    '- Rounded boxes are patterns that are never asked yes or no: only a description at the open question gives',
    '  them (dotted "implies yes" arrows).',
    '- Arrows show where each answer leads on the usual way to that question: every earlier answer no, except',
    '  the questions it follows up, and a description that implies nothing (`ache`) unless the question needs one.',
    '  After other answers the order is the same, but a question is skipped when it can no longer change the',
    '  outcome: it is asked while a yes could raise the level (itself or through the questions it opens) or change',
    '  what the listener is told (the likeliest cause, and so the advice and the safety net; the first aid; where to',
    '  go), whatever level was reached before; once a pattern fits, the other fallback patterns are not asked; an',
    '  emergency sign ends the interview at once.',
    '- "I don\'t know" counts as yes for warning signs (`redFlag`; `fact` after one clarifying question; `observable`',
    '  after "switch on a light and look"), and as no evidence for a pattern.',
    `- The open question ("what does the pain feel like?") comes before \`${rules.descriptions.askBefore}\`, once the`,
    '  warning signs before it are asked. What the listener says counts as yes to the patterns it implies, even',
    `  over an earlier no. When it implies nothing, the fallback patterns are asked in turn: ${rules.descriptions.fallback.map((id) => `\`${id}\``).join(', ')}.`,
    '- The double-bordered boxes are outcomes. Which causes an outcome names is in the tables below the chart.',
    '',
    '## Chart',
    '',
    ...chart(edges),
    '',
    '## Questions, in asking order',
    '',
    '`reach` is the highest level the question or the questions that follow it can lead to: a question is',
    'asked while its reach is above the level already reached, or while a yes would change what the listener is told.',
    '',
    ...questionTable(),
    '',
    '## Descriptions (the open question)',
    '',
    ...descriptionTable(),
    '',
    '## Causes',
    '',
    'A cause is never named in an outcome below its least level, nor when only a pattern answered no names it.',
    '',
    ...causeTable(),
    '',
    '## Questions the usual way never reaches',
    '',
    ...(unreachable.length > 0 ? unreachable.map((id) => `- \`${id}\``) : ['None: every question that is asked yes or no is reached.']),
    '',
  ];
  return lines.join('\n');
}

const USAGE =
  'Usage: npm run flow [-- --check]\n\nWrites docs/flow.md, the interview as a flow chart; with --check, exits 1 when it is out of date.\n';

if (require.main === module) {
  const expected = renderFlow();
  if (readCommandLine(USAGE, { check: { type: 'boolean', default: false } }).values.check) {
    let current: string | undefined;
    try {
      current = readFileSync(FLOW_FILE, 'utf8');
    } catch {
      current = undefined;
    }
    if (current !== expected) {
      console.error(`${FLOW_FILE} is ${current === undefined ? 'missing' : 'out of date'}: run \`npm run flow\`.`);
      process.exit(1);
    }
    console.log(`${FLOW_FILE} is up to date.`);
  } else {
    mkdirSync(dirname(FLOW_FILE), { recursive: true });
    writeFileSync(FLOW_FILE, expected);
    console.log(`Wrote ${FLOW_FILE}`);
  }
}
