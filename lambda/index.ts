import type { Context } from 'aws-lambda';
import type { RequestEnvelope, ResponseEnvelope } from 'ask-sdk-model';
import { answer } from '../src/skill/answer';

/**
 * The Lambda entry: async, as current Node.js runtimes expect; the skill itself is built at load. Whatever the
 * event holds, the answer is a response, an apology at worst (src/skill/answer.ts).
 */
export const handler = (event: RequestEnvelope, context?: Context): Promise<ResponseEnvelope> => answer(event, context);
