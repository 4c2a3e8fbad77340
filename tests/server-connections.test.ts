// The self-hosted server against clients that hold its connections, send bodies it will not read, or probe it
// (findings M2, L2, L3 and the server part of L4 of the 2026-12 security review), and the reverse proxy that
// docs/reverse-proxy.md puts in front of it, run for real when nginx is installed. Timing tests over real sockets,
// their margins taken from the limits they configure, so that they hold on a busy machine and in `npm run mutate`.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express, { type Response } from 'express';
import { launchRequest } from '../src/console/envelopes';
import {
  createAlexaServer,
  createApp,
  DEFAULT_SERVER_LIMITS,
  errorKind,
  MAX_BODY_BYTES,
  serverLimitsFrom,
  type ServerLimits,
} from '../src/server/app';
import { clientOf } from '../src/server/connections';
import { setLogSink } from '../src/skill/log';
import { certificate, keyPair } from './helpers/certificates';
import { loopbackServers } from './helpers/listen';
import { bundledServer, waitFor } from './helpers/server-bundle';
import { connect, within } from './helpers/sockets';

const logLines: string[] = [];
setLogSink((line) => logLines.push(line));
beforeEach(() => {
  logLines.length = 0;
});

const listen = loopbackServers();
/** Linux routes all of 127/8 to loopback: a socket bound to this address is another client to the server. */
const OTHER_CLIENT = '127.0.0.2';

const quietApp = () => createApp({ insecureSkipVerification: true, warn: () => undefined });

async function serve(limits: Partial<ServerLimits>) {
  const server = createAlexaServer(quietApp(), limits);
  const base = await listen(server);
  return { server, port: Number(new URL(base).port), base };
}

