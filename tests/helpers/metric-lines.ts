import { SUPPORTED_LOCALES } from '../../src/i18n';
import { LEVELS, rules } from '../../src/rules';
import {
  CAN_FULFILL_ANSWERS,
  DIMENSIONS,
  ERROR_KINDS,
  METRICS,
  METRICS_NAMESPACE,
  OTHER,
  REMINDER_RESULTS,
  STEPS,
  type DimensionName,
  type MetricName,
} from '../../src/skill/metrics';

/**
 * Metric lines checked twice: against the embedded metric format's specification (CloudWatch's "Specification:
 * Embedded metric format", and the limits aws-embedded-metrics enforces), and against what this skill allows a
 * metric line to hold.
 */

/** The only place a question id may appear in a metric line: the `question` member, on a line counting these alone. */
export const QUESTION_METRICS: readonly MetricName[] = ['Fallbacks', 'DropOffs'];

const questionIds = rules.questions.map((q) => q.id);

/** Each dimension's closed vocabulary. */
export const VOCABULARY: Readonly<Record<DimensionName, readonly string[]>> = {
  locale: [...SUPPORTED_LOCALES, OTHER],
  question: [...questionIds, ...Object.values(STEPS), OTHER],
  level: [...LEVELS, OTHER],
  canFulfill: [...CAN_FULFILL_ANSWERS, OTHER],
  reminder: [...REMINDER_RESULTS, OTHER],
  kind: ERROR_KINDS,
};

/** CloudWatch's units (MetricDatum). */
const UNITS = new Set(
  [
    'Seconds',
    'Microseconds',
    'Milliseconds',
    'Bytes',
    'Kilobytes',
    'Megabytes',
    'Gigabytes',
    'Terabytes',
    'Bits',
    'Kilobits',
    'Megabits',
    'Gigabits',
    'Terabits',
    'Percent',
    'Count',
    'Bytes/Second',
    'Kilobytes/Second',
    'Megabytes/Second',
    'Gigabytes/Second',
    'Terabytes/Second',
    'Bits/Second',
    'Kilobits/Second',
    'Megabits/Second',
    'Gigabits/Second',
    'Terabits/Second',
    'Count/Second',
    'None',
  ].map(String),
);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const sameKeys = (value: Record<string, unknown>, keys: readonly string[]) =>
  Object.keys(value).length === keys.length && keys.every((key) => key in value);

/** What a metric line must never hold, besides a question id outside its one place: the answers, causes, descriptions. */
export const METRIC_SECRETS: readonly string[] = [
  ...questionIds,
  ...rules.causes.map((c) => c.id),
  ...rules.descriptionIds.filter((d) => d !== 'unclear').map((d) => `"${d}"`),
  'AMAZON.YesIntent',
  'AMAZON.NoIntent',
  'UnsureIntent',
  'PartlyIntent',
  '"yes"',
  '"no"',
  '"unsure"',
  'requestId',
  'sessionId',
  'userId',
  'amzn1.',
];

