import type { Context } from 'aws-lambda';
import type { RequestEnvelope, ResponseEnvelope } from 'ask-sdk-model';
import { apology } from './apology';
import { logError } from './log-error';
import { skill as projectSkill, type Skill } from './skill';

/**
 * One request, answered whatever it holds. The skill's error handler catches what goes wrong in a handler; this
 * catches what goes wrong before one runs (the SDK copying session attributes nested thousands deep, a forged
 * envelope it cannot read): one log line, and a spoken apology rather than an invocation error.
 */
export async function answer(event: unknown, context?: Context, skill: Skill = projectSkill): Promise<ResponseEnvelope> {
  if (typeof event !== 'object' || event === null) return { version: '1.0', response: apology(undefined) };
  const envelope = event as RequestEnvelope;
  try {
    return await skill.invoke(envelope, context);
  } catch (error) {
    logError(error, envelope);
    const locale: unknown = envelope.request?.locale;
    return { version: '1.0', response: apology(typeof locale === 'string' ? locale : undefined) };
  }
}
