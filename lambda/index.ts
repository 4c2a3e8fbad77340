import type { Context } from 'aws-lambda';
import type { RequestEnvelope, ResponseEnvelope } from 'ask-sdk-model';
import { apology } from '../src/skill/apology';
import { skill } from '../src/skill/skill';

/**
 * The Lambda entry: async, as current Node.js runtimes expect; the skill itself is built at load.
 * An event that is not a request envelope at all still gets a spoken apology.
 */
export const handler = async (event: RequestEnvelope, context?: Context): Promise<ResponseEnvelope> =>
  typeof event === 'object' && event !== null ? skill.invoke(event, context) : { version: '1.0', response: apology(undefined) };
