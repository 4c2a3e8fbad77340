// Measures the conversation as the listener hears it, per locale and per path: how many answers until the first
// outcome response, how many words the skill speaks until then, and the longest single response.
// `npm run sim` prints a table per locale, a summary and whether the targets hold; tests/sim.test.ts asserts them.
import { exitWithUsage, readCommandLine } from '../src/command-line';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { respondTo, type DialogEvent, type Turn } from '../src/dialog/conversation';
import { SUPPORTED_LOCALES, translatorFor } from '../src/i18n';
import { languageOf, UNSPACED_LANGUAGES } from '../src/i18n/locales';
import { loadModel } from '../src/console/matcher';
import { LEVELS, rules, type Level, type Outcome } from '../src/rules';
import { render } from '../src/speech/render';

/** The acceptance targets for the spoken conversation. */
export const TARGETS = {
  /** Median answers over the benign paths. */
  benignMedianAnswers: 7,
  /** Median words heard over the benign paths, from the launch up to and including the first outcome response. */
  benignMedianWords: 200,
  /**
   * No benign path takes more answers than this. The least specific descriptions ("it aches", "I don't know" then
   * a back pain) are asked every discriminating question, and a fall told only at the open question every injury
   * question, blood thinners among them: 11 to 12 answers, where the clinical review found the short paths unsafe.
   */
  benignMaxAnswers: 12,
  /** Words in the response that first gives the outcome, on every path. */
  outcomeResponseWords: 60,
  /** Words in the emergency response. */
  emergencyResponseWords: 40,
} as const;

export type PathGroup = 'benign' | 'warning';

/** One listener: what they answer to each yes/no question, and what they say the pain feels like. */
export interface PathSpec {
  name: string;
  group: PathGroup;
  /** Questions answered yes; every other question is answered no. */
  yes: readonly string[];
  /** The description id given at the open question. */
  feel: string;
  /** The warning sign this path is about: it must be asked on the way. */
  target?: string;
}

export interface Response {
  /** What the listener did; 'launch' for the opening. */
  event: string;
  /** The question this response asks ('describe' for the open question), or the outcome level it gives. */
  asks?: string;
  outcome?: Level;
  text: string;
  words: number;
}

export interface PathMeasure {
  locale: string;
  path: string;
  group: PathGroup;
  /** Listener turns until the first outcome response, the open question's answer included. */
  answers: number;
  /** Words the skill speaks from the launch up to and including the first outcome response. */
  wordsHeard: number;
  /** The longest single response on the path, in words. */
  longestResponse: number;
  /** Words in the response that first gives the outcome. */
  outcomeWords: number;
  level: Level;
  causes: string[];
  /** The path's warning sign was asked (true when the path has none). */
  targetAsked: boolean;
  /** Causes the outcome names that a question answered no also names, and which yes named them: for a human to judge. */
  contradicted: string[];
  responses: Response[];
}

/**
 * Japanese speaks about 2.5 characters in the time English speaks a word (an 11-word English question is some
 * 27 characters of Japanese): its length in words is its characters over that.
 */
export const CHARACTERS_PER_WORD = 2.5;

/**
 * Words as heard: SSML tags stripped, split on whitespace, tokens without a letter or digit (a lone dash) dropped;
 * in a language written without spaces, its letters and digits over CHARACTERS_PER_WORD.
 */
export function wordsIn(ssml: string, locale?: string): number {
  const text = ssml.replace(/<[^>]+>/g, ' ');
  if (UNSPACED_LANGUAGES.includes(languageOf(locale))) {
    return Math.ceil((text.match(/[\p{L}\p{N}]/gu)?.length ?? 0) / CHARACTERS_PER_WORD);
  }
  return text.split(/\s+/).filter((token) => /[\p{L}\p{N}]/u.test(token)).length;
}

/** The first sentence of what is said, whatever the script's full stop. */
export function firstSentence(text: string): string {
  return text.split(/[.?!。？！।؟]/u)[0] ?? '';
}

