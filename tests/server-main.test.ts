import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SERVER_LIMITS, INSECURE_WARNING } from '../src/server/app';
import { NO_SKILL_ID } from '../src/server/flags';
import { Refusal } from '../src/server/refusal';
import { serverConfig, startServer, type StartOptions } from '../src/server/start';
import type { IncomingAlexaRequest } from '../src/server/verify';
import { setLogSink } from '../src/skill/log';
import { launchBody, post } from './helpers/signed-requests';

/**
 * src/server/start.ts, the logic of `node dist/server.js`, run in this process: its output, exit codes and signal
 * handlers go to recorders, so what an operator sees (lines, codes) is asserted without a child process.
 */

const logLines: string[] = [];
setLogSink((line) => logLines.push(line));

const SKILL_ID = 'amzn1.ask.skill.local-console';
const OTHER_SKILL_ID = 'amzn1.ask.skill.another';
const USAGE_FIRST_LINE =
  'Usage: SKILL_ID=amzn1.ask.skill.… [PORT=3000] node dist/server.js [--any-skill-id] [--insecure-skip-verification] [--cert-cache <file>]';

interface Run {
  server: Server | undefined;
  stdout: string[];
  stderr: string[];
  exits: number[];
  /** The first exit code. */
  exited: Promise<number>;
  signal(name: NodeJS.Signals): void;
  signals(): NodeJS.Signals[];
}

const servers: Server[] = [];
const temporary: string[] = [];
/** Requests left in flight: ended from the client's side before their servers are closed. */
const requests: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(requests.splice(0).map((end) => end()));
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    if (server.listening) server.close();
  }
  for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function run(argv: string[], env: NodeJS.ProcessEnv = { SKILL_ID }, options: StartOptions = {}): Run {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const exits: number[] = [];
  const handlers = new Map<NodeJS.Signals, (signal: NodeJS.Signals) => void>();
  let onExit: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => (onExit = resolve));
  const server = startServer(
    argv,
    { PORT: '0', ...env },
    {
      stdout: (line) => stdout.push(line),
      stderr: (line) => stderr.push(line),
      exit: (code) => {
        exits.push(code);
        onExit(code);
      },
      onSignal: (name, handler) => handlers.set(name, handler),
    },
    options,
  );
  if (server) servers.push(server);
  const signal = (name: NodeJS.Signals) => {
    const handler = handlers.get(name);
    if (!handler) throw new Error(`no ${name} handler`);
    handler(name);
  };
  return { server, stdout, stderr, exits, exited, signal, signals: () => [...handlers.keys()] };
}

/** Starts the server and waits until it listens; `base` is its loopback address. */
async function started(argv: string[], env?: NodeJS.ProcessEnv, options?: StartOptions): Promise<Run & { base: string }> {
  const result = run(argv, env, options);
  if (!result.server) throw new Error(`did not start: ${result.stderr.join('\n')}`);
  await once(result.server, 'listening');
  const { port } = result.server.address() as AddressInfo;
  return { ...result, base: `http://127.0.0.1:${port}` };
}

/** What a run that failed before listening left: nothing started, one exit code, what it said on each stream. */
function failedStart(argv: string[], env?: NodeJS.ProcessEnv, options?: StartOptions) {
  const { server, stdout, stderr, exits } = run(argv, env, options);
  return { started: server !== undefined, stdout, stderr, exits };
}

function launchFor(applicationId: string): string {
  const envelope = JSON.parse(launchBody(Date.now())) as {
    context: { System: { application: { applicationId: string } } };
    session: { application: { applicationId: string } };
  };
  envelope.context.System.application.applicationId = applicationId;
  envelope.session.application.applicationId = applicationId;
  return JSON.stringify(envelope);
}

function speechOf(text: string): string {
  return (JSON.parse(text) as { response: { outputSpeech: { ssml: string } } }).response.outputSpeech.ssml;
}

/**
 * A POST the server has begun, its headers read (it has sent "100 Continue") and half its body sent, on a keep-alive
 * connection: a request in flight. `finish` sends the rest and reads the answer.
 */
async function inFlight(base: string) {
  const body = launchBody(Date.now());
  const half = Math.floor(body.length / 2);
  const agent = new Agent({ keepAlive: true });
  const request = httpRequest(`${base}/`, {
    method: 'POST',
    agent,
    headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), Expect: '100-continue' },
  });
  request.on('error', () => undefined);
  const response = once(request, 'response') as Promise<[IncomingMessage]>;
  const [socket] = (await once(request, 'socket')) as [Socket];
  await once(request, 'continue');
  request.write(body.slice(0, half));
  const closed = once(socket, 'close');
  response.catch(() => undefined);
  requests.push(async () => {
    request.destroy();
    agent.destroy();
    await closed;
  });
  async function finish() {
    request.end(body.slice(half));
    const [message] = await response;
    let text = '';
    for await (const chunk of message) text += String(chunk);
    return { status: message.statusCode, text };
  }
  return { finish, closed };
}

