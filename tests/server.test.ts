import type { RequestEnvelope, ResponseEnvelope } from 'ask-sdk-model';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createSign, generateKeyPairSync } from 'node:crypto';
import { once } from 'node:events';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { Agent, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { md, pki } from 'node-forge';
import { bundle, SERVER_BUNDLE } from '../scripts/bundle';
import { launchRequest } from '../src/console/envelopes';
import { createApp, INSECURE_WARNING, type AppOptions } from '../src/server/app';
import { alexaVerifiers, type CertificateSource } from '../src/server/verify';
import { setLogSink } from '../src/skill/log';
import { buildSkill, skill } from '../src/skill/skill';

const logLines: string[] = [];
setLogSink((line) => logLines.push(line));

// ---- A test CA and signing certificates, made here: nothing is downloaded from s3.amazonaws.com. ----

const HOUR = 3_600_000;

function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  return { pem: privateKey, forgePrivate: pki.privateKeyFromPem(privateKey), forgePublic: pki.publicKeyFromPem(publicKey) };
}
type KeyPair = ReturnType<typeof keyPair>;

let serial = 1;
function certificate(options: {
  name: string;
  key: KeyPair;
  issuer?: { name: string; key: KeyPair };
  ca?: boolean;
  dnsNames?: string[];
  notBefore?: Date;
  notAfter?: Date;
}): string {
  const cert = pki.createCertificate();
  cert.publicKey = options.key.forgePublic;
  cert.serialNumber = (serial++).toString(16).padStart(2, '0');
  cert.validity.notBefore = options.notBefore ?? new Date(Date.now() - HOUR);
  cert.validity.notAfter = options.notAfter ?? new Date(Date.now() + 24 * HOUR);
  cert.setSubject([{ name: 'commonName', value: options.name }]);
  cert.setIssuer([{ name: 'commonName', value: (options.issuer ?? options).name }]);
  cert.setExtensions(
    options.ca
      ? [
          { name: 'basicConstraints', cA: true },
          { name: 'keyUsage', keyCertSign: true, cRLSign: true },
        ]
      : [
          { name: 'basicConstraints', cA: false },
          { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
          { name: 'subjectAltName', altNames: (options.dnsNames ?? []).map((value) => ({ type: 2, value })) },
        ],
  );
  cert.sign((options.issuer ?? options).key.forgePrivate, md.sha256.create());
  return pki.certificateToPem(cert);
}

const ALEXA = 'echo-api.amazon.com';
const CERT_URL = 'https://s3.amazonaws.com/echo.api/echo-api-cert-12.pem';

const caKey = keyPair();
const ca = { name: 'Test Root CA', key: caKey };
const caPem = certificate({ ...ca, ca: true });
const signingKey = keyPair();
const signingPem = certificate({ name: ALEXA, key: signingKey, issuer: ca, dnsNames: ['echo-api.example.com', ALEXA] });

const strangerKey = keyPair();
const stranger = { name: 'Untrusted CA', key: strangerKey };
const otherKey = keyPair();

/** Chains by URL, as S3 would serve them (leaf first); `loads` records every URL the server asked for. */
const chains = new Map<string, { chain: string; key: KeyPair }>([
  [CERT_URL, { chain: signingPem + caPem, key: signingKey }],
  [
    'https://s3.amazonaws.com/echo.api/untrusted.pem',
    { chain: certificate({ name: ALEXA, key: otherKey, issuer: stranger, dnsNames: [ALEXA] }) + certificate({ ...stranger, ca: true }), key: otherKey },
  ],
  [
    'https://s3.amazonaws.com/echo.api/other-name.pem',
    { chain: certificate({ name: 'example.com', key: otherKey, issuer: ca, dnsNames: ['example.com'] }) + caPem, key: otherKey },
  ],
  [
    'https://s3.amazonaws.com/echo.api/expired.pem',
    {
      chain: certificate({ name: ALEXA, key: otherKey, issuer: ca, dnsNames: [ALEXA], notBefore: new Date(Date.now() - 48 * HOUR), notAfter: new Date(Date.now() - HOUR) }) + caPem,
      key: otherKey,
    },
  ],
]);

function testCertificates() {
  const loads: string[] = [];
  const source: CertificateSource = {
    trustedRoots: [caPem],
    load: async (url) => {
      loads.push(url);
      const entry = chains.get(url);
      if (!entry) throw new Error(`no certificate at ${url}`);
      return entry.chain;
    },
  };
  return { source, loads };
}

function sign(body: string, key: KeyPair = signingKey): string {
  return createSign('RSA-SHA256').update(body, 'utf8').sign(key.pem, 'base64');
}

function signed(body: string, url = CERT_URL, key: KeyPair = chains.get(url)?.key ?? signingKey) {
  return { SignatureCertChainUrl: url, 'Signature-256': sign(body, key) };
}

// ---- Requests ----

function launch(timestampOffsetMs = 0): string {
  const envelope = launchRequest('en-US', { sessionId: 'amzn1.echo-api.session.1', isNew: true, attributes: {} });
  const request = { ...envelope.request, timestamp: new Date(Date.now() + timestampOffsetMs).toISOString() };
  return JSON.stringify({ ...envelope, request } as RequestEnvelope);
}

const servers: Server[] = [];

async function serve(options: AppOptions = {}): Promise<string> {
  const server = createApp(options).listen(0, '127.0.0.1');
  servers.push(server);
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** An app checking signatures against the test CA; `loads` lists the certificate URLs it fetched. */
async function serveSigned(options: Omit<AppOptions, 'verifiers'> = {}) {
  const { source, loads } = testCertificates();
  return { base: await serve({ ...options, verifiers: alexaVerifiers(source) }), loads };
}

async function post(base: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}/`, { method: 'POST', body, headers: { 'Content-Type': 'application/json', ...headers } });
  return { status: response.status, text: await response.text() };
}

function speechOf(text: string): string {
  return ((JSON.parse(text) as ResponseEnvelope).response.outputSpeech as { ssml: string }).ssml;
}

let invoke: jest.SpyInstance;
beforeEach(() => {
  logLines.length = 0;
  invoke = jest.spyOn(skill, 'invoke');
});
afterEach(() => invoke.mockRestore());
afterAll(() => {
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
});

/** The skill was never invoked, and the log has the refusal, not a request the skill answered. */
function expectRefusedBeforeTheSkill(reason: RegExp) {
  expect(invoke).not.toHaveBeenCalled();
  expect(logLines.map((line) => JSON.parse(line) as { error?: string })).toEqual([expect.objectContaining({ error: expect.stringMatching(reason) })]);
}

// ---- Tests ----

describe('POST /, with verification on (the default)', () => {
  it('answers a correctly signed launch request with the welcome', async () => {
    const { base, loads } = await serveSigned();
    const body = launch();
    const { status, text } = await post(base, body, signed(body));
    expect(status).toBe(200);
    expect(speechOf(text)).toMatch(/^<speak>Welcome to Leg Pain Guide\. .*In an emergency, call 911\./);
    expect(invoke).toHaveBeenCalledTimes(1);
    expect(loads).toEqual([CERT_URL]);
  });

  it('refuses an unsigned request with 400, before any handler', async () => {
    const base = await serve();
    const { status, text } = await post(base, launch());
    expect(status).toBe(400);
    expect(text).toContain('no SignatureCertChainUrl header');
    expectRefusedBeforeTheSkill(/^Refused: the request has no SignatureCertChainUrl header$/);
  });

  it('refuses a request whose signature is over a different body', async () => {
    const { base } = await serveSigned();
    const body = launch();
    const other = body.replace('"LaunchRequest"', '"SessionEndedRequest"');
    const { status, text } = await post(base, other, signed(body));
    expect(status).toBe(400);
    expect(text).toContain('does not match the request body');
    expectRefusedBeforeTheSkill(/does not match/);
  });

  it('refuses a body signed by a key other than the certificate\'s', async () => {
    const { base } = await serveSigned();
    const body = launch();
    const { status } = await post(base, body, signed(body, CERT_URL, otherKey));
    expect(status).toBe(400);
    expect(invoke).not.toHaveBeenCalled();
  });

  it('refuses a signature header without a certificate URL, and the reverse', async () => {
    const { base } = await serveSigned();
    const body = launch();
    const { SignatureCertChainUrl, 'Signature-256': signature } = signed(body);
    expect((await post(base, body, { 'Signature-256': signature })).status).toBe(400);
    expect((await post(base, body, { SignatureCertChainUrl })).status).toBe(400);
    expect(invoke).not.toHaveBeenCalled();
  });

  // The invalid URLs of Alexa's documentation, and a dot segment climbing out of /echo.api/.
  it.each([
    ['http', 'http://s3.amazonaws.com/echo.api/echo-api-cert-12.pem', /not https/],
    ['another host', 'https://notamazon.com/echo.api/echo-api-cert-12.pem', /not on s3\.amazonaws\.com/],
    ['a path in another case', 'https://s3.amazonaws.com/EcHo.aPi/echo-api-cert-12.pem', /not under \/echo\.api\//],
    ['another path', 'https://s3.amazonaws.com/invalid.path/echo-api-cert-12.pem', /not under \/echo\.api\//],
    ['a path leaving /echo.api/', 'https://s3.amazonaws.com/echo.api/../invalid.path/echo-api-cert-12.pem', /not under \/echo\.api\//],
    ['another port', 'https://s3.amazonaws.com:563/echo.api/echo-api-cert-12.pem', /not on port 443/],
  ])('refuses a certificate URL with %s, and downloads nothing', async (_, url, reason) => {
    const { base, loads } = await serveSigned();
    const body = launch();
    // Signed with the right key: only the URL is wrong.
    const { status, text } = await post(base, body, { SignatureCertChainUrl: url, 'Signature-256': sign(body) });
    expect(status).toBe(400);
    expect(text).toMatch(reason);
    expect(loads).toEqual([]);
    expectRefusedBeforeTheSkill(reason);
  });

  it('takes the valid URL spellings of the documentation, and downloads the normalised URL once', async () => {
    const { base, loads } = await serveSigned();
    for (const url of [
      'https://s3.amazonaws.com:443/echo.api/echo-api-cert-12.pem',
      'https://S3.AMAZONAWS.COM/echo.api/../echo.api/echo-api-cert-12.pem',
      CERT_URL,
    ]) {
      const body = launch();
      expect((await post(base, body, signed(body, url, signingKey))).status).toBe(200);
    }
    expect(loads).toEqual([CERT_URL]);
  });

  it.each([
    ['from a CA nobody trusts', 'https://s3.amazonaws.com/echo.api/untrusted.pem', /not trusted/],
    ['for another name than echo-api.amazon.com', 'https://s3.amazonaws.com/echo.api/other-name.pem', /not for echo-api\.amazon\.com/],
    ['that has expired', 'https://s3.amazonaws.com/echo.api/expired.pem', /expired/],
  ])('refuses a request signed with a certificate %s', async (_, url, reason) => {
    const { base, loads } = await serveSigned();
    const body = launch();
    const { status, text } = await post(base, body, signed(body, url));
    expect(status).toBe(400);
    expect(text).toMatch(reason);
    expect(loads).toEqual([url]);
    expectRefusedBeforeTheSkill(reason);
  });

  it.each([
    ['more than 150 seconds old', -160_000, /Timestamp verification failed/],
    ['more than 150 seconds ahead', 160_000, /more than 150 seconds ahead/],
  ])('refuses a correctly signed request stamped %s', async (_, offset, reason) => {
    const { base } = await serveSigned();
    const body = launch(offset);
    const { status, text } = await post(base, body, signed(body));
    expect(status).toBe(400);
    expect(text).toMatch(reason);
    expectRefusedBeforeTheSkill(reason);
  });

  it.each([
    ['140 seconds old', -140_000],
    ['140 seconds ahead (clock skew)', 140_000],
  ])('answers a request stamped %s', async (_, offset) => {
    const { base } = await serveSigned();
    const body = launch(offset);
    expect((await post(base, body, signed(body))).status).toBe(200);
  });

  it('refuses a request with an unreadable timestamp', async () => {
    const { base } = await serveSigned();
    const body = launch().replace(/"timestamp":"[^"]+"/, '"timestamp":"yesterday"');
    const { status } = await post(base, body, signed(body));
    expect(status).toBe(400);
    expectRefusedBeforeTheSkill(/not a date/);
  });

  it('refuses a body over 100 KB with 413, before reading it as a request', async () => {
    const base = await serve();
    const { status, text } = await post(base, launch().replace('"version":"1.0"', `"version":"1.0","padding":"${'x'.repeat(200_000)}"`));
    expect(status).toBe(413);
    expect(text).toBe('Payload Too Large');
    expect(invoke).not.toHaveBeenCalled();
  });
});

describe('the skill id', () => {
  const body = launch();

  it('is refused with 400 when the request is for another skill', async () => {
    const { base } = await serveSigned({ skillId: 'amzn1.ask.skill.someone-else' });
    const { status, text } = await post(base, body, signed(body));
    expect(status).toBe(400);
    expect(text).toContain('for another skill');
    expect(logLines).toEqual([expect.stringContaining('"error":"Refused: the request is for another skill"')]);
  });

  it('is answered when the request is for this skill', async () => {
    const { base } = await serveSigned({ skillId: 'amzn1.ask.skill.local-console' });
    const { status, text } = await post(base, body, signed(body));
    expect(status).toBe(200);
    expect(speechOf(text)).toContain('Welcome to Leg Pain Guide.');
  });

  it('is checked by the skill itself too, as Lambda runs it', async () => {
    await expect(buildSkill('amzn1.ask.skill.someone-else').invoke(JSON.parse(body) as RequestEnvelope)).rejects.toThrow(/ID verification failed/);
  });
});

describe('GET /health', () => {
  it('answers 200 {"status":"ok"} without any signature', async () => {
    const response = await fetch(`${await serve()}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    expect(invoke).not.toHaveBeenCalled();
  });
});

