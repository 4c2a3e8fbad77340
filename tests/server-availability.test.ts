// Alexa's requests answered whatever junk arrives first, and each answered once (findings M1 and L1 of the 2026-12
// security review): a download allowance of their own for the URLs Alexa uses, a certificate cache file that makes a
// restart a warm start, and the request ids of the replay window. Fixed clocks throughout, and a fake S3.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import fsPromises from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAlexaServer, createApp } from '../src/server/app';
import { cachedAlexaVerifiers, CertificateCacheFile, openCertificateCache } from '../src/server/certificate-cache';
import { REFUSAL_REASONS } from '../src/server/refusal';
import {
  alexaVerifiers,
  DEFAULT_LIMITS,
  ReplayGuard,
  SigningCertificates,
  TIMESTAMP_TOLERANCE_MS,
  type CertificateLimits,
  type ChainStore,
  type Envelope,
  type StoredChain,
} from '../src/server/verify';
import { setLogSink } from '../src/skill/log';
import { ALEXA, CERT_URL, certificate, HOUR, keyPair, sign, testAuthority } from './helpers/certificates';
import { loopbackServers } from './helpers/listen';
import { fakeS3, JUNK_SIGNATURE, launchBody, post, type Answer } from './helpers/signed-requests';

const logLines: string[] = [];
setLogSink((line) => logLines.push(line));
beforeEach(() => {
  logLines.length = 0;
});

const { ca, caPem, signingKey, signingChain } = testAuthority();
const NOW = Date.now();
const otherKey = keyPair();

/** Alexa's URL in the documented form, and URLs of another form that hold Alexa's chain too. */
const DOCUMENTED_URL = CERT_URL;
const [OTHER_URL, OTHER_URL_2, OTHER_URL_3] = ['signing-2027', 'signing-2028', 'signing-2029'].map(
  (name) => `https://s3.amazonaws.com/echo.api/${name}.pem`,
) as [string, string, string];
const chains = new Map<string, { chain: string }>(
  [DOCUMENTED_URL, OTHER_URL, OTHER_URL_2, OTHER_URL_3, 'https://s3.amazonaws.com/echo.api/echo-api-cert-13.pem'].map((url) => [
    url,
    { chain: signingChain },
  ]),
);

/** Chains no cache file may bring back: each fails one of the checks a downloaded chain must pass. */
const untrustedChain =
  certificate({ name: ALEXA, key: otherKey, issuer: { name: 'Stranger', key: otherKey }, dnsNames: [ALEXA] }) +
  certificate({ name: 'Stranger', key: otherKey, ca: true });
const otherNameChain = certificate({ name: 'example.com', key: otherKey, issuer: ca, dnsNames: ['example.com'] }) + caPem;
const expiredChain =
  certificate({
    name: ALEXA,
    key: signingKey,
    issuer: ca,
    dnsNames: [ALEXA],
    notBefore: new Date(NOW - 48 * HOUR),
    notAfter: new Date(NOW - HOUR),
  }) + caPem;
const notYetValidChain =
  certificate({ name: ALEXA, key: signingKey, issuer: ca, dnsNames: [ALEXA], notBefore: new Date(NOW + HOUR) }) + caPem;

const listen = loopbackServers();

/** A clock the test moves. */
function clock(start = NOW) {
  let now = start;
  return { now: () => now, set: (at: number) => void (now = at), advance: (ms: number) => void (now += ms) };
}

/** The production verifiers (timestamp, signature, replay) on a fake S3 and the given clock. */
async function serveSigned(options: { limits?: Partial<CertificateLimits>; now?: () => number; store?: ChainStore } = {}) {
  const now = options.now ?? (() => NOW);
  const { source, loads } = fakeS3(chains, [caPem]);
  const certificates = new SigningCertificates(source, { ...DEFAULT_LIMITS, ...options.limits }, now, options.store);
  const base = await listen(createAlexaServer(createApp({ verifiers: alexaVerifiers(certificates, now) })));
  return { base, loads, certificates };
}

const signed = (body: string, url: string) => ({ SignatureCertChainUrl: url, 'Signature-256': sign(body, signingKey) });
const junk = (url: string) => ({ SignatureCertChainUrl: url, 'Signature-256': JUNK_SIGNATURE });
let junkCount = 0;
const newJunkUrl = () => `https://s3.amazonaws.com/echo.api/junk-${junkCount++}.pem`;