describe('the configuration', () => {
  const config = (env: NodeJS.ProcessEnv, argv: string[] = []) => serverConfig(argv, { SKILL_ID, ...env }, () => undefined);

  it('listens on port 3000 when PORT is unset or empty, and on any port from 0 to 65535', () => {
    expect(config({}).port).toBe(3000);
    expect(config({ PORT: '' }).port).toBe(3000);
    for (const port of ['0', '8', '8080', '65535']) expect(config({ PORT: port }).port).toBe(Number(port));
  });

  it.each(['65536', '99999', '-1', '80x', ' 80', '80 ', '1e3', 'x'])('refuses PORT=%j with exit 2 and says why', (port) => {
    expect(failedStart([], { SKILL_ID, PORT: port })).toEqual({
      started: false,
      stdout: [],
      stderr: [`PORT must be a port number (0 to 65535), not "${port}"`],
      exits: [2],
    });
  });

  it('takes SKILL_ID, and checks requests against it', () => {
    const warnings: string[] = [];
    expect(serverConfig([], { SKILL_ID, PORT: '0' }, (line) => warnings.push(line))).toEqual({
      port: 0,
      insecure: false,
      skillId: SKILL_ID,
      certCache: undefined,
      limits: DEFAULT_SERVER_LIMITS,
    });
    expect(warnings).toEqual([]);
  });

  it.each([{}, { SKILL_ID: '' }])('refuses to start without SKILL_ID (%j), saying why, with exit 2', (env) => {
    expect(failedStart([], env)).toEqual({ started: false, stdout: [], stderr: [NO_SKILL_ID], exits: [2] });
    expect(failedStart(['--insecure-skip-verification'], env)).toEqual({ started: false, stdout: [], stderr: [NO_SKILL_ID], exits: [2] });
  });

  it('with --any-skill-id, answers any skill id without SKILL_ID, and warns that it does', () => {
    const warnings: string[] = [];
    expect(serverConfig(['--any-skill-id'], { PORT: '0' }, (line) => warnings.push(line)).skillId).toBeUndefined();
    expect(warnings).toEqual(['WARNING: --any-skill-id: requests for any skill id are answered.']);
  });

  it('with --any-skill-id and SKILL_ID, still checks SKILL_ID, without the warning', () => {
    const warnings: string[] = [];
    expect(serverConfig(['--any-skill-id'], { SKILL_ID, PORT: '0' }, (line) => warnings.push(line)).skillId).toBe(SKILL_ID);
    expect(warnings).toEqual([]);
  });

  it('takes MAX_CONNECTIONS_PER_CLIENT, and refuses a bad one with exit 2', () => {
    expect(config({ MAX_CONNECTIONS_PER_CLIENT: '256' }).limits).toEqual({ ...DEFAULT_SERVER_LIMITS, maxConnectionsPerClient: 256 });
    expect(failedStart([], { SKILL_ID, MAX_CONNECTIONS_PER_CLIENT: 'lots' })).toEqual({
      started: false,
      stdout: [],
      stderr: ['MAX_CONNECTIONS_PER_CLIENT must be a whole number from 1 to 256, not "lots"'],
      exits: [2],
    });
  });

  it('reads --insecure-skip-verification and --cert-cache, off and unset unless given', () => {
    expect(config({}, ['--insecure-skip-verification', '--cert-cache', 'certs.json'])).toEqual(
      expect.objectContaining({ insecure: true, certCache: 'certs.json' }),
    );
    expect(config({}, ['--cert-cache=other.json']).certCache).toBe('other.json');
    expect(config({})).toEqual(expect.objectContaining({ insecure: false, certCache: undefined }));
  });

  it.each([[['--help']], [['-h']], [['--port', '80', '--help']]])('prints the usage for %j and exits 0', (argv) => {
    const { started, stdout, stderr, exits } = failedStart(argv, {});
    expect({ started, stderr, exits }).toEqual({ started: false, stderr: [], exits: [0] });
    expect(stdout).toHaveLength(1);
    expect(stdout[0]!.split('\n')[0]).toBe(USAGE_FIRST_LINE);
    for (const flag of ['--any-skill-id', '--insecure-skip-verification', '--cert-cache <file>'])
      expect(stdout[0]).toContain(`\n  ${flag} `);
    expect(stdout[0]).toContain('\nMAX_CONNECTIONS_PER_CLIENT (default 32)');
    // console.log adds the one newline.
    expect(stdout[0]).toMatch(/\n {2}--help {25}this text$/);
  });

  it.each([
    [['--port', '8080'], "Unknown option '--port'"],
    [['--cert-cache'], "Option '--cert-cache <value>' argument missing"],
    [['extra'], 'Unexpected argument'],
  ])('refuses %j with its reason, then the usage, and exit 2', (argv, reason) => {
    const { started, stdout, stderr, exits } = failedStart(argv, { SKILL_ID });
    expect({ started, stdout, exits }).toEqual({ started: false, stdout: [], exits: [2] });
    expect(stderr).toHaveLength(1);
    const [said, usage] = stderr[0]!.split('\n\n');
    expect(said?.slice(0, reason.length)).toBe(reason);
    expect(usage).toBe(USAGE_FIRST_LINE);
  });
});

