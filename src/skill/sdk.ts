/**
 * The parts of ask-sdk-core a request runs, from their own modules. The package's index loads every one of its
 * modules when first required (image and text helpers, the API client, the service clients, the viewport and
 * SSML utilities): 14 KB more for a cold start to compile and run, none of it used here. ask-sdk-core declares no
 * `exports` map, so these are its published module files; the version is pinned by package-lock.json, and the
 * tests run the bundle as Lambda does.
 */
export { SkillBuilders } from 'ask-sdk-core/dist/skill/SkillBuilders';
export { ResponseFactory } from 'ask-sdk-core/dist/response/ResponseFactory';
export { getRequestType } from 'ask-sdk-core/dist/util/RequestEnvelopeUtils';
export type { ErrorHandler, HandlerInput, RequestHandler, RequestInterceptor, ResponseInterceptor } from 'ask-sdk-core';
