// The self-hosted server's limits against slow or stalled clients (src/server/app.ts createAlexaServer). Timing
// tests over real sockets, their margins taken from the limits each test sets.
import { once } from 'node:events';
import { launchRequest } from '../src/console/envelopes';
import { createAlexaServer, createApp } from '../src/server/app';
import { loopbackServers } from './helpers/listen';
import { connect, within } from './helpers/sockets';
import { setLogSink } from '../src/skill/log';

// The requests answered here log as the skill does; the log itself is tested elsewhere (tests/privacy.test.ts).
setLogSink(() => undefined);

const listen = loopbackServers();

describe("the server's limits", () => {
  const limits = { requestTimeoutMs: 600, headersTimeoutMs: 300, keepAliveTimeoutMs: 300, maxConnections: 3, checkIntervalMs: 100 };

  it('closes a connection that sends nothing, and one that never finishes its headers', async () => {
    const base = await listen(createAlexaServer(createApp({ insecureSkipVerification: true, warn: () => undefined }), limits));
    const port = Number(new URL(base).port);
    const silent = await connect(port);
    const partial = await connect(port);
    if (!partial.socket.destroyed) partial.socket.write('POST / HTTP/1.1\r\nHost: x\r\n');
    // Margins from the limits: a connection must be gone well within ten times the headers deadline plus the check.
    const margin = 10 * (limits.headersTimeoutMs + limits.checkIntervalMs);
    await within(silent.closed, margin, 'the silent connection is still open');
    await within(partial.closed, margin, 'the connection with half its headers is still open');
  });

  it('answers a request whose body stops coming with 408 once requestTimeoutMs has passed', async () => {
    const base = await listen(createAlexaServer(createApp({ insecureSkipVerification: true, warn: () => undefined }), limits));
    const { socket, closed } = await connect(Number(new URL(base).port));
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n{"a"');
    await within(closed, 10 * (limits.requestTimeoutMs + limits.checkIntervalMs), 'the stalled request is still open');
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('keeps a connection whose request has begun past the headers deadline, and answers it', async () => {
    const slow = { ...limits, headersTimeoutMs: 300, requestTimeoutMs: 5_000 };
    const base = await listen(createAlexaServer(createApp({ insecureSkipVerification: true, warn: () => undefined }), slow));
    const { socket, closed } = await connect(Number(new URL(base).port));
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const body = JSON.stringify(launchRequest('en-US', { sessionId: 'amzn1.echo-api.session.1', isNew: true, attributes: {} }));
    socket.write(`POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`);
    socket.write(body.slice(0, 10));
    await new Promise((resolve) => setTimeout(resolve, 3 * slow.headersTimeoutMs));
    expect(socket.destroyed).toBe(false);
    socket.end(body.slice(10));
    await within(closed, slow.requestTimeoutMs, 'no answer to the slow request');
    expect(text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(text).toContain('Welcome to Leg Pain Guide.');
  });

  it('caps the connections open at once: the next one is closed at once, the others still answered', async () => {
    const base = await listen(
      createAlexaServer(createApp({ insecureSkipVerification: true, warn: () => undefined }), {
        ...limits,
        headersTimeoutMs: 5_000,
        requestTimeoutMs: 5_000,
      }),
    );
    const port = Number(new URL(base).port);
    const open = await Promise.all([connect(port), connect(port), connect(port)]);
    const extra = await connect(port);
    await within(extra.closed, 10 * (limits.headersTimeoutMs + limits.checkIntervalMs), 'the connection over the cap is still open');
    const first = open[0]!.socket;
    first.write('GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    const [reply] = (await once(first, 'data')) as [Buffer];
    expect(reply.toString()).toMatch(/^HTTP\/1\.1 200/);
    for (const { socket } of open) socket.destroy();
  });
});