describe('listening', () => {
  it('verifies by default: one start line, an unsigned request refused, /health answered, nothing on stderr', async () => {
    const { stdout, stderr, base, server, signals } = await started([]);
    expect(stdout.map((line) => JSON.parse(line) as unknown)).toEqual([
      {
        level: 'info',
        message: 'Leg Pain Guide listening',
        port: (server!.address() as AddressInfo).port,
        verification: 'on',
        skillId: 'checked',
      },
    ]);
    logLines.length = 0;
    const refused = await post(base, launchFor(SKILL_ID));
    expect([refused.status, refused.text]).toEqual([400, 'Bad Request']);
    expect(logLines.map((line) => JSON.parse(line) as unknown)).toEqual([{ level: 'error', message: 'refused', reason: 'no-cert-url' }]);
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect(stderr).toEqual([]);
    expect(signals().sort()).toEqual(['SIGINT', 'SIGTERM']);
  });

  it('with --insecure-skip-verification, says verification is off, warns, and answers an unsigned request for its skill only', async () => {
    const { stdout, stderr, base } = await started(['--insecure-skip-verification']);
    expect(JSON.parse(stdout[0]!)).toEqual(expect.objectContaining({ verification: 'off', skillId: 'checked' }));
    expect(stderr).toEqual([INSECURE_WARNING]);
    const answered = await post(base, launchFor(SKILL_ID));
    expect(answered.status).toBe(200);
    expect(speechOf(answered.text)).toContain('Welcome to Leg Pain Guide.');
    expect((await post(base, launchFor(OTHER_SKILL_ID))).status).toBe(400);
  });

  it('with --any-skill-id, says so and answers a request for any skill', async () => {
    const { stdout, stderr, base } = await started(['--any-skill-id', '--insecure-skip-verification'], {});
    expect(JSON.parse(stdout[0]!)).toEqual(expect.objectContaining({ verification: 'off', skillId: 'any' }));
    expect(stderr).toEqual(['WARNING: --any-skill-id: requests for any skill id are answered.', INSECURE_WARNING]);
    expect((await post(base, launchFor(OTHER_SKILL_ID))).status).toBe(200);
  });

  it('listens on the port PORT gives', async () => {
    const probe = createServer();
    probe.listen(0);
    await once(probe, 'listening');
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const { stdout } = await started([], { SKILL_ID, PORT: String(port) });
    expect(JSON.parse(stdout[0]!)).toEqual(expect.objectContaining({ port }));
  });

  it('fails with exit 1, saying why, when the port is taken', async () => {
    const taken = createServer();
    servers.push(taken);
    taken.listen(0);
    await once(taken, 'listening');
    const { port } = taken.address() as AddressInfo;
    const { exited, stdout, stderr } = run([], { SKILL_ID, PORT: String(port) });
    expect(await exited).toBe(1);
    expect(stdout).toEqual([]);
    expect(stderr).toEqual([expect.stringMatching(new RegExp(`^Cannot listen on port ${port}: listen EADDRINUSE`))]);
  });
});

