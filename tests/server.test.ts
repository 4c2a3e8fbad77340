import type { RequestEnvelope, ResponseEnvelope } from 'ask-sdk-model';
import { spawn } from 'node:child_process';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { once } from 'node:events';
import { Agent, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createAlexaServer, createApp, DEFAULT_SERVER_LIMITS, INSECURE_WARNING, type AppOptions } from '../src/server/app';
import { NO_SKILL_ID } from '../src/server/flags';
import { downloadText } from '../src/server/download';
import { Refusal, type RefusalReason } from '../src/server/refusal';
import {
  DEFAULT_LIMITS,
  httpsCertificates,
  readEnvelope,
  SignatureVerifier,
  SigningCertificates,
  TimestampVerifier,
  type CertificateLimits,
} from '../src/server/verify';
import { setLogSink } from '../src/skill/log';
import { loopbackServers } from './helpers/listen';
import { fakeS3, JUNK_SIGNATURE, launchBody, post } from './helpers/signed-requests';
import { bundledServer, waitFor } from './helpers/server-bundle';
import { ALEXA, CERT_URL, certificate, HOUR, keyPair, sign as signWith, testAuthority, type KeyPair } from './helpers/certificates';
import { buildSkill, skill } from '../src/skill/skill';

const logLines: string[] = [];
setLogSink((line) => logLines.push(line));

// ---- A test CA and signing certificates, made here: nothing is downloaded from s3.amazonaws.com. ----

const { ca, caPem, signingKey, signingChain, s3Key, s3Pem } = testAuthority();
const strangerKey = keyPair();
const stranger = { name: 'Untrusted CA', key: strangerKey };
const otherKey = keyPair();

/** Chains by URL, as S3 would serve them (leaf first); `loads` records every URL the server asked for. */
const chains = new Map<string, { chain: string; key: KeyPair }>([
  [CERT_URL, { chain: signingChain, key: signingKey }],
  [
    'https://s3.amazonaws.com/echo.api/untrusted.pem',
    {
      chain: certificate({ name: ALEXA, key: otherKey, issuer: stranger, dnsNames: [ALEXA] }) + certificate({ ...stranger, ca: true }),
      key: otherKey,
    },
  ],
  [
    'https://s3.amazonaws.com/echo.api/other-name.pem',
    { chain: certificate({ name: 'example.com', key: otherKey, issuer: ca, dnsNames: ['example.com'] }) + caPem, key: otherKey },
  ],
  [
    'https://s3.amazonaws.com/echo.api/expired.pem',
    {
      chain:
        certificate({
          name: ALEXA,
          key: otherKey,
          issuer: ca,
          dnsNames: [ALEXA],
          notBefore: new Date(Date.now() - 48 * HOUR),
          notAfter: new Date(Date.now() - HOUR),
        }) + caPem,
      key: otherKey,
    },
  ],
]);

const NOW = Date.now();
const fixedClock = () => NOW;

/** The intermediate CA has expired although the leaf has not: the whole chain's dates count. */
const staleCaKey = keyPair();
const staleCa = { name: 'Expired Intermediate', key: staleCaKey };
chains.set('https://s3.amazonaws.com/echo.api/expired-intermediate.pem', {
  chain:
    certificate({ name: ALEXA, key: otherKey, issuer: staleCa, dnsNames: [ALEXA] }) +
    certificate({ ...staleCa, issuer: ca, ca: true, notBefore: new Date(NOW - 48 * HOUR), notAfter: new Date(NOW - HOUR) }) +
    caPem,
  key: otherKey,
});

/** Certificates keep whole seconds: a leaf valid from two hours after NOW to ten hours after, to the second. */
const LATER_FROM = Math.ceil((NOW + 2 * HOUR) / 1000) * 1000;
const LATER_UNTIL = Math.floor((NOW + 10 * HOUR) / 1000) * 1000;
const LATER_URL = 'https://s3.amazonaws.com/echo.api/later.pem';
chains.set(LATER_URL, {
  chain:
    certificate({
      name: ALEXA,
      key: otherKey,
      issuer: ca,
      dnsNames: [ALEXA],
      notBefore: new Date(LATER_FROM),
      notAfter: new Date(LATER_UNTIL),
    }) + caPem,
  key: otherKey,
});

/** Not valid yet, the leaf or only its intermediate: again the whole chain's dates count. */
const youngCa = { name: 'Intermediate Not Yet Valid', key: staleCaKey };
chains.set('https://s3.amazonaws.com/echo.api/not-yet-valid.pem', {
  chain: certificate({ name: ALEXA, key: otherKey, issuer: ca, dnsNames: [ALEXA], notBefore: new Date(NOW + HOUR) }) + caPem,
  key: otherKey,
});
chains.set('https://s3.amazonaws.com/echo.api/not-yet-valid-intermediate.pem', {
  chain:
    certificate({ name: ALEXA, key: otherKey, issuer: youngCa, dnsNames: [ALEXA] }) +
    certificate({ ...youngCa, issuer: ca, ca: true, notBefore: new Date(NOW + HOUR), notAfter: new Date(NOW + 48 * HOUR) }) +
    caPem,
  key: otherKey,
});