describe('with verification turned off explicitly', () => {
  it('warns, then answers an unsigned request', async () => {
    const warnings: string[] = [];
    const base = await serve({ insecureSkipVerification: true, warn: (message) => warnings.push(message) });
    expect(warnings).toEqual([INSECURE_WARNING]);
    expect(INSECURE_WARNING).toMatch(/^WARNING: request signature and timestamp verification is OFF/);
    const { status, text } = await post(base, launch(-HOUR));
    expect(status).toBe(200);
    expect(speechOf(text)).toContain('Welcome to Leg Pain Guide.');
  });

  it('still answers a body that is not a request envelope with 400, not the skill\'s 500', async () => {
    const base = await serve({ insecureSkipVerification: true, warn: () => undefined });
    expect((await post(base, 'not json')).status).toBe(400);
    expect((await post(base, '')).status).toBe(400);
    expect((await post(base, '{"version":"1.0"}')).status).toBe(400);
    expect(invoke).not.toHaveBeenCalled();
  });
});

// ---- The bundle: node dist/server.js ----

interface Running {
  child: ChildProcessWithoutNullStreams;
  base: string;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

const children: ChildProcessWithoutNullStreams[] = [];
let serverFile = '';

/** Starts a copy of dist/server.js far from node_modules; resolves once it has logged its start line. */
async function start(...args: string[]): Promise<Running> {
  const child = spawn(process.execPath, [serverFile, ...args], { cwd: tmpdir(), env: { PATH: process.env.PATH ?? '', PORT: '0' } });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const started = /"port":(\d+)/.exec(stdout);
      if (started) resolve(Number(started[1]));
    });
    void exit.then((code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
  });
  return { child, base: `http://127.0.0.1:${port}`, stdout: () => stdout, stderr: () => stderr, exit };
}

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('node dist/server.js', () => {
  beforeAll(async () => {
    await bundle();
    serverFile = join(mkdtempSync(join(tmpdir(), 'server-')), 'server.js');
    copyFileSync(SERVER_BUNDLE, serverFile);
  }, 60_000);
  afterAll(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('verifies by default: logs one start line, refuses an unsigned request, exits 0 on SIGTERM', async () => {
    const server = await start();
    expect(JSON.parse(server.stdout().trim())).toEqual({ level: 'info', message: 'Leg Pain Guide listening', port: expect.any(Number), verification: 'on' });
    expect((await post(server.base, launch())).status).toBe(400);
    expect((await fetch(`${server.base}/health`)).status).toBe(200);
    server.child.kill('SIGTERM');
    expect(await server.exit).toBe(0);
    expect(server.stderr()).toBe('');
  });

  it('with --insecure-skip-verification, warns on stderr and answers an unsigned request', async () => {
    const server = await start('--insecure-skip-verification');
    expect(server.stderr()).toContain(INSECURE_WARNING);
    const { status, text } = await post(server.base, launch());
    expect(status).toBe(200);
    expect(speechOf(text)).toContain('Welcome to Leg Pain Guide.');
    server.child.kill('SIGINT');
    expect(await server.exit).toBe(0);
  });

  it('on SIGTERM, stops accepting, finishes the request in flight, then exits 0', async () => {
    const server = await start('--insecure-skip-verification');
    const body = launch();
    const half = Math.floor(body.length / 2);
    // The request is in flight once the server has read its headers: it then sends "100 Continue".
    const agent = new Agent({ keepAlive: true });
    const request = httpRequest(`${server.base}/`, {
      method: 'POST',
      agent,
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), Expect: '100-continue' },
    });
    const response = once(request, 'response') as Promise<[import('node:http').IncomingMessage]>;
    await once(request, 'continue');
    request.write(body.slice(0, half));

    server.child.kill('SIGTERM');
    await waitFor(() => server.stdout().includes('"message":"shutting down"'));
    await expect(fetch(`${server.base}/health`)).rejects.toThrow();

    request.end(body.slice(half));
    const [message] = await response;
    let text = '';
    for await (const chunk of message) text += String(chunk);
    expect(message.statusCode).toBe(200);
    expect(speechOf(text)).toContain('Welcome to Leg Pain Guide.');
    const startedWaiting = Date.now();
    expect(await server.exit).toBe(0);
    expect(Date.now() - startedWaiting).toBeLessThan(3_000);
    agent.destroy();
  });
});
