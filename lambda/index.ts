import type { Context } from 'aws-lambda';
import type { RequestEnvelope, ResponseEnvelope } from 'ask-sdk-model';
import { skill } from '../src/skill/skill';

/** The Lambda entry: async, as current Node.js runtimes expect; the skill itself is built at load. */
export const handler = (event: RequestEnvelope, context?: Context): Promise<ResponseEnvelope> =>
  skill.invoke(event, context);