describe('--cert-cache', () => {
  function directory(): string {
    const dir = mkdtempSync(join(tmpdir(), 'server-main-'));
    temporary.push(dir);
    return dir;
  }

  it('keeps the chains in the file: says how many it restored, then listens with verification on', async () => {
    const { stdout, stderr, base } = await started(['--cert-cache', join(directory(), 'certs.json')]);
    expect(stdout.map((line) => JSON.parse(line) as unknown)).toEqual([
      { level: 'info', message: 'certificate cache', restored: 0 },
      expect.objectContaining({ message: 'Leg Pain Guide listening', verification: 'on' }),
    ]);
    expect(stderr).toEqual([]);
    expect((await post(base, launchFor(SKILL_ID))).status).toBe(400);
  });

  it('checks every request with the verifiers made from that file', async () => {
    const file = join(directory(), 'certs.json');
    const made: string[] = [];
    const checked: IncomingAlexaRequest[] = [];
    const cachedVerifiers = (path: string, log: (line: string) => void) => {
      made.push(path);
      log('restored');
      return [
        {
          verify: async (request: IncomingAlexaRequest) => {
            checked.push(request);
            throw new Refusal('cert-untrusted');
          },
        },
      ];
    };
    const { stdout, base } = await started(['--cert-cache', file], { SKILL_ID }, { cachedVerifiers });
    expect(made).toEqual([file]);
    expect(stdout[0]).toBe('restored');
    logLines.length = 0;
    expect((await post(base, launchFor(SKILL_ID))).status).toBe(400);
    expect(checked).toHaveLength(1);
    expect(logLines).toEqual([JSON.stringify({ level: 'error', message: 'refused', reason: 'cert-untrusted' })]);
  });

  it('refuses to start, with exit 2, when the file cannot be written', () => {
    const missing = join(directory(), 'missing');
    expect(failedStart(['--cert-cache', join(missing, 'certs.json')])).toEqual({
      started: false,
      stdout: [],
      stderr: [`--cert-cache: cannot write in ${missing} (ENOENT)`],
      exits: [2],
    });
  });

  it('is not opened when verification is off', async () => {
    const made: string[] = [];
    const cachedVerifiers = (path: string) => {
      made.push(path);
      return [];
    };
    const file = join(directory(), 'missing', 'certs.json');
    const { stdout } = await started(['--insecure-skip-verification', '--cert-cache', file], { SKILL_ID }, { cachedVerifiers });
    expect(made).toEqual([]);
    expect(stdout).toHaveLength(1);
  });
});

describe('on SIGTERM or SIGINT', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('on %s, says so, stops accepting, and exits 0 once closed', async (name) => {
    const { base, signal, stdout, exited, exits } = await started([]);
    signal(name);
    expect(JSON.parse(stdout[1]!)).toEqual({ level: 'info', message: 'shutting down', signal: name });
    await expect(fetch(`${base}/health`)).rejects.toThrow(/fetch failed/);
    expect(await exited).toBe(0);
    expect(exits).toEqual([0]);
  });

  it('finishes the request in flight, closes its keep-alive connection after the response, and exits 0', async () => {
    const { base, signal, exited, stderr } = await started(['--insecure-skip-verification']);
    const request = await inFlight(base);
    signal('SIGTERM');
    await expect(fetch(`${base}/health`)).rejects.toThrow(/fetch failed/);

    const answer = await request.finish();
    const answeredAt = Date.now();
    expect(answer.status).toBe(200);
    expect(speechOf(answer.text)).toContain('Welcome to Leg Pain Guide.');
    // Closed by the server after the response, not at the keep-alive timeout (nor the grace period, which exits 1).
    expect(await exited).toBe(0);
    await request.closed;
    expect(Date.now() - answeredAt).toBeLessThan(DEFAULT_SERVER_LIMITS.keepAliveTimeoutMs / 2);
    expect(stderr).toEqual([INSECURE_WARNING]);
  });

  it('keeps a keep-alive connection open after a response while it is not stopping', async () => {
    const { base } = await started(['--insecure-skip-verification']);
    const agent = new Agent({ keepAlive: true });
    const get = async () => {
      const request = httpRequest(`${base}/health`, { agent });
      const [response] = (await once(request.end(), 'response')) as [IncomingMessage];
      response.resume();
      await once(response, 'end');
      return { reused: request.reusedSocket, socket: request.socket! };
    };
    const first = await get();
    // Long enough for a close on the next turn of the event loop to have happened.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(first.socket.destroyed).toBe(false);
    expect((await get()).reused).toBe(true);
    agent.destroy();
  });

  it('exits 1 at once at a second signal, saying why', async () => {
    const { base, signal, exits, stderr } = await started(['--insecure-skip-verification']);
    await inFlight(base);
    signal('SIGTERM');
    expect(exits).toEqual([]);
    signal('SIGINT');
    expect(exits).toEqual([1]);
    expect(stderr.slice(1)).toEqual(['SIGINT again: exiting without waiting for requests in flight']);
  });

  it('exits 1 when requests are still in flight after the grace period, saying so', async () => {
    const shutdownGraceMs = 200;
    const { base, signal, exited, exits, stderr } = await started(['--insecure-skip-verification'], { SKILL_ID }, { shutdownGraceMs });
    await inFlight(base);
    const signalledAt = Date.now();
    signal('SIGTERM');
    expect(await exited).toBe(1);
    expect(Date.now() - signalledAt).toBeGreaterThanOrEqual(shutdownGraceMs - 5);
    expect(exits).toEqual([1]);
    expect(stderr.slice(1)).toEqual(['Requests still in flight after 0.2 s: exiting anyway']);
  });
});