/** echo-api.amazon.com as a URI and an email address (and the common name), but not as a DNS name. */
chains.set('https://s3.amazonaws.com/echo.api/uri-name.pem', {
  chain:
    certificate({
      name: ALEXA,
      key: otherKey,
      issuer: ca,
      altNames: [
        { type: 6, value: ALEXA },
        { type: 1, value: ALEXA },
      ],
    }) + caPem,
  key: otherKey,
});

/** What S3 might serve with a 200 that is no certificate at all. */
chains.set('https://s3.amazonaws.com/echo.api/not-pem.pem', { chain: '<html><body>Not a certificate</body></html>', key: otherKey });

/** More URLs holding Alexa's good chain, to fill the cache of good chains. */
const GOOD_URLS = [
  CERT_URL,
  'https://s3.amazonaws.com/echo.api/echo-api-cert-13.pem',
  'https://s3.amazonaws.com/echo.api/echo-api-cert-14.pem',
] as const;
for (const url of GOOD_URLS) chains.set(url, { chain: signingChain, key: signingKey });

/** A fake S3: `loads` records every URL asked for; a URL it does not hold fails as a 404 would. */
const testCertificates = () => fakeS3(chains, [caPem]);

const sign = (body: string | Buffer, key: KeyPair = signingKey): string => signWith(body, key);

function signed(body: string | Buffer, url = CERT_URL, key: KeyPair = chains.get(url)?.key ?? signingKey) {
  return { SignatureCertChainUrl: url, 'Signature-256': sign(body, key) };
}

// ---- Requests ----

/** A well-formed signature of `bytes` bytes that matches nothing. */
const junkSignature = (bytes: number) => Buffer.alloc(bytes, 7).toString('base64');

const launch = (timestampOffsetMs = 0, now = NOW): string => launchBody(now, timestampOffsetMs);

const listen = loopbackServers();

/** One test client, with up to 50 connections at once (the flood tests): it is given the whole connection cap. */
const serve = (options: AppOptions = {}) =>
  listen(createAlexaServer(createApp(options), { maxConnectionsPerClient: DEFAULT_SERVER_LIMITS.maxConnections }));