/** The reason of the last refusal logged, after checking the response was a 400. */
function lastRefusal(response: Answer): string {
  expect(response.status).toBe(400);
  return (JSON.parse(logLines.at(-1)!) as { reason: string }).reason;
}

/** Junk signatures, each over a new URL, until the shared budget is spent: what the attacker sends first. */
async function spendSharedBudget(base: string, now: number, downloads = DEFAULT_LIMITS.downloadsPerInterval): Promise<void> {
  const reasons: string[] = [];
  for (let i = 0; i <= downloads; i++) reasons.push(lastRefusal(await post(base, launchBody(now), junk(newJunkUrl()))));
  expect(reasons).toEqual([...Array<string>(downloads).fill('cert-unavailable'), 'cert-downloads-exhausted']);
}

async function answered(base: string, now: number, url: string): Promise<number> {
  const body = launchBody(now);
  return (await post(base, body, signed(body, url))).status;
}

describe("M1: Alexa's certificate URL has a download allowance junk cannot spend", () => {
  it('answers a request signed over the documented URL form on a fresh server whose shared budget junk has spent', async () => {
    const { base, loads, certificates } = await serveSigned();
    await spendSharedBudget(base, NOW);
    expect(await answered(base, NOW, DOCUMENTED_URL)).toBe(200);
    expect(loads.filter((url) => url === DOCUMENTED_URL)).toEqual([DOCUMENTED_URL]);
    expect(certificates.downloadCount).toBe(DEFAULT_LIMITS.downloadsPerInterval + 1);
  });

  it('keeps the allowance of a URL of another form once it has held a good chain: pushed out, it is downloaded again through the junk', async () => {
    const time = clock();
    const { base, loads } = await serveSigned({ limits: { goodCapacity: 1 }, now: time.now });
    expect(await answered(base, time.now(), OTHER_URL)).toBe(200);
    expect(await answered(base, time.now(), OTHER_URL_2)).toBe(200); // pushes OTHER_URL's chain out
    await spendSharedBudget(base, time.now(), DEFAULT_LIMITS.downloadsPerInterval - 2);
    time.advance(DEFAULT_LIMITS.ownAllowanceMs);
    expect(await answered(base, time.now(), OTHER_URL)).toBe(200);
    expect(loads.filter((url) => !url.includes('junk'))).toEqual([OTHER_URL, OTHER_URL_2, OTHER_URL]);
  });

  it('a URL of another form never seen with a good chain competes for the shared budget, as any junk does', async () => {
    const { base } = await serveSigned();
    await spendSharedBudget(base, NOW);
    const body = launchBody(NOW);
    expect(lastRefusal(await post(base, body, signed(body, OTHER_URL)))).toBe('cert-downloads-exhausted');
  });

  // The documented form: echo-api-cert.pem, or echo-api-cert-<N>.pem for N from 1 to 99 written without a leading zero.
  const OWN = 'its own allowance';
  const SHARED = 'the shared budget';
  it.each([
    ['echo-api-cert.pem', OWN],
    ['echo-api-cert-1.pem', OWN],
    ['echo-api-cert-9.pem', OWN],
    ['echo-api-cert-10.pem', OWN],
    ['echo-api-cert-99.pem', OWN],
    ['echo-api-cert-0.pem', SHARED],
    ['echo-api-cert-01.pem', SHARED],
    ['echo-api-cert-100.pem', SHARED],
    ['echo-api-cert-12a.pem', SHARED],
    ['echo-api-cert-.pem', SHARED],
    ['echo-api-certs-12.pem', SHARED],
    ['x-echo-api-cert-12.pem', SHARED],
    ['echo-api-cert-12.pem.pem', SHARED],
  ])('downloads %s on %s', async (file, lane) => {
    const { base, loads } = await serveSigned();
    await spendSharedBudget(base, NOW);
    const url = `https://s3.amazonaws.com/echo.api/${file}`;
    const reason = lastRefusal(await post(base, launchBody(NOW), junk(url)));
    expect(reason).toBe(lane === OWN ? 'cert-unavailable' : 'cert-downloads-exhausted');
    expect(loads.includes(url)).toBe(lane === OWN);
  });

  it('junk naming URLs of the documented form downloads each once per failure interval, and Alexa is still answered', async () => {
    const { base, loads } = await serveSigned();
    const family = Array.from({ length: 30 }, (_, i) => `https://s3.amazonaws.com/echo.api/echo-api-cert-${i + 20}.pem`);
    for (let round = 0; round < 3; round++) {
      for (const url of family) expect(lastRefusal(await post(base, launchBody(NOW), junk(url)))).toBe('cert-unavailable');
    }
    expect(loads).toEqual(family);
    // None of it came out of the shared budget, and Alexa's URL has its own allowance anyway.
    await spendSharedBudget(base, NOW);
    expect(await answered(base, NOW, DOCUMENTED_URL)).toBe(200);
  });

  it('allows a URL one download of its own per ownAllowanceMs; within that, it competes for the shared budget', async () => {
    const time = clock();
    const { base, loads } = await serveSigned({ limits: { goodCapacity: 1, downloadsPerInterval: 1 }, now: time.now });
    const [a, b] = [DOCUMENTED_URL, 'https://s3.amazonaws.com/echo.api/echo-api-cert-13.pem'];
    expect(await answered(base, time.now(), a)).toBe(200);
    expect(await answered(base, time.now(), b)).toBe(200); // pushes a out
    time.advance(DEFAULT_LIMITS.ownAllowanceMs - 1);
    expect(await answered(base, time.now(), a)).toBe(200); // a's own allowance is spent: the shared download
    const body = launchBody(time.now());
    expect(lastRefusal(await post(base, body, signed(body, b)))).toBe('cert-downloads-exhausted'); // b's too, and the shared one
    time.advance(1);
    expect(await answered(base, time.now(), b)).toBe(200);
    expect(loads).toEqual([a, b, a, b]);
  });

  it('remembers up to knownCapacity URLs that held a good chain, forgetting the one used longest ago', async () => {
    const time = clock();
    const { base } = await serveSigned({ limits: { goodCapacity: 1, knownCapacity: 2 }, now: time.now });
    for (const url of [OTHER_URL, OTHER_URL_2, OTHER_URL, OTHER_URL_3]) expect(await answered(base, time.now(), url)).toBe(200);
    // Known: OTHER_URL and OTHER_URL_3; OTHER_URL_2, used longest ago, was forgotten. Only OTHER_URL_3's chain is held.
    await spendSharedBudget(base, time.now(), DEFAULT_LIMITS.downloadsPerInterval - 3);
    time.advance(DEFAULT_LIMITS.ownAllowanceMs);
    expect(await answered(base, time.now(), OTHER_URL)).toBe(200);
    const body = launchBody(time.now());
    expect(lastRefusal(await post(base, body, signed(body, OTHER_URL_2)))).toBe('cert-downloads-exhausted');
  });
});

