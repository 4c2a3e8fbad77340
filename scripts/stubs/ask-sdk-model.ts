/**
 * All that ask-sdk-core takes from ask-sdk-model at run time, for the Lambda bundle.
 *
 * ask-sdk-core requires the whole of ask-sdk-model (61 KB minified, a few ms of cold start) for one class,
 * services.ServiceClientFactory, which it builds only when the skill is given an API client. This skill calls
 * no Alexa service API and configures none, so the factory is never built. Our own code imports only types.
 */
export const services = {
  ServiceClientFactory: class {
    constructor() {
      throw new Error('The Lambda bundle has no Alexa service clients: see scripts/stubs/ask-sdk-model.ts');
    }
  },
};
