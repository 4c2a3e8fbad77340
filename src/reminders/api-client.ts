import type { services } from 'ask-sdk-model';

/**
 * The SDK's ApiClient contract over fetch, with a deadline: Alexa waits 8 seconds for the whole response, so a
 * slow Alexa API must not hold it. The timer is ours and strongly held; on expiry the request is aborted.
 */
export class TimedApiClient implements services.ApiClient {
  constructor(private readonly deadlineMs: number) {}

  async invoke(request: services.ApiClientRequest): Promise<services.ApiClientResponse> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.deadlineMs);
    try {
      const response = await fetch(request.url, {
        method: request.method,
        headers: request.headers.map(({ key, value }) => [key, value] as [string, string]),
        ...(request.body ? { body: request.body } : {}),
        signal: controller.signal,
        redirect: 'error',
      });
      const body = await response.text();
      return { statusCode: response.status, body, headers: [...response.headers].map(([key, value]) => ({ key, value })) };
    } finally {
      clearTimeout(timer);
    }
  }
}
