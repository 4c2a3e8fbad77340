import type { Context } from 'aws-lambda';
import type { RequestEnvelope, ResponseEnvelope } from 'ask-sdk-model';
import { malformedRequestResponse } from '../src/skill/malformed';
import { skill } from '../src/skill/skill';

/** The Lambda entry: async, as current Node.js runtimes expect; the skill itself is built at load. */
export const handler = async (event: RequestEnvelope, context?: Context): Promise<ResponseEnvelope> =>
  typeof event === 'object' && event !== null ? skill.invoke(event, context) : malformedRequestResponse();
