import { SkillBuilders, type RequestInterceptor, type ResponseInterceptor } from './sdk';
import { describeRequest, logRequest, REMINDER_LOG } from './log';
import { errorHandlers, requestHandlers } from './handlers';

const START = 'startedAt';

/** Milliseconds on a monotonic clock. `performance.now()` would load perf_hooks, some 1.5 ms of a cold start. */
const now = (): number => Number(process.hrtime.bigint()) / 1e6;

const startTimer: RequestInterceptor = {
  process: (input) => {
    input.attributesManager.getRequestAttributes()[START] = now();
  },
};

/** Logs the outcome level, never the answers or causes, once the response is ready. */
const logResponse: ResponseInterceptor = {
  process: (input) => {
    const started: unknown = input.attributesManager.getRequestAttributes()[START];
    const reminder: unknown = input.attributesManager.getRequestAttributes()[REMINDER_LOG];
    // Read only for the log: the attributes as the dialog left them, whatever they hold.
    const attributes: unknown = input.requestEnvelope.session ? input.attributesManager.getSessionAttributes() : undefined;
    const outcome = (attributes as { outcome?: { level?: unknown } } | undefined)?.outcome?.level;
    logRequest({
      ...describeRequest(input.requestEnvelope),
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

/** Built once, when the module loads, and reused by every invocation. */
export const skill = buildSkill(process.env.SKILL_ID);