function launchBody(): string {
  return JSON.stringify(launchRequest('en-US', { sessionId: 'amzn1.echo-api.session.1', isNew: true, attributes: {} }));
}

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** One request on a connection of its own (no keep-alive pool), from `localAddress` if given; a reset rejects. */
function send(port: number, options: { method?: string; path?: string; body?: string; localAddress?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path ?? '/health',
        agent: false,
        ...(options.localAddress ? { localAddress: options.localAddress } : {}),
        headers: options.body === undefined ? {} : { 'Content-Type': 'application/json' },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Everything a raw socket receives, as text, and a promise that settles when it is closed. */
function record(socket: Socket): { text: () => string; closed: Promise<void> } {
  let text = '';
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => (text += chunk));
  socket.on('error', () => undefined);
  // Not events.once: it rejects on the 'error' (a reset) that comes before 'close'.
  const closed = new Promise<void>((resolve) => (socket.closed ? resolve() : socket.once('close', () => resolve())));
  return { text: () => text, closed };
}

/**
 * Writes `head` (the request line and headers, without the blank line) and `body` on a connection of its own, and
 * returns all the server sent once it has closed the connection (`Connection: close`), or fails after `ms`.
 */
async function exchange(port: number, head: string, body: string | Buffer = '', ms = 5_000): Promise<string> {
  const { socket, closed } = await connect(port);
  socket.removeAllListeners('data');
  const received = record(socket);
  socket.write(`${head}\r\nConnection: close\r\n\r\n`);
  socket.write(body);
  await within(closed, ms, 'the server has not closed the connection');
  return received.text();
}

/** A launch request padded with spaces (still the same JSON) to exactly `bytes` bytes. */
function launchBodyOf(bytes: number): string {
  const body = launchBody();
  return body + ' '.repeat(bytes - Buffer.byteLength(body));
}

/** Over-share notices logged so far: their level and counts. */
function notices(): unknown[] {
  return logLines
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((entry) => entry.message === 'connections over a client share closed')
    .map(({ level, count, maxConnectionsPerClient }) => ({ level, count, maxConnectionsPerClient }));
}

// ---- M2: one client cannot hold every connection ----

describe("each client's share of the connection cap (M2)", () => {
  it('closes a connection over its address’s share at once; other addresses are still served, and a freed share is reused', async () => {
    const limits = { ...DEFAULT_SERVER_LIMITS, maxConnections: 8, maxConnectionsPerClient: 3, checkIntervalMs: 100 };
    const { server, port } = await serve(limits);
    // The server's side of each connection, by the client's port: closed once the server has counted it out.
    const serverSide = new Map<number, Promise<unknown>>();
    server.on('connection', (socket: Socket) =>
      serverSide.set(socket.remotePort!, new Promise((resolve) => socket.once('close', resolve))),
    );
    const held = await Promise.all([1, 2, 3].map(() => connect(port, OTHER_CLIENT)));
    const extra = await connect(port, OTHER_CLIENT);
    // "At once": well before the headers deadline, which would close a silent connection anyway.
    await within(extra.closed, limits.headersTimeoutMs / 2, 'the connection over the share is still open');
    expect(held.map(({ socket }) => socket.destroyed)).toEqual([false, false, false]);
    expect((await send(port)).status).toBe(200);
    const freed = serverSide.get(held[0]!.socket.localPort!);
    held[0]!.socket.destroy();
    await within(freed!, limits.headersTimeoutMs / 2, 'the server has not seen the connection closed');
    const next = await connect(port, OTHER_CLIENT);
    next.socket.removeAllListeners('data');
    const reply = record(next.socket);
    next.socket.write('GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    await within(next.closed, limits.headersTimeoutMs / 2, 'no answer on the connection the freed share allows');
    expect(reply.text()).toMatch(/^HTTP\/1\.1 200/);
    for (const { socket } of [...held, next]) socket.destroy();
  });

  it('survives the review’s attack: one address reopening half-sent requests on every slot, while another address is answered every time', async () => {
    const limits = {
      ...DEFAULT_SERVER_LIMITS,
      maxConnections: 16,
      maxConnectionsPerClient: 4,
      headersTimeoutMs: 1_000,
      requestTimeoutMs: 2_000,
      checkIntervalMs: 100,
    };
    const { port } = await serve(limits);
    let attacking = true;
    let opened = 0;
    // As conn-exhaust.mjs did: every slot, each sending half a header, reopened 10 ms after the server closes it.
    const attacker = async () => {
      while (attacking && opened < 10_000) {
        opened += 1;
        const { socket, closed } = await connect(port, OTHER_CLIENT);
        if (!socket.destroyed) socket.write('POST / HTTP/1.1\r\nHost: x\r\n');
        await Promise.race([closed, waitFor(() => !attacking, 60_000).catch(() => undefined)]);
        socket.destroy();
        await sleep(10);
      }
    };
    const attackers = Array.from({ length: limits.maxConnections }, attacker);
    await sleep(limits.headersTimeoutMs / 4);
    const statuses: Array<number | string> = [];
    // Over two headers deadlines, so that the attacker's connections are closed and reopened while requests come.
    const requests = 20;
    for (let i = 0; i < requests; i++) {
      statuses.push(
        await send(port, { method: 'POST', path: '/', body: launchBody() }).then(
          (r) => r.status,
          (e: Error) => e.message,
        ),
      );
      await sleep((2 * limits.headersTimeoutMs) / requests);
    }
    attacking = false;
    await Promise.all(attackers);
    expect(statuses).toEqual(Array.from({ length: requests }, () => 200));
    expect(opened).toBeGreaterThan(limits.maxConnections);
  });

  it('gives a client back one connection for each it closes, and no more', async () => {
    const limits = { ...DEFAULT_SERVER_LIMITS, maxConnectionsPerClient: 2, checkIntervalMs: 100 };
    const { server, port } = await serve(limits);
    const serverSide = new Map<number, Promise<unknown>>();
    server.on('connection', (socket: Socket) =>
      serverSide.set(socket.remotePort!, new Promise((resolve) => socket.once('close', resolve))),
    );
    const [first, second] = await Promise.all([connect(port, OTHER_CLIENT), connect(port, OTHER_CLIENT)]);
    const freed = serverSide.get(first!.socket.localPort!);
    first!.socket.destroy();
    await within(freed!, limits.headersTimeoutMs / 2, 'the server has not seen the connection closed');
    const third = await connect(port, OTHER_CLIENT);
    const fourth = await connect(port, OTHER_CLIENT);
    await within(fourth.closed, limits.headersTimeoutMs / 2, 'a third connection at once is still open');
    expect([second!.socket.destroyed, third.socket.destroyed]).toEqual([false, false]);
    for (const { socket } of [second!, third]) socket.destroy();
  });

  it('logs the connections closed over a share at most once a minute, counting those closed since the last line', async () => {
    const limits = { ...DEFAULT_SERVER_LIMITS, maxConnectionsPerClient: 1, checkIntervalMs: 100 };
    const { port } = await serve(limits);
    const held = await connect(port, OTHER_CLIENT);
    const clock = jest.spyOn(Date, 'now');
    const start = Date.now();
    const refuseOneAt = async (at: number) => {
      clock.mockReturnValue(at);
      const extra = await connect(port, OTHER_CLIENT);
      await within(extra.closed, limits.headersTimeoutMs / 2, 'the connection over the share is still open');
    };
    try {
      await refuseOneAt(start);
      expect(notices()).toEqual([{ level: 'warn', count: 1, maxConnectionsPerClient: 1 }]);
      await refuseOneAt(start + 30_000);
      await refuseOneAt(start + 59_999);
      expect(notices()).toHaveLength(1);
      await refuseOneAt(start + 60_000);
      await refuseOneAt(start + 60_001);
      expect(notices()).toEqual([
        { level: 'warn', count: 1, maxConnectionsPerClient: 1 },
        { level: 'warn', count: 3, maxConnectionsPerClient: 1 },
      ]);
      expect(logLines.join('')).not.toContain('127.0.0.2');
    } finally {
      clock.mockRestore();
      held.socket.destroy();
    }
  });

  it.each([
    ['an IPv4 address', '203.0.113.7', '203.0.113.7'],
    ['an IPv4 address mapped into IPv6', '::ffff:203.0.113.7', '203.0.113.7'],
    ['an IPv6 address, by its /64', '2001:db8:1:2:aaaa:bbbb:cccc:dddd', '2001:db8:1:2::/64'],
    ['another address in the same /64', '2001:0DB8:0001:0002::1', '2001:db8:1:2::/64'],
    ['an IPv6 address compressed inside its /64', '2001:db8::1:2:3', '2001:db8:0:0::/64'],
    ['an IPv6 address with a zone', 'fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['an IPv6 address ending in IPv4 notation', '64:ff9b::192.0.2.1', '64:ff9b:0:0::/64'],
    ['loopback', '::1', '0:0:0:0::/64'],
    ['an IPv4 address mapped into IPv6, in capitals', '::FFFF:203.0.113.7', '203.0.113.7'],
    ['an address of another /64 ending in ffff and IPv4 notation', '2001:db8::ffff:192.0.2.1', '2001:db8:0:0::/64'],
    ['an IPv6 address compressed before groups of its /64', '1::3:4:5:6:7:8', '1:0:3:4::/64'],
    ['an IPv6 address compressed at its start', '::3:4:5:6:7:8', '0:0:3:4::/64'],
    ['an IPv6 address with IPv4 notation, compressed before groups of its /64', '1::3:4:5:6:192.168.100.200', '1:0:3:4::/64'],
    ['that address written out in hexadecimal', '1:0:3:4:5:6:c0a8:64c8', '1:0:3:4::/64'],
    ['a name that is no IP address, unchanged,', 'localhost', 'localhost'],
  ])('counts %s as one client', (_, address, client) => {
    expect(clientOf(address)).toBe(client);
  });

  it('takes the share from MAX_CONNECTIONS_PER_CLIENT, a whole number from 1 to the cap, and refuses anything else', () => {
    const reject = (message: string): never => {
      throw new Error(message);
    };
    expect(serverLimitsFrom({}, reject)).toEqual(DEFAULT_SERVER_LIMITS);
    expect(serverLimitsFrom({ MAX_CONNECTIONS_PER_CLIENT: '' }, reject)).toEqual(DEFAULT_SERVER_LIMITS);
    expect(serverLimitsFrom({ MAX_CONNECTIONS_PER_CLIENT: '256' }, reject).maxConnectionsPerClient).toBe(256);
    expect(serverLimitsFrom({ MAX_CONNECTIONS_PER_CLIENT: '1' }, reject).maxConnectionsPerClient).toBe(1);
    for (const bad of ['0', '-1', '1.5', 'abc', '257', ' 8', '1e2', '0x10']) {
      expect(() => serverLimitsFrom({ MAX_CONNECTIONS_PER_CLIENT: bad }, reject)).toThrow(/^MAX_CONNECTIONS_PER_CLIENT must be/);
    }
  });
});

describe('how long one connection may be held (M2, the health-check trick)', () => {
  it('closes a keep-alive connection once it has been open maxConnectionAgeMs, however busy its client keeps it', async () => {
    const limits = { ...DEFAULT_SERVER_LIMITS, keepAliveTimeoutMs: 600, maxConnectionAgeMs: 1_000, checkIntervalMs: 100 };
    const { port } = await serve(limits);
    const { socket, closed } = await connect(port);
    socket.removeAllListeners('data');
    const received = record(socket);
    // A fresh GET /health every half keep-alive timeout: the idle timeout never fires.
    const ticker = setInterval(() => {
      if (!socket.destroyed) socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
    }, limits.keepAliveTimeoutMs / 2);
    try {
      await within(closed, 3 * limits.maxConnectionAgeMs, 'the connection is still held');
    } finally {
      clearInterval(ticker);
    }
    expect(received.text().match(/HTTP\/1\.1 200/g)?.length).toBeGreaterThanOrEqual(2);
  });

  it('answers a request in flight when the age is reached, with Connection: close, then closes', async () => {
    const limits = { ...DEFAULT_SERVER_LIMITS, keepAliveTimeoutMs: 5_000, maxConnectionAgeMs: 500, checkIntervalMs: 100 };
    const { port } = await serve(limits);
    const { socket, closed } = await connect(port);
    const received = record(socket);
    const body = launchBody();
    const half = Math.floor(body.length / 2);
    socket.write(`POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`);
    socket.write(body.slice(0, half));
    await sleep(limits.maxConnectionAgeMs * 1.5);
    expect(socket.destroyed).toBe(false);
    socket.write(body.slice(half));
    await within(closed, limits.maxConnectionAgeMs * 4, 'the connection is still open after its last answer');
    expect(received.text()).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(received.text()).toMatch(/\r\nConnection: close\r\n/i);
    expect(received.text()).toContain('Welcome to Leg Pain Guide.');
  });
});

describe('how long one connection may be held: what is in flight when the age is reached', () => {
  const limits = { ...DEFAULT_SERVER_LIMITS, keepAliveTimeoutMs: 5_000, maxConnectionAgeMs: 400, checkIntervalMs: 100 };

  it('keeps a connection open for the next request before its age: Alexa sends one after another on the same connection', async () => {
    const { port } = await serve({ ...limits, maxConnectionAgeMs: 60_000 });
    const { socket } = await connect(port);
    socket.removeAllListeners('data');
    const received = record(socket);
    const body = launchBody();
    const post = `POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    const answers = () => received.text().match(/HTTP\/1\.1 200 OK\r\n/g)?.length ?? 0;
    for (const count of [1, 2]) {
      socket.write(post);
      await waitFor(() => answers() === count || socket.destroyed, 5_000);
    }
    expect(answers()).toBe(2);
    expect(received.text()).not.toMatch(/\r\nConnection: close\r\n/i);
    expect(socket.destroyed).toBe(false);
    socket.destroy();
  });

  it('closes a connection idle between requests at its age, not at the keep-alive timeout', async () => {
    const { port } = await serve(limits);
    const { socket, closed } = await connect(port);
    socket.removeAllListeners('data');
    const received = record(socket);
    socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
    await within(closed, limits.keepAliveTimeoutMs / 2, 'the idle connection is still open past its age');
    expect(received.text()).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(received.text()).not.toMatch(/\r\nConnection: close\r\n/i);
  });

  it('closes the connection once a response whose headers went out before the age is sent', async () => {
    const { port } = await serve(limits);
    // A response still being written when the age is reached (a slow reader, say): its headers are out, so it
    // cannot say Connection: close any more.
    const json = jest.spyOn(express.response, 'json').mockImplementationOnce(function (this: Response, body: unknown) {
      this.type('json').write('');
      setTimeout(() => this.end(JSON.stringify(body)), 2 * limits.maxConnectionAgeMs);
      return this;
    });
    try {
      const { socket, closed } = await connect(port);
      socket.removeAllListeners('data');
      const received = record(socket);
      socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
      await within(closed, limits.keepAliveTimeoutMs / 2, 'the connection is still open after the response that outlived its age');
      expect(received.text()).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      expect(received.text()).toMatch(/\r\n\r\n[0-9a-f]+\r\n\{"status":"ok"\}\r\n0\r\n\r\n$/);
    } finally {
      json.mockRestore();
    }
  });
});

// ---- L2: a body the server will not read is not drained ----

describe('a body too large or compressed (L2)', () => {
  /**
   * Writes `head`, then body bytes as fast as the connection takes them until the server closes it, or a deadline
   * of twice the request timeout. Returns what came back, how long the connection lasted, and how many bytes the
   * server's side of it read.
   */
  async function flood(head: string, chunked: boolean) {
    const limits = { ...DEFAULT_SERVER_LIMITS, headersTimeoutMs: 1_000, requestTimeoutMs: 3_000, checkIntervalMs: 100 };
    const { server, port } = await serve(limits);
    const accepted: Socket[] = [];
    server.on('connection', (socket: Socket) => accepted.push(socket));
    const { socket, closed } = await connect(port);
    socket.removeAllListeners('data');
    const received = record(socket);
    const started = Date.now();
    let open = true;
    void closed.then(() => (open = false));
    socket.write(head);
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const framed = chunked ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]) : chunk;
    while (open && Date.now() - started < 2 * limits.requestTimeoutMs) {
      if (!socket.write(framed)) await Promise.race([new Promise((resolve) => socket.once('drain', resolve)), closed, sleep(50)]);
    }
    socket.destroy();
    await closed;
    await waitFor(() => accepted.every((s) => s.destroyed), 1_000);
    return { text: received.text(), lastedMs: Date.now() - started, serverRead: accepted[0]!.bytesRead, limits };
  }

  it.each<[string, string, boolean, number]>([
    ['an endless chunked body', 'Transfer-Encoding: chunked', true, 413],
    ['a Content-Length of a gigabyte', 'Content-Length: 1000000000', false, 413],
    ['a gzip body', 'Content-Encoding: gzip\r\nContent-Length: 1000000000', false, 415],
  ])('answers %s at once with Connection: close, and closes the connection instead of reading on', async (_, headers, chunked, status) => {
    const result = await flood(`POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n${headers}\r\n\r\n`, chunked);
    expect(result.text).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
    expect(result.text).toMatch(/\r\nConnection: close\r\n/i);
    expect(result.text).toMatch(/\r\n\r\n(Payload Too Large|Unsupported Media Type)$/);
    // Closed long before the request timeout, having read at most ten times the 100 KB body limit.
    expect(result.lastedMs).toBeLessThan(result.limits.requestTimeoutMs / 2);
    expect(result.serverRead).toBeLessThan(10 * 100 * 1024);
  });
});

describe('the body limits, to the byte (L2)', () => {
  const limits = { ...DEFAULT_SERVER_LIMITS, headersTimeoutMs: 1_000, requestTimeoutMs: 3_000, checkIntervalMs: 100 };
  const head = 'POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json';
  const chunked = (body: string) => `${Buffer.byteLength(body).toString(16)}\r\n${body}\r\n0\r\n\r\n`;

  it.each(['identity', ' Identity ', ''])('answers a body with Content-Encoding "%s" as one with none', async (encoding) => {
    const { port } = await serve(limits);
    const body = launchBody();
    const text = await exchange(port, `${head}\r\nContent-Encoding: ${encoding}\r\nContent-Length: ${Buffer.byteLength(body)}`, body);
    expect(text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(text).toContain('Welcome to Leg Pain Guide.');
  });

  it.each([' GZIP ', 'br', 'identity, gzip'])('refuses a body with Content-Encoding "%s" with 415', async (encoding) => {
    const { port } = await serve(limits);
    const body = launchBody();
    const text = await exchange(port, `${head}\r\nContent-Encoding: ${encoding}\r\nContent-Length: ${Buffer.byteLength(body)}`, body);
    expect(text).toMatch(/^HTTP\/1\.1 415 Unsupported Media Type\r\n[^]*\r\n\r\nUnsupported Media Type$/);
  });

  it('answers a body of exactly 100 KB, with a Content-Length or chunked', async () => {
    const { port } = await serve(limits);
    const body = launchBodyOf(MAX_BODY_BYTES);
    for (const text of [
      await exchange(port, `${head}\r\nContent-Length: ${MAX_BODY_BYTES}`, body),
      await exchange(port, `${head}\r\nTransfer-Encoding: chunked`, chunked(body)),
    ]) {
      expect(text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      expect(text).toContain('Welcome to Leg Pain Guide.');
    }
  });

  it('refuses a body one byte over 100 KB with 413, with a Content-Length or chunked', async () => {
    const { port } = await serve(limits);
    const body = launchBodyOf(MAX_BODY_BYTES + 1);
    for (const text of [
      await exchange(port, `${head}\r\nContent-Length: ${MAX_BODY_BYTES + 1}`, body),
      await exchange(port, `${head}\r\nTransfer-Encoding: chunked`, chunked(body)),
    ]) {
      expect(text).toMatch(/^HTTP\/1\.1 413 Payload Too Large\r\n[^]*\r\n\r\nPayload Too Large$/);
    }
  });

  it('refuses a Content-Length one byte over 100 KB by the header alone, before a byte of the body is sent', async () => {
    const { port } = await serve(limits);
    const text = await exchange(port, `${head}\r\nContent-Length: ${MAX_BODY_BYTES + 1}`, '', limits.requestTimeoutMs / 2);
    expect(text).toMatch(/^HTTP\/1\.1 413 Payload Too Large\r\n/);
  });
});

// ---- L3: nothing but POST / and GET /health, in plain text ----

describe('routes and methods other than POST / and GET /health (L3)', () => {
  it.each([
    ['GET', '/'],
    ['PUT', '/'],
    ['DELETE', '/'],
    ['PATCH', '/health'],
    ['TRACE', '/'],
    ['POST', '/health'],
    ['GET', '/nope%3Cscript%3E'],
    ['GET', '/health/x'],
    ['GET', '/.env'],
    ['OPTIONS', '/nope'],
    ['OPTIONS', '*'],
  ])('answers %s %s with a plain 404 that repeats nothing of the request', async (method, path) => {
    const { port } = await serve({});
    const reply = await send(port, { method, path });
    expect([reply.status, reply.text]).toEqual([404, 'Not Found']);
    expect(reply.headers['content-type']).toMatch(/^text\/plain/);
    expect(reply.headers['x-powered-by']).toBeUndefined();
    expect(reply.headers.allow).toBeUndefined();
  });

  it.each([
    ['/', 'POST, OPTIONS'],
    ['/health', 'GET, HEAD, OPTIONS'],
  ])('answers OPTIONS %s with 204 and the methods it takes, and nothing else', async (path, allow) => {
    const { port } = await serve({});
    const reply = await send(port, { method: 'OPTIONS', path });
    expect([reply.status, reply.text, reply.headers.allow]).toEqual([204, '', allow]);
    expect(reply.headers['x-powered-by']).toBeUndefined();
    expect(reply.headers['content-type']).toBeUndefined();
  });

  it('still answers HEAD /health', async () => {
    const { port } = await serve({});
    expect((await send(port, { method: 'HEAD' })).status).toBe(200);
  });
});

// ---- L4 (the server's part): what fails before a handler runs is answered, and logged once ----

describe('a request the skill cannot answer (L4)', () => {
  it('answers session attributes nested 10,000 deep with a spoken apology, and logs exactly one line: the error, nothing it held', async () => {
    const { port } = await serve({});
    // Written out by hand: JSON.stringify itself overflows the stack on it.
    const deep = `${'{"a":'.repeat(10_000)}{"canary":"CANARY7731"}${'}'.repeat(10_000)}`;
    const envelope = launchRequest('en-US', { sessionId: 'amzn1.echo-api.session.CANARY7731', isNew: false, attributes: { deep: 0 } });
    const body = JSON.stringify(envelope).replace('"deep":0', `"deep":${deep}`);
    expect(body).toContain(deep);
    const reply = await send(port, { method: 'POST', path: '/', body });
    expect(reply.status).toBe(200);
    expect(reply.text).toContain('Sorry, something went wrong on my side.');
    // The request's log line (metric lines, with their _aws header, are the operator's counts: docs/operations.md).
    const entries = logLines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => !('_aws' in entry));
    expect(entries).toEqual([expect.objectContaining({ level: 'error', requestType: 'LaunchRequest', error: 'RangeError' })]);
    expect(logLines.join('')).not.toContain('CANARY');
  });
});

describe('a request that fails in the server itself (L4)', () => {
  /** The next response's res.json (the skill's answer, or /health's) throws `error` instead of sending. */
  function failNextJson(error: unknown) {
    return jest.spyOn(express.response, 'json').mockImplementationOnce(() => {
      throw error;
    });
  }
  const entries = () => logLines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => !('_aws' in entry));

  afterEach(() => jest.restoreAllMocks());

  it('answers a plain 500 when the answer cannot be sent, and logs the kind of error only', async () => {
    const { port } = await serve({});
    failNextJson(new RangeError('Maximum call stack size exceeded CANARY7731'));
    const reply = await send(port, { method: 'POST', path: '/', body: launchBody() });
    expect([reply.status, reply.text]).toEqual([500, 'Internal Server Error']);
    expect(reply.headers['content-type']).toMatch(/^text\/plain/);
    expect(entries().filter((entry) => entry.message === 'failed')).toEqual([{ level: 'error', message: 'failed', error: 'RangeError' }]);
    expect(logLines.join('')).not.toContain('CANARY');
  });

  it('closes the connection when the answer fails after its headers went out', async () => {
    const { port } = await serve({});
    jest.spyOn(express.response, 'json').mockImplementationOnce(function (this: Response) {
      this.status(200).type('json').write('{');
      throw new TypeError('half sent');
    });
    const { socket, closed } = await connect(port);
    socket.removeAllListeners('data');
    const received = record(socket);
    const body = launchBody();
    socket.write(
      `POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    await within(closed, DEFAULT_SERVER_LIMITS.keepAliveTimeoutMs / 2, 'the connection of the failed answer is still open');
    // Cut off: no 500 after the 200, nor the end of the chunked body (the 200 itself may not have left either).
    expect(received.text()).not.toMatch(/ 500 |\r\n0\r\n\r\n$/);
    expect(entries().filter((entry) => entry.message === 'failed')).toEqual([{ level: 'error', message: 'failed', error: 'TypeError' }]);
  });

  it.each<[number, number, string, string | undefined]>([
    [400, 400, 'Bad Request', undefined],
    [413, 413, 'Payload Too Large', undefined],
    [499, 499, 'Error', undefined],
    [500, 500, 'Internal Server Error', 'Error'],
    [503, 500, 'Internal Server Error', 'Error'],
    [302, 500, 'Internal Server Error', 'Error'],
  ])('answers an error with status %d that reaches Express with a plain %d', async (status, answered, text, logged) => {
    const { port } = await serve({});
    failNextJson(Object.assign(new Error('from deep inside CANARY7731'), { status }));
    const reply = await send(port);
    expect([reply.status, reply.text]).toEqual([answered, text]);
    expect(reply.headers['content-type']).toMatch(/^text\/plain/);
    expect(entries()).toEqual(logged ? [{ level: 'error', message: 'failed', error: logged }] : []);
  });

  const named = (name: string) => Object.assign(new Error('x'), { name });
  it.each<[string, string, unknown]>([
    ['an Error', 'Error', new Error('x')],
    ['a RangeError', 'RangeError', new RangeError('x')],
    ['an AggregateError', 'AggregateError', new AggregateError([], 'x')],
    ['an ASK SDK error', 'AskSdk.GenericRequestDispatcher Error', named('AskSdk.GenericRequestDispatcher Error')],
    ['an ASK SDK error of a dotted scope', 'AskSdk.Custom.Skill Error', named('AskSdk.Custom.Skill Error')],
    ['a name of its own', 'other', named('CANARY7731')],
    ['a name ending in Error', 'other', named('CANARYError')],
    ['a name beginning with Error', 'other', named('ErrorCANARY')],
    ['an ASK SDK name with more before it', 'other', named('xAskSdk.Custom Error')],
    ['an ASK SDK name with more after it', 'other', named('AskSdk.Custom Error CANARY')],
    ['an ASK SDK name with a scope of other characters', 'other', named('AskSdk.<CANARY> Error')],
    ['an ASK SDK name with an overlong scope', 'other', named(`AskSdk.${'A'.repeat(61)} Error`)],
    ['something thrown that is no Error', 'other', 'CANARY7731'],
  ])('logs %s as the kind "%s", never its text', (_, kind, error) => {
    expect(errorKind(error)).toBe(kind);
  });
});

// ---- node dist/server.js ----

describe('node dist/server.js and MAX_CONNECTIONS_PER_CLIENT', () => {
  const { start, spawnServer } = bundledServer();

  it('refuses a share that is not a whole number from 1 to the cap, with exit code 2', async () => {
    const child = spawnServer(['--any-skill-id'], { MAX_CONNECTIONS_PER_CLIENT: 'lots' });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await within(once(child, 'exit'), 10_000, 'the server is still running')) as [number];
    expect(code).toBe(2);
    expect(stderr).toMatch(/^MAX_CONNECTIONS_PER_CLIENT must be a whole number from 1 to 256, not "lots"$/m);
  });

  it('gives each address that share', async () => {
    const server = await start(['--any-skill-id', '--insecure-skip-verification'], { MAX_CONNECTIONS_PER_CLIENT: '2' });
    const port = Number(new URL(server.base).port);
    const held = await Promise.all([connect(port, OTHER_CLIENT), connect(port, OTHER_CLIENT)]);
    const extra = await connect(port, OTHER_CLIENT);
    await within(extra.closed, DEFAULT_SERVER_LIMITS.headersTimeoutMs / 2, 'the third connection is still open');
    expect((await send(port)).status).toBe(200);
    for (const { socket } of held) socket.destroy();
    server.child.kill('SIGTERM');
    expect(await server.exit).toBe(0);
  });
});

// ---- The reverse proxy of docs/reverse-proxy.md, for real ----

const NGINX = spawnSync('nginx', ['-v'], { encoding: 'utf8' }).error ? undefined : 'nginx';
const DOC = join(__dirname, '..', 'docs', 'reverse-proxy.md');

/** The example of docs/reverse-proxy.md fenced as ```nginx, whole. */
function exampleConfig(): string {
  const block = /```nginx\n([\s\S]*?)```/.exec(readFileSync(DOC, 'utf8'));
  if (!block) throw new Error('docs/reverse-proxy.md has no ```nginx example');
  return block[1]!;
}

if (!NGINX) {
  console.warn('SKIPPED: the nginx example of docs/reverse-proxy.md was not run, nginx is not installed (apt-get install nginx-light).');
}

(NGINX ? describe : describe.skip)(
  NGINX ? 'behind nginx, configured as docs/reverse-proxy.md says' : 'behind nginx (SKIPPED: nginx is not installed)',
  () => {
    const { start } = bundledServer();
    let nginx: ChildProcess | undefined;
    let nginxErrors = '';
    let port = 0;
    const ca = keyPair();
    const caPem = certificate({ name: 'Proxy Test CA', key: ca, ca: true });

    /** A free loopback port: the example listens on 443, the test on this. */
    async function freePort(): Promise<number> {
      const probe = createNetServer();
      probe.listen(0, '127.0.0.1');
      await once(probe, 'listening');
      const { port: free } = probe.address() as AddressInfo;
      probe.close();
      await once(probe, 'close');
      return free;
    }

    beforeAll(async () => {
      const upstream = await start(['--any-skill-id', '--insecure-skip-verification'], { MAX_CONNECTIONS_PER_CLIENT: '256' });
      const dir = mkdtempSync(join(tmpdir(), 'nginx-'));
      chmodSync(dir, 0o755);
      const siteKey = keyPair();
      writeFileSync(
        join(dir, 'fullchain.pem'),
        certificate({
          name: 'alexa.example.com',
          key: siteKey,
          issuer: { name: 'Proxy Test CA', key: ca },
          dnsNames: ['alexa.example.com'],
        }) + caPem,
      );
      writeFileSync(join(dir, 'privkey.pem'), siteKey.pem);
      for (const temp of ['body', 'proxy']) {
        mkdirSync(join(dir, temp));
        chmodSync(join(dir, temp), 0o777);
      }
      port = await freePort();
      const site = exampleConfig()
        .replace(/listen 443 ssl;/, `listen 127.0.0.1:${port} ssl;`)
        .replace(/listen \[::\]:443 ssl;\n/, '')
        .replace(/\/etc\/letsencrypt\/live\/alexa\.example\.com\//g, `${dir}/`)
        .replace(/server 127\.0\.0\.1:3000/, `server 127.0.0.1:${new URL(upstream.base).port}`);
      const main = [
        'daemon off;',
        'worker_processes 1;',
        'worker_rlimit_nofile 8192;',
        `pid ${dir}/nginx.pid;`,
        'error_log stderr warn;',
        'events { worker_connections 4096; }',
        'http {',
        '  access_log off;',
        // Only here: a request may say which address it comes from, to try the example's IPv6 keys from loopback.
        '  set_real_ip_from 127.0.0.0/8;',
        '  real_ip_header X-Test-Client;',
        `  client_body_temp_path ${dir}/body;`,
        `  proxy_temp_path ${dir}/proxy;`,
        site,
        '}',
      ].join('\n');
      writeFileSync(join(dir, 'nginx.conf'), main);
      nginx = spawn('nginx', ['-c', join(dir, 'nginx.conf'), '-p', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
      nginx.stderr!.on('data', (chunk: Buffer) => (nginxErrors += chunk.toString()));
      await waitFor(() => {
        try {
          readFileSync(join(dir, 'nginx.pid'));
          return true;
        } catch {
          return nginx!.exitCode !== null;
        }
      });
      if (nginx.exitCode !== null) throw new Error(`nginx did not start: ${nginxErrors}`);
    }, 60_000);
    afterAll(() => {
      nginx?.kill('SIGTERM');
    });

    /** A request over TLS to nginx, on a connection of its own, from `localAddress` if given. */
    function viaProxy(
      options: { method?: string; path?: string; body?: string | Buffer; localAddress?: string; client?: string } = {},
    ): Promise<Reply> {
      return new Promise((resolve, reject) => {
        const req = httpsRequest(
          {
            host: '127.0.0.1',
            port,
            servername: 'alexa.example.com',
            ca: caPem,
            method: options.method ?? 'GET',
            path: options.path ?? '/health',
            agent: false,
            ...(options.localAddress ? { localAddress: options.localAddress } : {}),
            headers: {
              Host: 'alexa.example.com',
              ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
              ...(options.client ? { 'X-Test-Client': options.client } : {}),
            },
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (text += chunk));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
          },
        );
        req.on('error', reject);
        req.end(options.body);
      });
    }

    it('passes POST / and GET /health to the skill, and answers anything else itself', async () => {
      const launch = await viaProxy({ method: 'POST', path: '/', body: launchBody() });
      expect(launch.status).toBe(200);
      expect(launch.text).toContain('Welcome to Leg Pain Guide.');
      expect((await viaProxy()).status).toBe(200);
      for (const [method, path] of [
        ['GET', '/'],
        ['PUT', '/'],
        ['POST', '/health'],
        ['GET', '/nope'],
        ['POST', '/x/..%2F'],
      ] as const) {
        expect([method, path, (await viaProxy({ method, path })).status]).toEqual([method, path, 404]);
      }
    });

    it('refuses a body over 100 KB with 413 itself, in plain text', async () => {
      const large = await viaProxy({ method: 'POST', path: '/', body: Buffer.alloc(200 * 1024, 'x') });
      // nginx's answer, not the server's: the server's has no newline.
      expect([large.status, large.text, large.headers['content-type']]).toEqual([413, 'Payload Too Large\n', 'text/plain']);
    });

    it('answers another client while one client holds more half-sent connections than the server has slots', async () => {
      const held: Socket[] = [];
      // More than the server's whole cap: nginx holds them (header timeout), the server never sees them.
      for (let i = 0; i < DEFAULT_SERVER_LIMITS.maxConnections + 44; i++) {
        const { socket } = await connect(port, OTHER_CLIENT);
        if (!socket.destroyed) socket.write('\x16\x03\x01'); // the start of a TLS hello, never finished
        held.push(socket);
      }
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 10; i++) statuses.push((await viaProxy({ method: 'POST', path: '/', body: launchBody() })).status);
        expect(statuses).toEqual(Array.from({ length: 10 }, () => 200));
      } finally {
        for (const socket of held) socket.destroy();
      }
    });

    it('limits one client’s request rate with 429, and other clients are not affected', async () => {
      const burst = await Promise.all(Array.from({ length: 60 }, () => viaProxy({ localAddress: '127.0.0.3' }).then((r) => r.status)));
      expect(burst.filter((status) => status === 429).length).toBeGreaterThan(0);
      expect(burst.filter((status) => status === 200).length).toBeGreaterThan(0);
      expect((await viaProxy({ localAddress: '127.0.0.4' })).status).toBe(200);
    });

    it('counts every address of an IPv6 /64 as one client, and another /64 as another', async () => {
      const burst = await Promise.all(
        Array.from({ length: 60 }, (_, i) => viaProxy({ client: `2001:db8:7:8:${(i + 1).toString(16)}::1` }).then((r) => r.status)),
      );
      expect(burst.filter((status) => status === 429).length).toBeGreaterThan(0);
      // A /64 with zero groups in it (2001:db8:0:0::/64), which nginx writes with "::" inside its first four groups.
      const compressed = await Promise.all(
        Array.from({ length: 60 }, (_, i) => viaProxy({ client: `2001:db8::${(i + 1).toString(16)}` }).then((r) => r.status)),
      );
      expect(compressed.filter((status) => status === 429).length).toBeGreaterThan(0);
      expect((await viaProxy({ client: '2001:db8:7:9::1' })).status).toBe(200);
    });

    it('limits the requests one client has in progress at once with 429', async () => {
      // Bodies that never finish: each is a request in progress to nginx, buffered there, none reaching the server.
      const slow: Array<import('node:http').ClientRequest> = [];
      const statuses: Array<Promise<number>> = [];
      for (let i = 0; i < 25; i++) {
        const req = httpsRequest({
          host: '127.0.0.1',
          port,
          servername: 'alexa.example.com',
          ca: caPem,
          method: 'POST',
          path: '/',
          agent: false,
          localAddress: '127.0.0.5',
          headers: { Host: 'alexa.example.com', 'Content-Type': 'application/json', 'Content-Length': '1000' },
        });
        statuses.push(
          new Promise<number>((resolve) => {
            req.on('response', (res) => {
              res.resume();
              resolve(res.statusCode ?? 0);
            });
            req.on('error', () => resolve(0));
          }),
        );
        req.write('{');
        slow.push(req);
        await sleep(20);
      }
      const refused = await within(Promise.race(statuses), 5_000, 'no request was refused');
      expect(refused).toBe(429);
      for (const req of slow) req.destroy();
    });
  },
);
