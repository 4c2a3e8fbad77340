import type * as Schemas from './zod-schemas';

/**
 * The zod/mini functions the skill's request-time schemas use, loaded when a request first parses something
 * (session state, a touch, a reminder token). A cold LaunchRequest parses nothing, and loading zod and building
 * schemas is a good part of a cold start. Required through src/zod-schemas.ts, which imports by name, so that the
 * bundle carries only these functions of zod.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const zod = (): typeof Schemas => require('./zod-schemas') as typeof Schemas;