/** An app checking signatures against the test CA, on a fixed clock; `loads` lists the certificate URLs it fetched. */
async function serveSigned(options: Omit<AppOptions, 'verifiers'> = {}, limits: CertificateLimits = DEFAULT_LIMITS, clock = fixedClock) {
  const { source, loads } = testCertificates();
  const certificates = new SigningCertificates(source, limits, clock);
  const verifiers = [new TimestampVerifier(clock), new SignatureVerifier(certificates)];
  return { base: await serve({ ...options, verifiers }), loads, certificates };
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

/**
 * Refused with a plain "400 Bad Request" that says nothing more, the skill never invoked, and one log line
 * holding the reason's code and nothing of the request.
 */
function expectRefused(response: { status: number; type: string; text: string }, reason: RefusalReason) {
  expect(response.status).toBe(400);
  expect(response.text).toBe('Bad Request');
  expect(response.type).toMatch(/^text\/plain/);
  expect(invoke).not.toHaveBeenCalled();
  expect(logLines.map((line) => JSON.parse(line) as unknown)).toEqual([{ level: 'error', message: 'refused', reason }]);
}

/** The reason of the last refusal logged, after checking the response was a 400. */
function lastRefusal(response: { status: number }): string {
  expect(response.status).toBe(400);
  return (JSON.parse(logLines.at(-1)!) as { reason: string }).reason;
}

// ---- Tests ----

describe('POST /, with verification on (the default)', () => {
  it('answers a correctly signed launch request with the welcome, downloading the chain once', async () => {
    const { base, loads } = await serveSigned();
    for (let i = 0; i < 3; i++) {
      const body = launch();
      const { status, text } = await post(base, body, signed(body));
      expect(status).toBe(200);
      expect(speechOf(text)).toMatch(
        /^<speak>Welcome to Leg Pain Guide\. .*In an emergency, call <say-as interpret-as="digits">911<\/say-as>\./,
      );
    }
    expect(invoke).toHaveBeenCalledTimes(3);
    expect(loads).toEqual([CERT_URL]);
  });

  it('checks the signature over the raw bytes Amazon signed, whatever charset the header claims', async () => {
    const { base } = await serveSigned();
    const body = Buffer.from(launch().replace('"locale":"en-US"', '"locale":"en-US","note":"Grüße"'), 'utf8');
    expect((await post(base, body, { ...signed(body), 'Content-Type': 'application/json; charset=ISO-8859-1' })).status).toBe(200);
    // The same text in Latin-1 bytes is not what was signed.
    invoke.mockClear();
    logLines.length = 0;
    const latin1 = Buffer.from(body.toString('utf8'), 'latin1');
    expectRefused(await post(base, latin1, signed(body)), 'not-utf8');
  });

  it.each<[string, (body: string) => Record<string, string>, RefusalReason]>([
    ['no signature headers at all', () => ({}), 'no-cert-url'],
    ['a signature without a certificate URL', (body) => ({ 'Signature-256': sign(body) }), 'no-cert-url'],
    ['a certificate URL without a signature', () => ({ SignatureCertChainUrl: CERT_URL }), 'no-signature'],
    ['an empty certificate URL header', (body) => ({ SignatureCertChainUrl: '', 'Signature-256': sign(body) }), 'no-cert-url'],
    ['an empty signature header', () => ({ SignatureCertChainUrl: CERT_URL, 'Signature-256': '' }), 'no-signature'],
    ['a signature that is not base64', () => ({ SignatureCertChainUrl: CERT_URL, 'Signature-256': 'not base64!' }), 'bad-signature-format'],
    ['a signature far too short', () => ({ SignatureCertChainUrl: CERT_URL, 'Signature-256': 'AAAA' }), 'bad-signature-format'],
    ['a signature over a different body', (body) => signed(body.replace('"LaunchRequest"', '"SessionEndedRequest"')), 'bad-signature'],
    ["a body signed by a key other than the certificate's", (body) => signed(body, CERT_URL, otherKey), 'bad-signature'],
  ])('refuses %s', async (_, headersFor, reason) => {
    const { base } = await serveSigned();
    const body = launch();
    expectRefused(await post(base, body, headersFor(body)), reason);
  });

  it('downloads nothing for a malformed signature', async () => {
    const { base, loads } = await serveSigned();
    for (let i = 0; i < 20; i++) await post(base, launch(), { SignatureCertChainUrl: CERT_URL, 'Signature-256': 'AAAA' });
    expect(loads).toEqual([]);
  });

  // An RSA-SHA256 signature is 256 to 512 bytes (2048- to 4096-bit keys), in base64 and nothing else.
  it.each<[string, (body: string) => string, RefusalReason, number]>([
    ['255 bytes', () => junkSignature(255), 'bad-signature-format', 0],
    ['256 bytes', () => junkSignature(256), 'bad-signature', 1],
    ['512 bytes', () => junkSignature(512), 'bad-signature', 1],
    ['513 bytes', () => junkSignature(513), 'bad-signature-format', 0],
    ['the right signature with junk before it', (body) => `!${sign(body)}`, 'bad-signature-format', 0],
    ['the right signature with junk after it', (body) => `${sign(body)}!`, 'bad-signature-format', 0],
  ])('downloads the certificate for a signature of %s only if it is well-formed', async (_, signatureFor, reason, downloads) => {
    const { base, loads } = await serveSigned();
    const body = launch();
    expectRefused(await post(base, body, { SignatureCertChainUrl: CERT_URL, 'Signature-256': signatureFor(body) }), reason);
    expect(loads).toHaveLength(downloads);
  });

  // Alexa's documented invalid URLs, and the tricks tried against this endpoint: none is downloaded.
  it.each([
    ['http', 'http://s3.amazonaws.com/echo.api/echo-api-cert-12.pem'],
    ['another host', 'https://notamazon.com/echo.api/echo-api-cert-12.pem'],
    ['a host that only ends like S3', 'https://evil-s3.amazonaws.com/echo.api/echo-api-cert-12.pem'],
    ['S3 as a subdomain of another host', 'https://s3.amazonaws.com.evil.com/echo.api/echo-api-cert-12.pem'],
    ['a trailing dot on the host', 'https://s3.amazonaws.com./echo.api/echo-api-cert-12.pem'],
    ['user info', 'https://evil.com@s3.amazonaws.com/echo.api/echo-api-cert-12.pem'],
    ['an IP address', 'https://52.216.0.1/echo.api/echo-api-cert-12.pem'],
    ['a file URL', 'file:///echo.api/echo-api-cert-12.pem'],
    ['a path in another case', 'https://s3.amazonaws.com/EcHo.aPi/echo-api-cert-12.pem'],
    ['another path', 'https://s3.amazonaws.com/invalid.path/echo-api-cert-12.pem'],
    ['a path leaving /echo.api/', 'https://s3.amazonaws.com/echo.api/../invalid.path/echo-api-cert-12.pem'],
    ['an encoded dot segment', 'https://s3.amazonaws.com/echo.api/%2e%2e/invalid.path/echo-api-cert-12.pem'],
    ['an encoded path', 'https://s3.amazonaws.com/echo.api/echo-api-cert-%31%32.pem'],
    ['a query string', 'https://s3.amazonaws.com/echo.api/echo-api-cert-12.pem?x=1'],
    ['a fragment', 'https://s3.amazonaws.com/echo.api/echo-api-cert-12.pem#x'],
    ['a subfolder', 'https://s3.amazonaws.com/echo.api/sub/echo-api-cert-12.pem'],
    ['port 8443', 'https://s3.amazonaws.com:8443/echo.api/echo-api-cert-12.pem'],
    ['port 563', 'https://s3.amazonaws.com:563/echo.api/echo-api-cert-12.pem'],
    ['not a URL', 'echo-api-cert-12.pem'],
  ])('refuses a certificate URL with %s, and downloads nothing', async (_, url) => {
    const { base, loads } = await serveSigned();
    const body = launch();
    // Signed with the right key: only the URL is wrong.
    expectRefused(await post(base, body, { SignatureCertChainUrl: url, 'Signature-256': sign(body) }), 'bad-cert-url');
    expect(loads).toEqual([]);
  });

  it('takes the valid URL spellings of the documentation as one canonical URL, downloaded once', async () => {
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

  it.each<[string, string, RefusalReason]>([
    ['from a CA nobody trusts', 'https://s3.amazonaws.com/echo.api/untrusted.pem', 'cert-untrusted'],
    ['for another name than echo-api.amazon.com', 'https://s3.amazonaws.com/echo.api/other-name.pem', 'cert-wrong-name'],
    ['that has expired', 'https://s3.amazonaws.com/echo.api/expired.pem', 'cert-expired'],
    ['whose intermediate has expired', 'https://s3.amazonaws.com/echo.api/expired-intermediate.pem', 'cert-expired'],
    ['that is not valid yet', 'https://s3.amazonaws.com/echo.api/not-yet-valid.pem', 'cert-expired'],
    ['whose intermediate is not valid yet', 'https://s3.amazonaws.com/echo.api/not-yet-valid-intermediate.pem', 'cert-expired'],
    [
      'naming echo-api.amazon.com only as a URI and an email address, not a DNS name',
      'https://s3.amazonaws.com/echo.api/uri-name.pem',
      'cert-wrong-name',
    ],
    ['whose URL serves something other than a PEM certificate', 'https://s3.amazonaws.com/echo.api/not-pem.pem', 'cert-unreadable'],
    ['that cannot be downloaded', 'https://s3.amazonaws.com/echo.api/missing.pem', 'cert-unavailable'],
  ])('refuses a request signed with a certificate %s', async (_, url, reason) => {
    const { base, loads } = await serveSigned();
    const body = launch();
    expectRefused(await post(base, body, signed(body, url)), reason);
    expect(loads).toEqual([url]);
  });

  it("re-checks a cached chain's dates on every request: once it expires, it is downloaded again and refused", async () => {
    let now = NOW;
    const { base, loads } = await serveSigned({}, DEFAULT_LIMITS, () => now);
    const first = launch(0, now);
    expect((await post(base, first, signed(first))).status).toBe(200);
    now = NOW + 25 * HOUR; // past the leaf's notAfter (24 h)
    logLines.length = 0;
    invoke.mockClear();
    const later = launch(0, now);
    expectRefused(await post(base, later, signed(later)), 'cert-expired');
    expect(loads).toEqual([CERT_URL, CERT_URL]);
  });

  // The chain (leaf from LATER_FROM to LATER_UNTIL, the root from an hour before NOW) is judged on the server's
  // clock, not the machine's: the machine's clock is hours before LATER_FROM throughout.
  it.each<[string, number, RefusalReason | 200]>([
    ['a millisecond before its leaf is valid', LATER_FROM - 1, 'cert-expired'],
    ['at the first instant its leaf is valid', LATER_FROM, 200],
    ['at the last instant its leaf is valid', LATER_UNTIL, 200],
    ['a millisecond after its leaf has expired', LATER_UNTIL + 1, 'cert-expired'],
  ])('on a fixed clock, takes a chain %s only if the clock is within its dates', async (_, now, expected) => {
    const { base, loads } = await serveSigned({}, DEFAULT_LIMITS, () => now);
    const body = launch(0, now);
    const response = await post(base, body, signed(body, LATER_URL));
    if (expected === 200) expect(response.status).toBe(200);
    else expectRefused(response, expected);
    expect(loads).toEqual([LATER_URL]);
  });

  it('uses a cached chain up to the last instant of its dates, then downloads it again and refuses it', async () => {
    let now = LATER_FROM;
    const { base, loads } = await serveSigned({}, DEFAULT_LIMITS, () => now);
    for (const at of [LATER_FROM, LATER_UNTIL]) {
      now = at;
      const body = launch(0, now);
      expect((await post(base, body, signed(body, LATER_URL))).status).toBe(200);
    }
    expect(loads).toEqual([LATER_URL]);
    now = LATER_UNTIL + 1;
    logLines.length = 0;
    invoke.mockClear();
    const body = launch(0, now);
    expectRefused(await post(base, body, signed(body, LATER_URL)), 'cert-expired');
    expect(loads).toEqual([LATER_URL, LATER_URL]);
  });

  it.each<[string, number, RefusalReason | 200]>([
    ['exactly 150 seconds old', -150_000, 200],
    ['150.001 seconds old', -150_001, 'stale'],
    ['exactly 150 seconds ahead (clock skew)', 150_000, 200],
    ['150.001 seconds ahead', 150_001, 'from-the-future'],
  ])('on a fixed clock, takes a request stamped %s only within 150 seconds', async (_, offset, expected) => {
    const { base } = await serveSigned();
    const body = launch(offset);
    const response = await post(base, body, signed(body));
    if (expected === 200) expect(response.status).toBe(200);
    else expectRefused(response, expected);
  });

  it('refuses a request with an unreadable timestamp', async () => {
    const { base } = await serveSigned();
    const body = launch().replace(/"timestamp":"[^"]+"/, '"timestamp":"yesterday"');
    expectRefused(await post(base, body, signed(body)), 'bad-timestamp');
  });

  it('without verifiers given, checks the timestamp and the signature, as Alexa requires', async () => {
    const base = await serve();
    const now = Date.now();
    expectRefused(await post(base, launch(0, now)), 'no-cert-url');
    logLines.length = 0;
    const stale = launch(-HOUR, now);
    expectRefused(await post(base, stale, signed(stale)), 'stale');
    logLines.length = 0;
    // A well-formed signature with a URL off S3: refused before anything is downloaded from the internet.
    const body = launch(0, now);
    expectRefused(
      await post(base, body, { SignatureCertChainUrl: 'https://example.com/echo.api/echo-api-cert-12.pem', 'Signature-256': sign(body) }),
      'bad-cert-url',
    );
  });

  it('refuses a stale request before downloading anything', async () => {
    const { base, loads } = await serveSigned();
    const body = launch(-HOUR);
    expectRefused(await post(base, body, signed(body, 'https://s3.amazonaws.com/echo.api/never-seen.pem')), 'stale');
    expect(loads).toEqual([]);
  });

  it.each<[string, string | Buffer, RefusalReason]>([
    ['an empty body', '', 'no-body'],
    ['a body that is not JSON', 'not json', 'not-json'],
    ['JSON that is not an envelope', '{"version":"1.0"}', 'not-envelope'],
    ['JSON null', 'null', 'not-envelope'],
    ['a JSON string', '"LaunchRequest"', 'not-envelope'],
    ['an envelope without a skill id', '{"version":"1.0","request":{"type":"LaunchRequest"}}', 'no-skill-id'],
    ['bytes that are not UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), 'not-utf8'],
  ])("refuses %s with 400, not the skill's 500", async (_, body, reason) => {
    const { base } = await serveSigned();
    expectRefused(await post(base, body), reason);
  });

  it('refuses a body over 100 KB with 413, and a compressed body with 415, in plain text, before reading them', async () => {
    const { base } = await serveSigned();
    const large = await post(base, launch().replace('"version":"1.0"', `"version":"1.0","padding":"${'x'.repeat(200_000)}"`));
    expect([large.status, large.text, large.type.startsWith('text/plain')]).toEqual([413, 'Payload Too Large', true]);
    const zipped = await post(base, gzipSync(launch()), { 'Content-Encoding': 'gzip' });
    expect([zipped.status, zipped.text]).toEqual([415, 'Unsupported Media Type']);
    expect(invoke).not.toHaveBeenCalled();
  });

  it('logs a refusal as its reason code only, never what the request held', async () => {
    const { base } = await serveSigned();
    const secret = `secret-${'x'.repeat(90_000)}`;
    const body = launch().replace('"requestId":"', `"requestId":"${secret}`);
    expectRefused(
      await post(base, body, {
        SignatureCertChainUrl: `https://s3.amazonaws.com/echo.api/${secret.slice(0, 40)}?q`,
        'Signature-256': JUNK_SIGNATURE,
      }),
      'bad-cert-url',
    );
    expect(logLines.join('').length).toBeLessThan(200);
  });
});

describe('a refusal', () => {
  it('is an Error named Refusal, whose message is its reason code and nothing else', () => {
    const refusal = new Refusal('stale');
    expect(refusal).toBeInstanceOf(Error);
    expect([refusal.name, refusal.message, refusal.reason]).toEqual(['Refusal', 'stale', 'stale']);
    expect(String(refusal)).toBe('Refusal: stale');
  });
});

describe('reading the request envelope', () => {
  /** The reason an action was refused for; anything else it threw (a TypeError, say), as is. */
  function refusalOf(action: () => unknown): unknown {
    try {
      action();
    } catch (error: unknown) {
      return error instanceof Refusal ? error.reason : error;
    }
    return 'not refused';
  }

  it.each([
    'null',
    '42',
    'true',
    '"LaunchRequest"',
    '[]',
    '{}',
    '{"request":null}',
    '{"request":{}}',
    '{"request":{"type":7}}',
    '[{"request":{"type":"LaunchRequest"}}]',
  ])('refuses %s as not-envelope, as a Refusal rather than a crash', (json) => {
    expect(refusalOf(() => readEnvelope(Buffer.from(json), undefined))).toBe('not-envelope');
  });

  it('takes an envelope for the skill it is asked for', () => {
    const envelope = readEnvelope(Buffer.from(launch()), 'amzn1.ask.skill.local-console');
    expect(envelope.request.type).toBe('LaunchRequest');
    expect(refusalOf(() => readEnvelope(Buffer.from(launch()), 'amzn1.ask.skill.someone-else'))).toBe('other-skill');
  });
});

describe('certificate downloads under a flood of junk signatures', () => {
  it('merges concurrent requests for one URL into one download, and caches it', async () => {
    const { base, loads } = await serveSigned();
    const body = launch();
    const results = await Promise.all(
      Array.from({ length: 50 }, () => post(base, body, { SignatureCertChainUrl: CERT_URL, 'Signature-256': JUNK_SIGNATURE })),
    );
    expect(new Set(results.map((r) => r.status))).toEqual(new Set([400]));
    expect(loads).toEqual([CERT_URL]);
  });

  it('remembers a URL that failed for exactly the failure interval: one download, then one more once it has passed', async () => {
    let now = NOW;
    const limits = { ...DEFAULT_LIMITS, failureTtlMs: 60_000 };
    const { base, loads } = await serveSigned({}, limits, () => now);
    const missing = 'https://s3.amazonaws.com/echo.api/missing.pem';
    const attempt = async () => {
      const body = launch(0, now);
      return lastRefusal(await post(base, body, signed(body, missing, signingKey)));
    };
    for (let i = 0; i < 20; i++) expect(await attempt()).toBe('cert-unavailable');
    now = NOW + 59_999;
    expect(await attempt()).toBe('cert-unavailable');
    expect(loads).toEqual([missing]);
    now = NOW + 60_000;
    expect(await attempt()).toBe('cert-unavailable');
    expect(loads).toEqual([missing, missing]);
  });

  it('counts a download against the interval until exactly intervalMs after it started', async () => {
    let now = NOW;
    const limits = { ...DEFAULT_LIMITS, downloadsPerInterval: 2, intervalMs: 60_000 };
    const { base, loads, certificates } = await serveSigned({}, limits, () => now);
    const attempt = async (i: number) => {
      const body = launch(0, now);
      return lastRefusal(
        await post(base, body, {
          SignatureCertChainUrl: `https://s3.amazonaws.com/echo.api/junk-${i}.pem`,
          'Signature-256': JUNK_SIGNATURE,
        }),
      );
    };
    expect([await attempt(0), await attempt(1)]).toEqual(['cert-unavailable', 'cert-unavailable']);
    now = NOW + 59_999;
    expect(await attempt(2)).toBe('cert-downloads-exhausted');
    now = NOW + 60_000;
    expect([await attempt(3), await attempt(4), await attempt(5)]).toEqual([
      'cert-unavailable',
      'cert-unavailable',
      'cert-downloads-exhausted',
    ]);
    expect(loads).toHaveLength(4);
    expect(certificates.downloadCount).toBe(4);
  });

  it('keeps the good chains used last, up to goodCapacity: the one used longest ago is downloaded again', async () => {
    const limits = { ...DEFAULT_LIMITS, goodCapacity: 2 };
    const { base, loads } = await serveSigned({}, limits);
    const [a, b, c] = GOOD_URLS;
    for (const url of [a, b, a, c, a, b]) {
      const body = launch();
      expect((await post(base, body, signed(body, url))).status).toBe(200);
    }
    // c pushed out b, used longer ago than a.
    expect(loads).toEqual([a, b, c, b]);
  });

  it('remembers up to failureCapacity failed URLs, forgetting the oldest failure first', async () => {
    const limits = { ...DEFAULT_LIMITS, failureCapacity: 2 };
    const { base, loads } = await serveSigned({}, limits);
    const [x, y, z] = ['x', 'y', 'z'].map((name) => `https://s3.amazonaws.com/echo.api/missing-${name}.pem`);
    for (const url of [x, y, x, z, y, x]) {
      const body = launch();
      expect(lastRefusal(await post(base, body, signed(body, url!, signingKey)))).toBe('cert-unavailable');
    }
    // z pushed out x, the oldest failure; y was still remembered.
    expect(loads).toEqual([x, y, z, x]);
  });

  // Alexa's URL (echo-api-cert-12.pem, of Amazon's own form) is downloaded on an allowance of its own, outside the
  // shared budget (tests/server-availability.test.ts): the junk gets all five shared downloads.
  it('bounds downloads per interval over all junk URLs, and keeps the good chain from being pushed out by junk', async () => {
    const limits = { ...DEFAULT_LIMITS, downloadsPerInterval: 5 };
    const { base, loads, certificates } = await serveSigned({}, limits);
    const good = launch();
    expect((await post(base, good, signed(good))).status).toBe(200);
    logLines.length = 0;
    const refusals: string[] = [];
    for (let i = 0; i < 40; i++) {
      const body = launch();
      const response = await post(base, body, {
        SignatureCertChainUrl: `https://s3.amazonaws.com/echo.api/junk-${i}.pem`,
        'Signature-256': JUNK_SIGNATURE,
      });
      expect(response.status).toBe(400);
      refusals.push((JSON.parse(logLines.at(-1)!) as { reason: string }).reason);
    }
    expect(loads).toHaveLength(1 + 5);
    expect(certificates.downloadCount).toBe(1 + 5);
    expect(refusals.filter((r) => r === 'cert-downloads-exhausted')).toHaveLength(35);
    const again = launch();
    expect((await post(base, again, signed(again))).status).toBe(200);
    expect(loads).toHaveLength(1 + 5);
  });
});

describe('the skill id', () => {
  const body = launch();

  it('is refused with 400 when the request is for another skill', async () => {
    const { base } = await serveSigned({ skillId: 'amzn1.ask.skill.someone-else' });
    expectRefused(await post(base, body, signed(body)), 'other-skill');
  });

  it('is answered when the request is for this skill', async () => {
    const { base } = await serveSigned({ skillId: 'amzn1.ask.skill.local-console' });
    const { status, text } = await post(base, body, signed(body));
    expect(status).toBe(200);
    expect(speechOf(text)).toContain('Welcome to Leg Pain Guide.');
  });

  it('is checked by the skill itself too, as Lambda runs it', async () => {
    await expect(buildSkill('amzn1.ask.skill.someone-else').invoke(JSON.parse(body) as RequestEnvelope)).rejects.toThrow(
      /ID verification failed/,
    );
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

  it('warns on stderr unless told where, and only when verification is off', () => {
    const stderr = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      createApp({ insecureSkipVerification: true });
      expect(stderr.mock.calls).toEqual([[INSECURE_WARNING]]);
      const warnings: string[] = [];
      createApp({ verifiers: [], warn: (message) => warnings.push(message) });
      createApp({ insecureSkipVerification: false, warn: (message) => warnings.push(message) });
      expect(warnings).toEqual([]);
      expect(stderr).toHaveBeenCalledTimes(1);
    } finally {
      stderr.mockRestore();
    }
  });

  it('refuses verifiers given together with verification turned off, rather than ignore them', () => {
    expect(() => createApp({ insecureSkipVerification: true, verifiers: [], warn: () => undefined })).toThrow(
      /^verifiers given, but verification is turned off$/,
    );
  });

  it("still refuses a body that is not a request envelope with 400, not the skill's 500", async () => {
    const base = await serve({ insecureSkipVerification: true, warn: () => undefined });
    for (const body of ['not json', '', '{"version":"1.0"}']) expect((await post(base, body)).status).toBe(400);
    expect(invoke).not.toHaveBeenCalled();
  });
});

// ---- The real download, against a local HTTPS server holding a certificate for s3.amazonaws.com from a test CA ----

describe('downloading a certificate chain over HTTPS', () => {
  const wrongHostPem = certificate({ name: 'example.com', key: s3Key, issuer: ca, dnsNames: ['example.com'] });
  let hits: string[] = [];
  let asked: { method?: string; host?: string; accept?: string }[] = [];
  const sockets = new Set<Socket>();

  function s3(certPem = s3Pem) {
    const server = createHttpsServer({ key: s3Key.pem, cert: certPem }, (req, res) => {
      hits.push(req.url ?? '');
      asked.push({ method: req.method, host: req.headers.host, accept: req.headers.accept });
      switch (req.url) {
        case '/echo.api/cut.pem':
          res.writeHead(200, { 'Content-Length': 1000 });
          res.write('-----BEGIN CERTIFICATE-----\n', () => res.destroy());
          break;
        case '/echo.api/echo-api-cert-12.pem':
          res.end(chains.get(CERT_URL)!.chain);
          break;
        case '/echo.api/redirect.pem':
          res.writeHead(302, { Location: '/echo.api/echo-api-cert-12.pem' }).end();
          break;
        case '/echo.api/error.pem':
          res.writeHead(500).end('oops');
          break;
        case '/echo.api/huge.pem': {
          res.writeHead(200);
          const chunk = Buffer.alloc(64 * 1024, 65);
          const pump = () => {
            while (!res.destroyed && res.write(chunk));
            if (!res.destroyed) res.once('drain', pump);
          };
          pump();
          break;
        }
        case '/echo.api/drip.pem': {
          res.writeHead(200);
          const drip = setInterval(() => (res.destroyed ? clearInterval(drip) : res.write('-')), 50);
          res.on('close', () => clearInterval(drip));
          break;
        }
        default:
          res.writeHead(404).end();
      }
    });
    server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    return server;
  }

  async function start(certPem?: string) {
    const server = s3(certPem);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    httpsServers.push(server);
    return { connectTo: { host: '127.0.0.1', port: (server.address() as AddressInfo).port }, ca: caPem };
  }
  const httpsServers: import('node:https').Server[] = [];
  beforeEach(() => {
    hits = [];
    asked = [];
  });
  afterAll(() => {
    for (const socket of sockets) socket.destroy();
    for (const server of httpsServers) server.close();
  });

  it('fetches the chain and answers a correctly signed request end to end', async () => {
    const target = await start();
    const certificates = new SigningCertificates(httpsCertificates({ ...target, timeoutMs: 2_000 }, [caPem]), DEFAULT_LIMITS, fixedClock);
    const base = await serve({ verifiers: [new TimestampVerifier(fixedClock), new SignatureVerifier(certificates)] });
    const body = launch();
    const { status, text } = await post(base, body, signed(body));
    expect(status).toBe(200);
    expect(speechOf(text)).toContain('Welcome to Leg Pain Guide.');
    expect(hits).toEqual(['/echo.api/echo-api-cert-12.pem']);
  });

  it.each([
    ['does not follow a redirect', '/echo.api/redirect.pem', /HTTP 302/, ['/echo.api/redirect.pem']],
    ['fails on an HTTP error status', '/echo.api/error.pem', /HTTP 500/, ['/echo.api/error.pem']],
    ['fails on a missing file', '/echo.api/missing.pem', /HTTP 404/, ['/echo.api/missing.pem']],
    ['stops reading a body past its size limit', '/echo.api/huge.pem', /too large/, ['/echo.api/huge.pem']],
    ['gives up on a response that drips in slowly, body included', '/echo.api/drip.pem', /timed out/, ['/echo.api/drip.pem']],
  ])('%s', async (_, path, error, requested) => {
    const target = await start();
    const download = downloadText(`https://s3.amazonaws.com${path}`, { ...target, timeoutMs: 400, maxBytes: 64 * 1024 });
    await expect(download).rejects.toThrow(error);
    expect(hits).toEqual(requested);
  });

  it('asks with a GET for the path, naming the host and accepting anything', async () => {
    const target = await start();
    await downloadText(CERT_URL, { ...target, timeoutMs: 2_000, maxBytes: 64 * 1024 });
    expect(hits).toEqual(['/echo.api/echo-api-cert-12.pem']);
    expect(asked).toEqual([{ method: 'GET', host: 's3.amazonaws.com', accept: '*/*' }]);
  });

  it('takes a chain of exactly maxBytes, and refuses one byte more', async () => {
    const target = await start();
    const size = Buffer.byteLength(signingChain);
    await expect(downloadText(CERT_URL, { ...target, timeoutMs: 2_000, maxBytes: size })).resolves.toBe(signingChain);
    await expect(downloadText(CERT_URL, { ...target, timeoutMs: 2_000, maxBytes: size - 1 })).rejects.toThrow(/too large/);
  });

  it('fails at once, not at its deadline, when the connection is cut in the middle of the body', async () => {
    const target = await start();
    await expect(
      downloadText('https://s3.amazonaws.com/echo.api/cut.pem', { ...target, timeoutMs: 5_000, maxBytes: 64 * 1024 }),
    ).rejects.toThrow(/aborted/);
  });

  it('refuses a server whose certificate is not for s3.amazonaws.com', async () => {
    const target = await start(wrongHostPem);
    await expect(
      downloadText(`${'https://s3.amazonaws.com'}/echo.api/echo-api-cert-12.pem`, { ...target, timeoutMs: 2_000, maxBytes: 65_536 }),
    ).rejects.toThrow(/altnames|does not match|certificate/i);
    expect(hits).toEqual([]);
  });

  it('gives up on a server that accepts the connection and never answers', async () => {
    const silent = createNetServer((socket) => void sockets.add(socket as Socket));
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const port = (silent.address() as AddressInfo).port;
    await expect(
      downloadText('https://s3.amazonaws.com/echo.api/x.pem', {
        connectTo: { host: '127.0.0.1', port },
        ca: caPem,
        timeoutMs: 300,
        maxBytes: 65_536,
      }),
    ).rejects.toThrow(/timed out/);
    silent.close();
  });
});

// ---- The bundle: node dist/server.js ----

describe('node dist/server.js', () => {
  const { start, spawnServer } = bundledServer();

  it('verifies by default: logs one start line, refuses an unsigned request, exits 0 on SIGTERM', async () => {
    const server = await start();
    expect(JSON.parse(server.stdout().trim())).toEqual({
      level: 'info',
      message: 'Leg Pain Guide listening',
      port: expect.any(Number),
      verification: 'on',
      skillId: 'checked',
    });
    const refused = await post(server.base, launch());
    expect([refused.status, refused.text]).toEqual([400, 'Bad Request']);
    expect((await fetch(`${server.base}/health`)).status).toBe(200);
    server.child.kill('SIGTERM');
    expect(await server.exit).toBe(0);
    expect(server.stderr()).toBe('');
  });

  it('with --insecure-skip-verification, warns on stderr and answers an unsigned request', async () => {
    const server = await start(['--insecure-skip-verification']);
    expect(server.stderr()).toContain(INSECURE_WARNING);
    const { status, text } = await post(server.base, launch());
    expect(status).toBe(200);
    expect(speechOf(text)).toContain('Welcome to Leg Pain Guide.');
    server.child.kill('SIGINT');
    expect(await server.exit).toBe(0);
  });

  it('refuses to start without SKILL_ID, and says why on stderr', async () => {
    const child = spawnServer([], {});
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(2);
    expect(stderr).toContain(NO_SKILL_ID);
  });

  it('with --any-skill-id, starts without SKILL_ID and warns that any skill is answered', async () => {
    const server = await start(['--any-skill-id', '--insecure-skip-verification'], {});
    expect(server.stderr()).toContain('WARNING: --any-skill-id: requests for any skill id are answered.');
    expect(JSON.parse(server.stdout().trim().split('\n')[0]!)).toEqual(expect.objectContaining({ skillId: 'any' }));
    server.child.kill('SIGTERM');
    expect(await server.exit).toBe(0);
  });

  it('on SIGTERM, stops accepting, finishes the request in flight, then exits 0 without waiting out the grace period', async () => {
    const server = await start(['--insecure-skip-verification']);
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
    await expect(fetch(`${server.base}/health`)).rejects.toThrow(/fetch failed/);

    request.end(body.slice(half));
    const [message] = await response;
    let text = '';
    for await (const chunk of message) text += String(chunk);
    expect(message.statusCode).toBe(200);
    expect(speechOf(text)).toContain('Welcome to Leg Pain Guide.');
    // Exit 0: it did not wait out the ten-second grace period, which ends in exit 1.
    expect(await server.exit).toBe(0);
    agent.destroy();
  });

  it('says what it takes with --help, and refuses an unknown flag with exit code 2', async () => {
    const run = async (args: string[]) => {
      const child = spawnServer(args, {});
      let [stdout, stderr] = ['', ''];
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const [code] = (await once(child, 'exit')) as [number];
      return { code, stdout, stderr };
    };
    const help = await run(['--help']);
    expect(help).toEqual({
      code: 0,
      stdout: expect.stringMatching(/^Usage: SKILL_ID=.*node dist\/server\.js[\s\S]*--any-skill-id/),
      stderr: '',
    });
    const unknown = await run(['--any-skill-id', '--port', '8080']);
    expect(unknown).toEqual({ code: 2, stdout: '', stderr: expect.stringMatching(/^Unknown option '--port'[\s\S]*Usage:/) });
  });
});

describe('npm run serve', () => {
  it('is the server itself: stopping npm by its process id stops the server and frees its port', async () => {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    // Its own process group, so that whatever happens the test leaves no server behind (see finally).
    const child = spawn(npm, ['run', '--silent', 'serve', '--', '--any-skill-id', '--insecure-skip-verification'], {
      cwd: join(__dirname, '..'),
      env: { ...process.env, PORT: '0', SKILL_ID: '' },
      detached: true,
    });
    try {
      let stdout = '';
      const port = await new Promise<number>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          const started = /"port":(\d+)/.exec(stdout);
          if (started) resolve(Number(started[1]));
        });
        child.on('exit', (code) => reject(new Error(`npm run serve exited with ${code}`)));
      });
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
      child.kill('SIGTERM');
      await waitFor(() => stdout.includes('"message":"shutting down"'), 5_000);
      await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow(/fetch failed/);
    } finally {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }, 60_000);
});