export function plainText(ssml: string): string {
  return ssml
    .replace(/<[^>]+>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The gates a question needs answered yes, nearest last: its first gate, that gate's first gate, and so on. */
export function gateChain(id: string): string[] {
  const question = rules.questionById.get(id);
  if (!question) throw new Error(`Unknown question "${id}"`);
  const gate = question.askWhen[0];
  return gate === undefined ? [] : [...gateChain(gate), gate];
}

/** The description that implies these never-asked patterns with the fewest other implications; 'ache' for none. */
export function descriptionFor(implied: readonly string[]): string {
  if (implied.length === 0) return 'ache';
  const fits = rules.descriptions.descriptions.filter((d) => implied.every((id) => d.implies.includes(id)));
  const best = [...fits].sort((a, b) => a.implies.length - b.implies.length)[0];
  if (!best) throw new Error(`No description implies ${implied.join(', ')}`);
  return best.id;
}

/** "I don't know" at the open question: said as an answer ("not sure"), which the dialog takes as this description. */
const UNCLEAR = 'unclear';

/** The paths measured: every description with all no, 'unclear' with each fallback pattern, and every warning sign. */
export function pathSpecs(): PathSpec[] {
  const said = (feel: string) => (feel === UNCLEAR ? `"I don't know"` : `"${feel}"`);
  const benign: PathSpec[] = rules.descriptionIds.map((feel) => ({ name: `says ${said(feel)}, all no`, group: 'benign', yes: [], feel }));
  if (!rules.descriptionIds.includes(UNCLEAR))
    benign.push({ name: `says ${said(UNCLEAR)}, all no`, group: 'benign', yes: [], feel: UNCLEAR });
  for (const pattern of rules.descriptions.fallback) {
    benign.push({ name: `says ${said(UNCLEAR)}, yes: ${pattern}`, group: 'benign', yes: [pattern], feel: UNCLEAR });
  }
  const warning: PathSpec[] = rules.questions
    .filter((q) => q.kind !== 'pattern')
    .map((q) => {
      const yes = [...gateChain(q.id), q.id];
      const neverAsked = yes.filter((id) => !rules.questionById.get(id)!.askable);
      return { name: `yes: ${yes.join(' > ')}`, group: 'warning', yes, feel: descriptionFor(neverAsked), target: q.id };
    });
  return [...benign, ...warning];
}

/** At most every question and a few descriptions: more means the dialog is going round in circles. */
const MAX_TURNS = rules.questions.length + 10;

/** The act that gives the outcome the answers led to: the outcome, or the emergency a sign called for. */
function outcomeAct(turn: Turn): { outcome: Outcome } | undefined {
  for (const act of turn.acts) {
    if (act.type === 'outcome') return act;
    if (act.type === 'emergency' && act.outcome) return { outcome: act.outcome };
  }
  return undefined;
}

/** Drives one path through respondTo and render, from the launch to the first outcome response. */
export function measurePath(locale: string, spec: PathSpec): PathMeasure {
  const translator = translatorFor(locale);
  const yes = new Set(spec.yes);
  const responses: Response[] = [];
  const asked = new Set<string>();
  const answered = new Map<string, 'yes' | 'no'>();
  let state: unknown = undefined;
  let event: DialogEvent = { type: 'launch' };
  for (let turns = 0; turns <= MAX_TURNS; turns++) {
    const turn = respondTo(state, event);
    const { speech } = render(turn, translator);
    const found = outcomeAct(turn);
    const last = turn.acts.at(-1);
    const asks = last?.type === 'ask' ? last.question : last?.type === 'describe' ? 'describe' : undefined;
    const label = event.type === 'answer' ? event.answer : event.type === 'describePain' ? `says ${event.feel}` : event.type;
    responses.push({
      event: label,
      text: plainText(speech),
      words: wordsIn(speech, locale),
      ...(asks && !found ? { asks } : {}),
      ...(found ? { outcome: found.outcome.level } : {}),
    });
    if (found) {
      const words = responses.map((r) => r.words);
      const { outcome } = found;
      // What the description implied is the listener's later, more specific account: it supports its causes.
      const implied = rules.descriptions.descriptions.find((d) => d.id === spec.feel && asked.has('describe'))?.implies ?? [];
      const positive = [...implied, ...[...answered].filter(([, a]) => a === 'yes').map(([id]) => id)];
      const contradicted = [...answered]
        .filter(([id, a]) => a === 'no' && !implied.includes(id))
        .flatMap(([id]) =>
          rules.questionById
            .get(id)!
            .causes.filter((c) => outcome.causes.includes(c))
            .map((c) => {
              const from = positive.filter((p) => rules.questionById.get(p)!.causes.includes(c));
              return `names ${c}${from.length > 0 ? ` (from ${from.join(', ')})` : ''} though ${id} was answered no`;
            }),
        );
      return {
        locale,
        path: spec.name,
        group: spec.group,
        answers: responses.length - 1,
        wordsHeard: words.reduce((a, b) => a + b, 0),
        longestResponse: Math.max(...words),
        outcomeWords: responses.at(-1)!.words,
        level: outcome.level,
        causes: outcome.causes,
        targetAsked: spec.target === undefined || asked.has(spec.target),
        contradicted,
        responses,
      };
    }
    if (turn.end || !asks) throw new Error(`${locale} ${spec.name}: the session ended without an outcome: ${plainText(speech)}`);
    state = turn.state ?? {};
    if (asks === 'describe') {
      asked.add('describe');
      event = spec.feel === UNCLEAR ? { type: 'answer', answer: 'unsure' } : { type: 'describePain', feel: spec.feel };
    } else {
      const answer = yes.has(asks) ? 'yes' : 'no';
      asked.add(asks);
      answered.set(asks, answer);
      event = { type: 'answer', answer };
    }
  }
  throw new Error(`${locale} ${spec.name}: no outcome after ${MAX_TURNS} turns`);
}

/** Every path in one locale. */
export function measurePaths(locale: string): PathMeasure[] {
  return pathSpecs().map((spec) => measurePath(locale, spec));
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return NaN;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

interface Longest {
  words: number;
  path: string;
  text: string;
}

export interface Summary {
  locale: string;
  benign: { paths: number; medianAnswers: number; maxAnswers: number; medianWords: number; maxWords: number };
  /** The longest first outcome response at each level reached. */
  longestOutcome: Partial<Record<Level, Longest>>;
  longestEmergency: Longest | undefined;
  /** The longest response that asks a question, the launch response aside. */
  longestQuestion: Longest & { asks: string };
  launchWords: number;
}

function longestOf<T extends { words: number }>(items: readonly T[]): T | undefined {
  return items.reduce<T | undefined>((best, item) => (best === undefined || item.words > best.words ? item : best), undefined);
}

export function summarize(measures: readonly PathMeasure[]): Summary {
  const benign = measures.filter((m) => m.group === 'benign');
  const outcomeResponse = (m: PathMeasure): Longest => ({ words: m.outcomeWords, path: m.path, text: m.responses.at(-1)!.text });
  const longestOutcome: Partial<Record<Level, Longest>> = {};
  for (const level of LEVELS) {
    const best = longestOf(measures.filter((m) => m.level === level).map(outcomeResponse));
    if (best) longestOutcome[level] = best;
  }
  const questions = measures.flatMap((m) =>
    m.responses.slice(1).flatMap((r) => (r.asks ? [{ words: r.words, path: m.path, text: r.text, asks: r.asks }] : [])),
  );
  return {
    locale: measures[0]?.locale ?? '',
    benign: {
      paths: benign.length,
      medianAnswers: median(benign.map((m) => m.answers)),
      maxAnswers: Math.max(...benign.map((m) => m.answers)),
      medianWords: median(benign.map((m) => m.wordsHeard)),
      maxWords: Math.max(...benign.map((m) => m.wordsHeard)),
    },
    longestOutcome,
    longestEmergency: longestOutcome.emergency,
    longestQuestion: longestOf(questions) ?? { words: 0, path: '', text: '', asks: '' },
    launchWords: Math.max(...measures.map((m) => m.responses[0]!.words)),
  };
}

export interface TargetCheck {
  target: string;
  holds: boolean;
  /** What breaks it: the paths, with their numbers and, for long responses, the words. */
  offenders: string[];
}

/** Whether each acceptance target holds for one locale's paths. */
export function checkTargets(measures: readonly PathMeasure[]): TargetCheck[] {
  const benign = measures.filter((m) => m.group === 'benign');
  const { benign: b } = summarize(measures);
  const check = (target: string, offenders: string[]): TargetCheck => ({ target, holds: offenders.length === 0, offenders });
  const says = (m: PathMeasure) => `${m.path}: ${m.outcomeWords} words: "${m.responses.at(-1)!.text}"`;
  return [
    check(
      `benign median answers <= ${TARGETS.benignMedianAnswers}`,
      b.medianAnswers <= TARGETS.benignMedianAnswers ? [] : [`median ${b.medianAnswers} over ${b.paths} benign paths`],
    ),
    check(
      `benign median words heard <= ${TARGETS.benignMedianWords}`,
      b.medianWords <= TARGETS.benignMedianWords ? [] : [`median ${b.medianWords} over ${b.paths} benign paths`],
    ),
    check(
      `no benign path over ${TARGETS.benignMaxAnswers} answers`,
      benign.filter((m) => m.answers > TARGETS.benignMaxAnswers).map((m) => `${m.path}: ${m.answers} answers`),
    ),
    check(
      `first outcome response <= ${TARGETS.outcomeResponseWords} words`,
      measures.filter((m) => m.outcomeWords > TARGETS.outcomeResponseWords).map(says),
    ),
    check(
      `emergency response <= ${TARGETS.emergencyResponseWords} words`,
      measures.filter((m) => m.level === 'emergency' && m.outcomeWords > TARGETS.emergencyResponseWords).map(says),
    ),
  ];
}

function printLocale(locale: string, verbose: boolean): boolean {
  const measures = measurePaths(locale);
  console.log(`\n=== ${locale} ===`);
  console.table(
    measures.map((m) => ({
      path: m.path,
      answers: m.answers,
      'words heard': m.wordsHeard,
      'longest response': m.longestResponse,
      outcome: m.level,
      'first cause': m.causes[0] ?? '-',
    })),
  );
  if (verbose) {
    for (const m of measures) {
      console.log(`\n${m.path}`);
      for (const r of m.responses) console.log(`  > ${r.event}\n    [${r.words}] ${r.text}`);
    }
  }
  const s = summarize(measures);
  console.log(`${locale} summary`);
  console.log(
    `  benign paths (${s.benign.paths}): answers median ${s.benign.medianAnswers}, max ${s.benign.maxAnswers}; words heard median ${s.benign.medianWords}, max ${s.benign.maxWords}`,
  );
  for (const level of LEVELS) {
    const l = s.longestOutcome[level];
    console.log(`  longest first outcome response, ${level}: ${l ? `${l.words} words (${l.path})` : 'never reached'}`);
  }
  console.log(
    `  longest emergency response: ${s.longestEmergency ? `${s.longestEmergency.words} words (${s.longestEmergency.path})` : 'never reached'}`,
  );
  console.log(`  longest question: ${s.longestQuestion.words} words (${s.longestQuestion.asks}): "${s.longestQuestion.text}"`);
  console.log(`  launch response: ${s.launchWords} words`);
  const unasked = measures.filter((m) => !m.targetAsked).map((m) => m.path);
  if (unasked.length > 0) console.log(`  warning signs never asked on their path: ${unasked.join('; ')}`);
  const contradicted = measures.filter((m) => m.contradicted.length > 0);
  if (verbose && contradicted.length > 0) {
    console.log('  causes named though a question that names them was answered no (to judge):');
    for (const m of contradicted) console.log(`    ${m.path}: ${m.contradicted.join('; ')}`);
  }
  let ok = true;
  for (const t of checkTargets(measures)) {
    ok &&= t.holds;
    console.log(`  ${t.holds ? 'PASS' : 'FAIL'} ${t.target}`);
    for (const o of t.offenders) console.log(`       ${o}`);
  }
  return ok;
}

/** The pages whose tables the sim writes: every path (architecture), every locale (languages). */
export const PATHS_PAGE = join(__dirname, '..', 'docs', 'architecture.md');
export const LOCALES_PAGE = join(__dirname, '..', 'docs', 'languages.md');
const TABLE_START = '<!-- npm run sim -- --docs: paths start -->';
const TABLE_END = '<!-- npm run sim -- --docs: paths end -->';

/** The table of every path in a locale: answers, words heard, the outcome, the first cause named. */
export function pathTable(locale = 'en-US'): string {
  const measures = measurePaths(locale);
  const s = summarize(measures);
  return [
    TABLE_START,
    `| Path (${locale}) | Answers | Words heard | Outcome | First cause named |`,
    '|---|---|---|---|---|',
    ...measures.map((m) => `| ${m.path.replace(/\|/g, '\\|')} | ${m.answers} | ${m.wordsHeard} | ${m.level} | ${m.causes[0] ?? '–'} |`),
    '',
    `Benign paths: median ${s.benign.medianAnswers} answers (at most ${s.benign.maxAnswers}), median ${s.benign.medianWords} words heard.`,
    TABLE_END,
  ].join('\n');
}

const LOCALES_START = '<!-- npm run sim -- --docs: locales start -->';
const LOCALES_END = '<!-- npm run sim -- --docs: locales end -->';

/** The table of every locale: its invocation name, emergency number, and what its listener hears. */
export function localeTable(): string {
  return [
    LOCALES_START,
    '| locale | invocation name | emergency number | longest first outcome (words) | longest emergency | benign: median answers / words heard |',
    '|---|---|---|---|---|---|',
    ...SUPPORTED_LOCALES.map((locale) => {
      const s = summarize(measurePaths(locale));
      const outcome = Math.max(...LEVELS.filter((l) => l !== 'emergency').map((l) => s.longestOutcome[l]?.words ?? 0));
      const number = plainText(translatorFor(locale).t('number.emergency'));
      return `| ${locale} | ${loadModel(locale).interactionModel.languageModel.invocationName} | ${number} | ${outcome} | ${s.longestEmergency?.words ?? '–'} | ${s.benign.medianAnswers} / ${s.benign.medianWords} |`;
    }),
    LOCALES_END,
  ].join('\n');
}

function replaceBlock(text: string, start: string, end: string, table: string): string {
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from === -1 || to === -1) throw new Error(`no ${start} … ${end} block`);
  return `${text.slice(0, from)}${table}${text.slice(to + end.length)}`;
}

/** Each page the sim writes a table in, with the table written anew. */
export function pagesWithTables(read: (path: string) => string = (path) => readFileSync(path, 'utf8')): Map<string, string> {
  return new Map([
    [PATHS_PAGE, replaceBlock(read(PATHS_PAGE), TABLE_START, TABLE_END, pathTable())],
    [LOCALES_PAGE, replaceBlock(read(LOCALES_PAGE), LOCALES_START, LOCALES_END, localeTable())],
  ]);
}

const SIM_USAGE = `Usage: npm run sim -- [<locale> ...] [--verbose] [--docs]

Walks every path a listener can take and prints, per path and per locale, the answers needed, the words heard and
the longest response; exits 1 when a target fails.

  <locale>    one or more of ${SUPPORTED_LOCALES.join(', ')} (default: all)
  --verbose   also print every path's words
  --docs      rewrite the path table (docs/architecture.md) and the locale table (docs/languages.md) instead
  --help      this text
`;

if (require.main === module) {
  const { values, positionals: asked } = readCommandLine(
    SIM_USAGE,
    { verbose: { type: 'boolean', short: 'v', default: false }, docs: { type: 'boolean', default: false } },
    { positionals: true },
  );
  const verbose = values.verbose;
  const unknown = asked.filter((locale) => !(SUPPORTED_LOCALES as readonly string[]).includes(locale));
  if (unknown.length > 0) exitWithUsage(SIM_USAGE, `Unknown locale ${unknown.join(', ')}.`);
  if (values.docs) {
    for (const [path, text] of pagesWithTables()) writeFileSync(path, text);
    console.log('Wrote the path table in docs/architecture.md and the locale table in docs/languages.md');
  } else {
    const locales = asked.length > 0 ? asked : [...SUPPORTED_LOCALES];
    const results = locales.map((locale) => [locale, printLocale(locale, verbose)] as const);
    console.log(`\nTargets: ${results.map(([locale, ok]) => `${locale} ${ok ? 'hold' : 'FAIL'}`).join(', ')}`);
    if (results.some(([, ok]) => !ok)) process.exitCode = 1;
  }
}