/** Every problem with one metric line; none for a good one. `canaries`: values planted in the requests. */
export function metricLineProblems(line: string, canaries: readonly string[] = []): string[] {
  const problems: string[] = [];
  let root: unknown;
  try {
    root = JSON.parse(line);
  } catch {
    return [`not JSON: ${line}`];
  }
  if (!isObject(root)) return [`not a JSON object: ${line}`];
  // ---- The specification ----
  const meta = root._aws;
  if (!isObject(meta) || !sameKeys(meta, ['Timestamp', 'CloudWatchMetrics']))
    return [`_aws is not { Timestamp, CloudWatchMetrics }: ${line}`];
  if (!Number.isInteger(meta.Timestamp) || (meta.Timestamp as number) <= 0) problems.push(`Timestamp not milliseconds since the epoch`);
  const directives = meta.CloudWatchMetrics;
  if (!Array.isArray(directives) || directives.length === 0) return [...problems, 'CloudWatchMetrics is not a non-empty array'];
  const referenced = new Set<string>();
  const metrics: string[] = [];
  for (const directive of directives) {
    if (!isObject(directive) || !sameKeys(directive, ['Namespace', 'Dimensions', 'Metrics'])) {
      problems.push(`a directive is not { Namespace, Dimensions, Metrics }`);
      continue;
    }
    const { Namespace: namespace, Dimensions: sets, Metrics: list } = directive;
    if (typeof namespace !== 'string' || namespace.length > 256 || !/^(?=.*\S)[a-zA-Z0-9 ._#:/-]+$/.test(namespace))
      problems.push(`bad namespace ${String(namespace)}`);
    if (namespace !== METRICS_NAMESPACE) problems.push(`namespace ${String(namespace)}, not ${METRICS_NAMESPACE}`);
    if (!Array.isArray(sets) || sets.some((set) => !Array.isArray(set) || set.length > 30 || set.some((d) => typeof d !== 'string')))
      problems.push('Dimensions is not an array of arrays of at most 30 strings');
    if (!Array.isArray(list) || list.length === 0 || list.length > 100) problems.push('Metrics is not 1 to 100 definitions');
    for (const set of Array.isArray(sets) ? (sets as unknown[][]) : []) {
      for (const dimension of set) {
        const value = root[String(dimension)];
        referenced.add(String(dimension));
        if (typeof value !== 'string' || !/^[\x20-\x7e]{1,1024}$/.test(value) || !value.trim() || String(dimension).length > 250)
          problems.push(`dimension ${String(dimension)} is not a root member with an ASCII string value: ${JSON.stringify(value)}`);
      }
    }
    for (const definition of Array.isArray(list) ? (list as unknown[]) : []) {
      if (!isObject(definition) || typeof definition.Name !== 'string' || definition.Name.length > 1024) {
        problems.push(`bad metric definition ${JSON.stringify(definition)}`);
        continue;
      }
      const name = definition.Name;
      referenced.add(name);
      metrics.push(name);
      if (definition.Unit !== undefined && !UNITS.has(String(definition.Unit))) problems.push(`${name}: unit ${String(definition.Unit)}`);
      const value = root[name];
      if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > Number.MAX_SAFE_INTEGER)
        problems.push(`${name} is not a root member with a number`);
      // ---- What this skill declares (src/skill/metrics.ts) ----
      const declared = Object.hasOwn(METRICS, name) ? METRICS[name as MetricName] : undefined;
      if (!declared) problems.push(`${name} is not a metric src/skill/metrics.ts declares`);
      else if (declared.unit !== definition.Unit || JSON.stringify(declared.dimensions) !== JSON.stringify(sets))
        problems.push(`${name} is emitted with other units or dimensions than declared`);
    }
  }
  // ---- What a metric line may hold ----
  for (const key of Object.keys(root)) {
    if (key !== '_aws' && !referenced.has(key)) problems.push(`member ${key} is neither a dimension nor a metric of the line`);
    if (key !== '_aws' && !(DIMENSIONS as readonly string[]).includes(key) && !Object.hasOwn(METRICS, key))
      problems.push(`member ${key} is not in the vocabulary`);
  }
  for (const dimension of DIMENSIONS) {
    const value = root[dimension];
    if (value !== undefined && !VOCABULARY[dimension].includes(String(value)))
      problems.push(`${dimension} ${JSON.stringify(value)} is outside its vocabulary`);
  }
  let checked = line;
  if (root.question !== undefined) {
    if (metrics.length !== 1 || !QUESTION_METRICS.includes(metrics[0] as MetricName))
      problems.push(`a question on a line counting ${metrics.join(', ')}: only ${QUESTION_METRICS.join(' or ')} may carry one, alone`);
    // The one place a question id is allowed; the rest of the line is searched without it.
    checked = line.replace(`"question":${JSON.stringify(root.question)}`, '"question":…');
  }
  for (const secret of [...METRIC_SECRETS, ...canaries]) if (checked.includes(secret)) problems.push(`holds ${secret}`);
  return problems;
}

/** The metric lines' problems, each with its line, for an expectation that prints what went wrong. */
export function metricProblems(lines: readonly string[], canaries: readonly string[] = []): string[] {
  return lines.flatMap((line) => metricLineProblems(line, canaries).map((problem) => `${problem}\n    in ${line}`));
}

/** The metrics a set of lines emitted, each with how often, by dimension values: `Outcomes level=urgent locale=en-US`. */
export function countMetrics(lines: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of lines) {
    const root = JSON.parse(line) as Record<string, unknown> & { _aws: { CloudWatchMetrics: Array<{ Metrics: Array<{ Name: string }> }> } };
    for (const { Metrics } of root._aws.CloudWatchMetrics) {
      for (const { Name } of Metrics) {
        counts.set(Name, (counts.get(Name) ?? 0) + 1);
      }
    }
  }
  return counts;
}
