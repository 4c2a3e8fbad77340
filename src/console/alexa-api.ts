import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the stand-in answers a reminder: created, or the failures the Reminders API documents, or too slowly. */
export type ReminderBehaviour = 'created' | 'limit' | 400 | 401 | 403 | 429 | 500 | 503 | 'slow';

export interface ReceivedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: unknown;
}

export const STAND_IN_TOKEN = 'local-api-access-token';
const SLOW_MS = 6_000;

/**
 * A local stand-in of the Alexa API (the envelope's apiEndpoint points at it): the Settings API's time zone and
 * the Reminders API's create, recording every request as received. For the console and the tests.
 */
export async function startAlexaApi(options: { timeZone?: string; reminders?: ReminderBehaviour } = {}) {
  const received: ReceivedRequest[] = [];
  const state = { timeZone: options.timeZone ?? 'Europe/Berlin', reminders: options.reminders ?? 'created' };
  const pending = new Set<ServerResponse>();

  const answer = async (req: IncomingMessage, res: ServerResponse) => {
    let text = '';
    for await (const chunk of req) text += String(chunk);
    const path = req.url ?? '';
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // kept as text
    }
    received.push({
      method: req.method ?? '',
      path,
      authorization: req.headers.authorization,
      contentType: req.headers['content-type'],
      body,
    });
    const json = (status: number, value: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    if (req.headers.authorization !== `Bearer ${STAND_IN_TOKEN}`) return json(401, { code: 'UNAUTHORIZED', message: 'bad token' });
    if (req.method === 'GET' && /^\/v2\/devices\/[^/]+\/settings\/System\.timeZone$/.test(path)) return json(200, state.timeZone);
    if (req.method === 'POST' && path === '/v1/alerts/reminders') {
      switch (state.reminders) {
        case 'created':
          return json(201, { alertToken: 'local-alert-1', createdTime: new Date().toISOString(), status: 'ON', version: '1' });
        case 'limit':
          return json(403, { code: 'MAX_REMINDERS_EXCEEDED', message: 'too many reminders' });
        case 'slow':
          pending.add(res);
          setTimeout(() => {
            pending.delete(res);
            if (!res.destroyed) json(201, { alertToken: 'late', status: 'ON' });
          }, SLOW_MS).unref();
          return;
        default:
          return json(state.reminders, { code: 'ERROR', message: `HTTP ${state.reminders}` });
      }
    }
    json(404, { code: 'NOT_FOUND' });
  };
  const server = createServer((req, res) => void answer(req, res));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    set(next: { reminders?: ReminderBehaviour; timeZone?: string }) {
      Object.assign(state, next);
    },
    async close() {
      for (const res of pending) res.destroy();
      server.closeAllConnections();
      server.close();
      await once(server, 'close').catch(() => undefined);
    },
  };
}

export type AlexaApiStandIn = Awaited<ReturnType<typeof startAlexaApi>>;