describe('M1: the certificate cache file', () => {
  const dirs: string[] = [];
  const freshDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'cert-cache-'));
    dirs.push(dir);
    return dir;
  };
  const cacheText = (entries: unknown) => JSON.stringify({ format: 'leg-pain-guide certificate cache', version: 1, chains: entries });

  it('makes a restart a warm start: the chain saved by the last process is re-verified and used, through junk, with no download', async () => {
    const path = join(freshDir(), 'certificates.json');
    const first = new CertificateCacheFile(path);
    const before = await serveSigned({ store: first });
    expect(await answered(before.base, NOW, OTHER_URL)).toBe(200);
    await first.flushed();
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({
      format: 'leg-pain-guide certificate cache',
      version: 1,
      chains: [{ url: OTHER_URL, pem: signingChain }],
    });

    const after = await serveSigned({ store: new CertificateCacheFile(path) });
    expect(after.certificates.restored).toBe(1);
    await spendSharedBudget(after.base, NOW);
    expect(await answered(after.base, NOW, OTHER_URL)).toBe(200);
    expect(after.loads.filter((url) => !url.includes('junk'))).toEqual([]);
  });

  it.each<[string, StoredChain]>([
    ['from a CA nobody trusts', { url: OTHER_URL, pem: untrustedChain }],
    ['for another name than echo-api.amazon.com', { url: OTHER_URL, pem: otherNameChain }],
    ['that has expired', { url: OTHER_URL, pem: expiredChain }],
    ['that is not valid yet', { url: OTHER_URL, pem: notYetValidChain }],
    ['that is no certificate', { url: OTHER_URL, pem: 'not a certificate' }],
    ['under a URL off S3', { url: 'https://example.com/echo.api/signing-2027.pem', pem: signingChain }],
    ['under a URL not in its canonical spelling', { url: 'https://S3.amazonaws.com:443/echo.api/signing-2027.pem', pem: signingChain }],
  ])('leaves out a chain %s, keeps the good one beside it, and downloads the other URL when asked', async (_, bad) => {
    const path = join(freshDir(), 'certificates.json');
    writeFileSync(path, cacheText([bad, { url: OTHER_URL_2, pem: signingChain }]));
    const { base, loads, certificates } = await serveSigned({ store: new CertificateCacheFile(path) });
    expect(certificates.restored).toBe(1);
    expect(await answered(base, NOW, OTHER_URL_2)).toBe(200);
    expect(await answered(base, NOW, OTHER_URL)).toBe(200);
    expect(loads).toEqual([OTHER_URL]);
  });

  it.each<[string, (path: string) => void]>([
    ['no file', () => undefined],
    ['an empty file', (path) => writeFileSync(path, '')],
    ['text that is not JSON', (path) => writeFileSync(path, 'certificates')],
    ['JSON null', (path) => writeFileSync(path, 'null')],
    [
      'another format',
      (path) => writeFileSync(path, JSON.stringify({ format: 'other', version: 1, chains: [{ url: OTHER_URL, pem: signingChain }] })),
    ],
    [
      'another version',
      (path) =>
        writeFileSync(
          path,
          JSON.stringify({ format: 'leg-pain-guide certificate cache', version: 2, chains: [{ url: OTHER_URL, pem: signingChain }] }),
        ),
    ],
    ['chains that are not a list', (path) => writeFileSync(path, cacheText({ url: OTHER_URL, pem: signingChain }))],
    [
      'entries that are not URL and PEM text',
      (path) => writeFileSync(path, cacheText([null, 'x', { url: 1, pem: signingChain }, { url: OTHER_URL }])),
    ],
    ['a file over 1 MB', (path) => writeFileSync(path, cacheText([{ url: OTHER_URL, pem: signingChain + ' '.repeat(1024 * 1024) }]))],
    ['a directory', (path) => mkdirSync(path)],
  ])('ignores %s, and downloads as on a cold start', async (_, make) => {
    const path = join(freshDir(), 'certificates.json');
    make(path);
    const { base, loads, certificates } = await serveSigned({ store: new CertificateCacheFile(path) });
    expect(certificates.restored).toBe(0);
    expect(await answered(base, NOW, OTHER_URL)).toBe(200);
    expect(loads).toEqual([OTHER_URL]);
  });

  it('gives back only entries with a URL and a PEM text', () => {
    const path = join(freshDir(), 'certificates.json');
    const good = { url: OTHER_URL, pem: signingChain };
    writeFileSync(path, cacheText([{ url: OTHER_URL_2 }, { pem: signingChain }, { url: OTHER_URL_3, pem: 7 }, good]));
    expect(new CertificateCacheFile(path).load()).toEqual([good]);
  });

  it('reads a file of exactly 1 MB, and not one byte more', () => {
    const path = join(freshDir(), 'certificates.json');
    const good = { url: OTHER_URL, pem: signingChain };
    const text = cacheText([good]);
    writeFileSync(path, text + ' '.repeat(1024 * 1024 - Buffer.byteLength(text)));
    expect(new CertificateCacheFile(path).load()).toEqual([good]);
    writeFileSync(path, text + ' '.repeat(1024 * 1024 + 1 - Buffer.byteLength(text)));
    expect(new CertificateCacheFile(path).load()).toEqual([]);
  });

  it('closes every file it writes', async () => {
    const dir = freshDir();
    const store = new CertificateCacheFile(join(dir, 'certificates.json'));
    for (const url of [OTHER_URL, OTHER_URL_2, OTHER_URL_3]) store.save([{ url, pem: signingChain }]);
    await store.flushed();
    // What this process holds open, by path (Linux): nothing in the cache's directory.
    const open = readdirSync('/proc/self/fd').flatMap((fd) => {
      try {
        return [readlinkSync(join('/proc/self/fd', fd))];
      } catch {
        return [];
      }
    });
    expect(open.filter((target) => target.startsWith(dir))).toEqual([]);
  });

  it('reports the error that stopped a write, not one from cleaning up after it', async () => {
    const dir = freshDir();
    const errors: string[] = [];
    const store = new CertificateCacheFile(join(dir, 'certificates.json'), (code) => errors.push(code));
    const denied = jest
      .spyOn(fsPromises, 'open')
      .mockRejectedValueOnce(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }));
    try {
      store.save([{ url: OTHER_URL, pem: signingChain }]);
      await store.flushed();
    } finally {
      denied.mockRestore();
    }
    expect(errors).toEqual(['EACCES']);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('restores at most goodCapacity chains, the last ones saved', async () => {
    const path = join(freshDir(), 'certificates.json');
    const saved = [OTHER_URL, OTHER_URL_2, OTHER_URL_3].map((url) => ({ url, pem: signingChain }));
    writeFileSync(path, cacheText(saved));
    const { base, loads, certificates } = await serveSigned({ store: new CertificateCacheFile(path), limits: { goodCapacity: 2 } });
    expect(certificates.restored).toBe(2);
    for (const url of [OTHER_URL_2, OTHER_URL_3, OTHER_URL]) expect(await answered(base, NOW, url)).toBe(200);
    expect(loads).toEqual([OTHER_URL]);
  });

  it('saves the good chains, in the order used, each time a new good chain is downloaded, and only then', async () => {
    const saves: StoredChain[][] = [];
    const store: ChainStore = { load: () => [], save: (chains) => void saves.push([...chains]) };
    const { base } = await serveSigned({ store });
    for (const url of [OTHER_URL, OTHER_URL, OTHER_URL_2, OTHER_URL]) expect(await answered(base, NOW, url)).toBe(200);
    await post(base, launchBody(NOW), junk(newJunkUrl()));
    expect(saves).toEqual([
      [{ url: OTHER_URL, pem: signingChain }],
      [
        { url: OTHER_URL, pem: signingChain },
        { url: OTHER_URL_2, pem: signingChain },
      ],
    ]);
  });

  it('writes a new file and renames it over the old one, leaving nothing else in the directory', async () => {
    const dir = freshDir();
    const path = join(dir, 'certificates.json');
    const store = new CertificateCacheFile(path);
    store.save([{ url: OTHER_URL, pem: signingChain }]);
    await store.flushed();
    // A reader that opened the first file still reads it whole: the file was replaced, not written over.
    const reader = openSync(path, 'r');
    const firstText = readFileSync(path, 'utf8');
    store.save([{ url: OTHER_URL_2, pem: signingChain }]);
    store.save([{ url: OTHER_URL_3, pem: signingChain }]);
    await store.flushed();
    expect(readFileSync(reader, 'utf8')).toBe(firstText);
    closeSync(reader);
    expect(readdirSync(dir)).toEqual(['certificates.json']);
    expect(store.load()).toEqual([{ url: OTHER_URL_3, pem: signingChain }]);
  });

  it('reports a write that fails by its error code, leaves no file behind, and goes on answering', async () => {
    const dir = freshDir();
    const path = join(dir, 'gone', 'certificates.json');
    const errors: string[] = [];
    const store = new CertificateCacheFile(path, (code) => errors.push(code));
    const { base } = await serveSigned({ store });
    expect(await answered(base, NOW, OTHER_URL)).toBe(200);
    await store.flushed();
    expect(errors).toEqual(['ENOENT']);
    expect(readdirSync(dir)).toEqual([]);
    expect(await answered(base, NOW, OTHER_URL_2)).toBe(200);
    await store.flushed();
    expect(errors).toEqual(['ENOENT', 'ENOENT']);
  });

  it('is opened only in a directory that exists', () => {
    const dir = freshDir();
    expect(openCertificateCache(join(dir, 'certificates.json'), () => undefined)).toBeInstanceOf(CertificateCacheFile);
    expect(() => openCertificateCache(join(dir, 'missing', 'certificates.json'), () => undefined)).toThrow(/missing/);
  });

  it('says at start which directory it cannot write in, and why', () => {
    const directory = join(freshDir(), 'missing');
    let thrown: unknown;
    try {
      openCertificateCache(join(directory, 'certificates.json'), () => undefined);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ message: `--cert-cache: cannot write in ${directory} (ENOENT)`, cause: { code: 'ENOENT' } });
  });

  it('logs how many chains the production verifiers restored, on stdout unless told where', () => {
    const path = join(freshDir(), 'certificates.json');
    writeFileSync(path, cacheText([{ url: OTHER_URL, pem: signingChain }]));
    const lines: string[] = [];
    expect(cachedAlexaVerifiers(path, (line) => lines.push(line)).length).toBeGreaterThan(0);
    // The test CA is not among the roots Node trusts: the chain does not re-verify.
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual([{ level: 'info', message: 'certificate cache', restored: 0 }]);
    const stdout = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      cachedAlexaVerifiers(path);
      expect(stdout.mock.calls).toEqual([[JSON.stringify({ level: 'info', message: 'certificate cache', restored: 0 })]]);
    } finally {
      stdout.mockRestore();
    }
  });
});

