import { SkillBuilders, type RequestInterceptor, type ResponseInterceptor } from './sdk';
import { describeRequest, logRequest, OUTCOME_LOG, REMINDER_LOG } from './log';
import { errorHandlers, requestHandlers } from './handlers';
import { ruleNames } from './rule-names';

const START = 'startedAt';

/** Milliseconds on a monotonic clock. `performance.now()` would load perf_hooks, some 1.5 ms of a cold start. */
const now = (): number => Number(process.hrtime.bigint()) / 1e6;

const startTimer: RequestInterceptor = {
  process: (input) => {
    input.attributesManager.getRequestAttributes()[START] = now();
  },
};

/** Logs the level of an outcome delivered in this response, never the answers or causes, once the response is ready. */
const logResponse: ResponseInterceptor = {
  process: (input) => {
    const started: unknown = input.attributesManager.getRequestAttributes()[START];
    const reminder: unknown = input.attributesManager.getRequestAttributes()[REMINDER_LOG];
    const outcome: unknown = input.attributesManager.getRequestAttributes()[OUTCOME_LOG];
    logRequest({
      ...describeRequest(input.requestEnvelope, ruleNames),
      ...(typeof outcome === 'string' ? { outcome } : {}),
      ...(typeof reminder === 'string' ? { reminder } : {}),
      ...(typeof started === 'number' ? { latencyMs: Math.round((now() - started) * 1000) / 1000 } : {}),
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
