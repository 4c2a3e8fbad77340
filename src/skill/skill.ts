import { SkillBuilders, type RequestInterceptor, type ResponseInterceptor } from './sdk';
import { describeRequest, logRequest, OUTCOME_LOG, REMINDER_LOG } from './log';
import { errorHandlers, requestHandlers } from './handlers';
import { ruleNames } from './rule-names';
import { countExchange, emitMetrics, keptCounts } from './metrics';

const START = 'startedAt';

/** Milliseconds on a monotonic clock. `performance.now()` would load perf_hooks, some 1.5 ms of a cold start. */
const now = (): number => Number(process.hrtime.bigint()) / 1e6;

const startTimer: RequestInterceptor = {
  process: (input) => {
    input.attributesManager.getRequestAttributes()[START] = now();
  },
};

/**
 * Logs the level of an outcome delivered in this response, never the answers or causes, once the response is ready;
 * and, on a line of its own without the request id, what the request counts for the operator (src/skill/metrics.ts).
 */
const logResponse: ResponseInterceptor = {
  process: (input, response) => {
    const attributes = input.attributesManager.getRequestAttributes();
    const started: unknown = attributes[START];
    const reminder: unknown = attributes[REMINDER_LOG];
    const outcome: unknown = attributes[OUTCOME_LOG];
    const description = describeRequest(input.requestEnvelope, ruleNames);
    const timing = typeof started === 'number' ? { latencyMs: Math.round((now() - started) * 1000) / 1000 } : {};
    logRequest({
      ...description,
      ...(typeof outcome === 'string' ? { outcome } : {}),
      ...(typeof reminder === 'string' ? { reminder } : {}),
      ...timing,
    });
    emitMetrics(input.requestEnvelope.request.locale, {
      ...keptCounts(attributes),
      ...countExchange(input.requestEnvelope, response),
      ...(typeof reminder === 'string' ? { reminder } : {}),
      error: description.error,
      ...timing,
    });
  },
};

/** The skill; requests for any skill id other than `skillId`, when given, are refused. */
export function buildSkill(skillId?: string) {
  const builder = SkillBuilders.custom()
    .addRequestHandlers(...requestHandlers)
    .addErrorHandlers(...errorHandlers)
    .addRequestInterceptors(startTimer)
    .addResponseInterceptors(logResponse)
    .withCustomUserAgent('leg-pain-guide');
  return (skillId ? builder.withSkillId(skillId) : builder).create();
}

export type Skill = ReturnType<typeof buildSkill>;

/** Built once, when the module loads, and reused by every invocation. */
export const skill = buildSkill(process.env.SKILL_ID);