describe('L1: a signed request is answered once', () => {
  it('refuses the same signed bytes sent again within the window as replayed, with the production verifiers', async () => {
    const { source } = fakeS3(chains, [caPem]);
    const base = await listen(createAlexaServer(createApp({ verifiers: alexaVerifiers(new SigningCertificates(source)) })));
    const body = launchBody(Date.now());
    expect((await post(base, body, signed(body, DOCUMENTED_URL))).status).toBe(200);
    logLines.length = 0;
    const again = await post(base, body, signed(body, DOCUMENTED_URL));
    expect([again.status, again.text]).toEqual([400, 'Bad Request']);
    expect(logLines.map((line) => JSON.parse(line) as unknown)).toEqual([{ level: 'error', message: 'refused', reason: 'replayed' }]);
    expect(REFUSAL_REASONS).toContain('replayed');
  });

  it('does not let a junk signature over a request id keep the signed request out', async () => {
    const { base } = await serveSigned();
    const body = launchBody(NOW);
    for (let i = 0; i < 3; i++) expect(lastRefusal(await post(base, body, junk(DOCUMENTED_URL)))).toBe('bad-signature');
    expect((await post(base, body, signed(body, DOCUMENTED_URL))).status).toBe(200);
  });

  it('answers exactly one of several copies sent at once', async () => {
    const { base } = await serveSigned();
    const body = launchBody(NOW);
    const statuses = await Promise.all(Array.from({ length: 6 }, () => post(base, body, signed(body, DOCUMENTED_URL))));
    expect(statuses.map((response) => response.status).sort()).toEqual([200, 400, 400, 400, 400, 400]);
  });

  it.each([
    ['stamped now', 0],
    ['stamped 100 s ago', -100_000],
    ['stamped 100 s ahead', 100_000],
  ])('remembers a request %s until its timestamp leaves the window, and forgets it then', async (_, offset) => {
    const time = clock();
    const replays = new ReplayGuard(100, time.now);
    const { source } = fakeS3(chains, [caPem]);
    const verifiers = [...alexaVerifiers(new SigningCertificates(source, DEFAULT_LIMITS, time.now), time.now).slice(0, 2), replays];
    const base = await listen(createAlexaServer(createApp({ verifiers })));
    const body = launchBody(NOW, offset);
    const send = () => post(base, body, signed(body, DOCUMENTED_URL));
    expect((await send()).status).toBe(200);
    time.set(NOW + offset + TIMESTAMP_TOLERANCE_MS);
    expect(lastRefusal(await send())).toBe('replayed');
    expect(replays.size).toBe(1);
    time.advance(1);
    expect(lastRefusal(await send())).toBe('stale');
    expect(await answered(base, time.now(), DOCUMENTED_URL)).toBe(200);
    expect(replays.size).toBe(1);
  });

  it('at its cap, forgets the request id remembered longest, and goes on answering new requests', async () => {
    const time = clock();
    const replays = new ReplayGuard(2, time.now);
    const { source } = fakeS3(chains, [caPem]);
    const verifiers = [...alexaVerifiers(new SigningCertificates(source, DEFAULT_LIMITS, time.now), time.now).slice(0, 2), replays];
    const base = await listen(createAlexaServer(createApp({ verifiers })));
    const [a, b, c] = [launchBody(NOW), launchBody(NOW), launchBody(NOW)] as [string, string, string];
    for (const body of [a, b, c]) expect((await post(base, body, signed(body, DOCUMENTED_URL))).status).toBe(200);
    expect([replays.size, replays.forgottenAtCap]).toEqual([2, 1]);
    expect(lastRefusal(await post(base, c, signed(c, DOCUMENTED_URL)))).toBe('replayed');
    expect(lastRefusal(await post(base, b, signed(b, DOCUMENTED_URL)))).toBe('replayed');
    // a was forgotten at the cap: its replay is answered again. The cap is sized far above one instance's traffic.
    expect((await post(base, a, signed(a, DOCUMENTED_URL))).status).toBe(200);
  });

  it.each([
    ['without a request id', (body: string) => body.replace(/"requestId":"[^"]+",/, '')],
    ['with an empty request id', (body: string) => body.replace(/"requestId":"[^"]+"/, '"requestId":""')],
    ['with a request id that is not text', (body: string) => body.replace(/"requestId":"[^"]+"/, '"requestId":7')],
  ])('refuses a signed request %s, which could not be told from its replay', async (_, edit) => {
    const { base } = await serveSigned();
    const body = edit(launchBody(NOW));
    expect(lastRefusal(await post(base, body, signed(body, DOCUMENTED_URL)))).toBe('no-request-id');
  });

  it('refuses an unreadable timestamp itself, rather than remember an id for no time', async () => {
    const replays = new ReplayGuard(10, () => NOW);
    const envelope = JSON.parse(launchBody(NOW)) as Envelope;
    envelope.request.timestamp = 'yesterday';
    const request = { raw: Buffer.alloc(0), headers: {}, envelope };
    await expect(replays.verify(request)).rejects.toMatchObject({ reason: 'bad-timestamp' });
    envelope.request.timestamp = 12;
    await expect(replays.verify(request)).rejects.toMatchObject({ reason: 'bad-timestamp' });
    expect(replays.size).toBe(0);
  });
});

describe('node src/server/main.ts --cert-cache', () => {
  const tsx = join(__dirname, '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const main = join(__dirname, '..', 'src', 'server', 'main.ts');

  async function run(args: string[], until: RegExp) {
    const child = spawn(process.execPath, [tsx, main, ...args], {
      env: { PATH: process.env.PATH ?? '', PORT: '0', SKILL_ID: 'amzn1.ask.skill.local-console' },
    });
    let [stdout, stderr] = ['', ''];
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exit = once(child, 'exit') as Promise<[number | null]>;
    const deadline = Date.now() + 20_000;
    while (child.exitCode === null && !until.test(stdout) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    child.kill('SIGTERM');
    const [code] = await exit;
    return { code, stdout, stderr };
  }

  it('restores from the file what re-verifies (a test CA does not), says how many, and starts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cert-cache-main-'));
    const path = join(dir, 'certificates.json');
    writeFileSync(
      path,
      JSON.stringify({ format: 'leg-pain-guide certificate cache', version: 1, chains: [{ url: OTHER_URL, pem: signingChain }] }),
    );
    const { stdout } = await run(['--cert-cache', path], /listening/);
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines[0]).toEqual({ level: 'info', message: 'certificate cache', restored: 0 });
    expect(lines[1]).toEqual(expect.objectContaining({ message: 'Leg Pain Guide listening', verification: 'on' }));
  }, 30_000);

  it('refuses to start with a cache file in a directory that does not exist, and says so on stderr', async () => {
    const { code, stderr } = await run(['--cert-cache', join(tmpdir(), 'no-such-dir-7731', 'certificates.json')], /listening/);
    expect(code).toBe(2);
    expect(stderr).toMatch(/no-such-dir-7731/);
  }, 30_000);
});
