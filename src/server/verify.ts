import { verify as verifySignature, X509Certificate, type KeyObject } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { rootCertificates } from 'node:tls';
import { pki } from 'node-forge';
import { downloadText, type DownloadOptions } from './download';
import { Refusal } from './refusal';

/**
 * The checks Alexa asks of a self-hosted endpoint, after
 * https://developer.amazon.com/en-US/docs/alexa/custom-skills/host-a-custom-skill-as-a-web-service.html
 * Each refuses with a `Refusal` naming a reason from a fixed list, never with anything from the request.
 */

/** Alexa's requests may be 150 seconds old at most, and (our addition) no more than 150 seconds ahead. */
export const TIMESTAMP_TOLERANCE_MS = 150_000;

const CERT_URL_HEADER = 'signaturecertchainurl';
const SIGNATURE_HEADER = 'signature-256';
const CERT_HOST = 's3.amazonaws.com';
/** The one path form taken: a file name right under /echo.api/, so one chain has one URL, and one cache key. */
const CERT_PATH = /^\/echo\.api\/[A-Za-z0-9][A-Za-z0-9._-]*\.pem$/;
/**
 * The documented form of Amazon's own URLs, echo-api-cert.pem and echo-api-cert-<N>.pem: a canonical URL of this
 * form has a download allowance of its own. Bounded on purpose (N from 1 to 99, 100 URLs in all, each downloaded at
 * most once per failure interval while it fails), so that junk naming them makes at most 100 downloads a minute.
 */
const AMAZON_FORM = /^https:\/\/s3\.amazonaws\.com\/echo\.api\/echo-api-cert(-[1-9][0-9]?)?\.pem$/;
const ALEXA_DOMAIN = 'echo-api.amazon.com';
const DNS_NAME = 2; // GeneralName type of a dNSName in subjectAltName
const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g;
/** An RSA-SHA256 signature is as long as the key: 2048 to 4096 bits. */
const SIGNATURE_BYTES = { min: 256, max: 512 };

export interface Envelope {
  request: { type: string; timestamp?: unknown; requestId?: unknown };
  context: { System: { application: { applicationId: string } } };
}

/** What a verifier sees of a request: its raw bytes, the envelope they decode to, its headers. */
export interface IncomingAlexaRequest {
  raw: Buffer;
  envelope: Envelope;
  headers: IncomingHttpHeaders;
}

export interface RequestVerifier {
  verify(request: IncomingAlexaRequest): Promise<void>;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Runs first, whether or not signatures are checked: the body is UTF-8 JSON, a request envelope, for this
 * skill. Without it a malformed body or another skill's request would fail inside the skill, as a 500.
 */
export function readEnvelope(raw: Buffer, skillId: string | undefined): Envelope {
  if (raw.length === 0) throw new Refusal('no-body');
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw new Refusal('not-utf8');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Refusal('not-json');
  }
  // JSON.parse gives null, a primitive, an array or an object: only an object with a string request.type gets past `?.`.
  const envelope = parsed as { request?: { type?: unknown }; context?: { System?: { application?: { applicationId?: unknown } } } } | null;
  if (typeof envelope?.request?.type !== 'string') throw new Refusal('not-envelope');
  const applicationId = envelope.context?.System?.application?.applicationId;
  if (typeof applicationId !== 'string') throw new Refusal('no-skill-id');
  if (skillId !== undefined && applicationId !== skillId) throw new Refusal('other-skill');
  return parsed as Envelope;
}

/** No more than 150 seconds old, as Alexa requires, nor ahead: a replayed request could be stamped a day ahead. */
export class TimestampVerifier implements RequestVerifier {
  constructor(private readonly now: () => number = Date.now) {}

  async verify({ envelope }: IncomingAlexaRequest): Promise<void> {
    const { timestamp } = envelope.request;
    const at = typeof timestamp === 'string' ? Date.parse(timestamp) : Number.NaN;
    if (Number.isNaN(at)) throw new Refusal('bad-timestamp');
    const age = this.now() - at;
    if (age > TIMESTAMP_TOLERANCE_MS) throw new Refusal('stale');
    if (-age > TIMESTAMP_TOLERANCE_MS) throw new Refusal('from-the-future');
  }
}

/**
 * The certificate URL in the one form taken: https, host s3.amazonaws.com (any case), port 443 or none, a file
 * right under /echo.api/ (case-sensitive), after removing dot segments as the documentation asks; no query, no
 * fragment, no percent-encoding, no user info. Returns the canonical URL, the cache key and what is downloaded.
 */
export function canonicalCertificateUrl(raw: string): string {
  if (/[?#%@\\]/.test(raw)) throw new Refusal('bad-cert-url');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Refusal('bad-cert-url');
  }
  const ok = url.protocol === 'https:' && url.hostname === CERT_HOST && url.port === '' && CERT_PATH.test(url.pathname);
  if (!ok) throw new Refusal('bad-cert-url');
  return `https://${CERT_HOST}${url.pathname}`;
}

/** Where signing certificate chains come from, and the root certificates they must lead to. */
export interface CertificateSource {
  /** The PEM chain at `url`, a canonical certificate URL. */
  load(url: string): Promise<string>;
  /** PEM root certificates; a chain must be signed up to one of them. */
  trustedRoots: readonly string[];
}

const PRODUCTION_DOWNLOAD: DownloadOptions = { timeoutMs: 3_000, maxBytes: 64 * 1024 };

/** Downloads with a deadline and a size cap; `options` may point at a test server and trust a test CA. */
export function httpsCertificates(
  options: Partial<DownloadOptions> = {},
  trustedRoots: readonly string[] = rootCertificates,
): CertificateSource {
  const download = { ...PRODUCTION_DOWNLOAD, ...options };
  return { load: (url) => downloadText(url, download), trustedRoots };
}

/** Production: Amazon's chain from S3, checked against the root certificates Node.js trusts. */
export const amazonCertificates: CertificateSource = httpsCertificates();

export interface SigningCertificate {
  key: KeyObject;
  /** The latest notBefore and the earliest notAfter of every certificate in the chain. */
  notBefore: Date;
  notAfter: Date;
}

/** A validated chain and the PEM text it was read from, which a `ChainStore` keeps. */
interface HeldChain extends SigningCertificate {
  pem: string;
}

/** A chain as a `ChainStore` keeps it: the canonical URL it came from and its PEM text, to be validated again on load. */
export interface StoredChain {
  url: string;
  pem: string;
}

/** Where the good chains outlive the process (certificate-cache.ts: a file the operator names). */
export interface ChainStore {
  /** The chains saved last, read once, when the cache is made; [] if there are none or they cannot be read. */
  load(): StoredChain[];
  /** Keeps these chains (the good ones, the one used last at the end) in place of those saved before; never throws. */
  save(chains: readonly StoredChain[]): void;
}

export interface CertificateLimits {
  /**
   * Downloads allowed per interval, over every URL without an allowance of its own: a flood of junk signatures cannot
   * make more.
   */
  downloadsPerInterval: number;
  intervalMs: number;
  /** How long a URL that failed is not tried again. */
  failureTtlMs: number;
  /** Good chains kept; only another good chain can push one out. */
  goodCapacity: number;
  /** Failed URLs remembered; the oldest failure is forgotten first. */
  failureCapacity: number;
  /** URLs that have held a good chain, remembered; the one used longest ago is forgotten first. */
  knownCapacity: number;
  /**
   * A URL that has held a good chain, or of Amazon's own form, has an allowance of its own, outside the shared budget:
   * one download per this interval. Only a request naming that URL can spend it, and its download serves Alexa too.
   */
  ownAllowanceMs: number;
}

export const DEFAULT_LIMITS: CertificateLimits = {
  downloadsPerInterval: 10,
  intervalMs: 60_000,
  failureTtlMs: 60_000,
  goodCapacity: 4,
  failureCapacity: 256,
  knownCapacity: 16,
  ownAllowanceMs: 10_000,
};

/**
 * Validated signing certificates by canonical URL. One download at a time per URL (others wait for it), failures
 * remembered for a while, and a good chain's dates checked on every use. Downloads are bounded two ways: a URL that
 * has held a good chain, or is of Amazon's own form, has an allowance of its own (one download per `ownAllowanceMs`);
 * every other URL, which is all a junk flood can name, shares `downloadsPerInterval`. With a `store`, the good chains
 * are restored from it at construction, each validated again in full, and saved to it whenever a new one is downloaded.
 */
export class SigningCertificates {
  private readonly good = new Map<string, HeldChain>();
  private readonly failed = new Map<string, { until: number; reason: Refusal['reason'] }>();
  private readonly inFlight = new Map<string, Promise<SigningCertificate>>();
  /** URLs that have held a good chain, the one used last at the end. */
  private readonly known = new Set<string>();
  /** When each URL last had a download on its own allowance, for `ownAllowanceMs`. */
  private readonly ownDownloads = new Map<string, number>();
  private downloads: number[] = [];
  private caStore: pki.CAStore | undefined;
  /** How many downloads were started: for the tests and the bench. */
  downloadCount = 0;
  /** How many chains were restored from the store at construction. */
  readonly restored: number;

  constructor(
    private readonly source: CertificateSource = amazonCertificates,
    private readonly limits: CertificateLimits = DEFAULT_LIMITS,
    private readonly now: () => number = Date.now,
    private readonly store?: ChainStore,
  ) {
    this.restored = store ? this.restore(store.load()) : 0;
  }

  async get(url: string): Promise<SigningCertificate> {
    const now = this.now();
    const held = this.good.get(url);
    if (held) {
      this.good.delete(url);
      if (withinValidity(held, new Date(now))) {
        this.good.set(url, held); // most recently used last
        this.markKnown(url);
        return held;
      }
    }
    const failure = this.failed.get(url);
    if (failure && failure.until > now) throw new Refusal(failure.reason);
    const pending = this.inFlight.get(url);
    if (pending) return pending;
    this.admit(url, now);
    this.downloadCount += 1;

    const fetched = this.fetch(url).then(
      (certificate) => {
        this.failed.delete(url);
        this.hold(url, certificate);
        this.store?.save([...this.good].map(([heldUrl, { pem }]) => ({ url: heldUrl, pem })));
        return certificate;
      },
      (error: unknown) => {
        const reason = error instanceof Refusal ? error.reason : 'cert-unavailable';
        this.failed.delete(url);
        this.failed.set(url, { until: this.now() + this.limits.failureTtlMs, reason });
        if (this.failed.size > this.limits.failureCapacity) this.failed.delete(this.failed.keys().next().value!);
        throw new Refusal(reason);
      },
    );
    const tracked = fetched.finally(() => this.inFlight.delete(url));
    this.inFlight.set(url, tracked);
    return tracked;
  }

  /**
   * Counts a download against the URL's own allowance if it has one and has not used it within `ownAllowanceMs`,
   * or else against the shared budget; refuses it if that is spent.
   */
  private admit(url: string, now: number): void {
    for (const [other, at] of this.ownDownloads) if (now - at >= this.limits.ownAllowanceMs) this.ownDownloads.delete(other);
    if ((this.known.has(url) || AMAZON_FORM.test(url)) && !this.ownDownloads.has(url)) {
      this.ownDownloads.set(url, now);
      return;
    }
    this.downloads = this.downloads.filter((at) => now - at < this.limits.intervalMs);
    if (this.downloads.length >= this.limits.downloadsPerInterval) throw new Refusal('cert-downloads-exhausted');
    this.downloads.push(now);
  }

  /** A good chain: held (only another good chain can push it out), and its URL known. */
  private hold(url: string, certificate: HeldChain): void {
    this.good.delete(url);
    this.good.set(url, certificate);
    if (this.good.size > this.limits.goodCapacity) this.good.delete(this.good.keys().next().value!);
    this.markKnown(url);
  }

  private markKnown(url: string): void {
    this.known.delete(url);
    this.known.add(url);
    if (this.known.size > this.limits.knownCapacity) this.known.delete(this.known.values().next().value!);
  }

  /**
   * The stored chains, the last `goodCapacity` of them, each only if its URL is canonical and it passes every check
   * a downloaded chain must pass, now: a chain that does not is left out, and its URL downloaded when asked for.
   */
  private restore(chains: readonly StoredChain[]): number {
    let restored = 0;
    for (const { url, pem } of chains.slice(-this.limits.goodCapacity)) {
      try {
        if (canonicalCertificateUrl(url) !== url) continue;
        this.hold(url, this.validate(pem, new Date(this.now())));
        restored += 1;
      } catch {
        // refused: left out
      }
    }
    return restored;
  }

  private async fetch(url: string): Promise<HeldChain> {
    let pem: string;
    try {
      pem = await this.source.load(url);
    } catch {
      throw new Refusal('cert-unavailable');
    }
    return this.validate(pem, new Date(this.now()));
  }

  /** The chain: readable, every certificate in date, the leaf for echo-api.amazon.com, signed up to a trusted root. */
  private validate(pem: string, now: Date): HeldChain {
    const blocks = pem.match(PEM_CERTIFICATE) ?? [];
    if (blocks.length === 0) throw new Refusal('cert-unreadable');
    let chain: pki.Certificate[];
    try {
      chain = blocks.map((block) => pki.certificateFromPem(block));
    } catch {
      throw new Refusal('cert-unreadable');
    }
    const dates = {
      notBefore: new Date(Math.max(...chain.map((c) => c.validity.notBefore.getTime()))),
      notAfter: new Date(Math.min(...chain.map((c) => c.validity.notAfter.getTime()))),
    };
    if (!withinValidity(dates, now)) throw new Refusal('cert-expired');
    const leaf = chain[0]!;
    // node-forge types an extension as {}: subjectAltName's is this.
    const subjectAltName: { altNames?: { type: number; value: string }[] } | undefined = leaf.getExtension('subjectAltName');
    const altNames = subjectAltName?.altNames;
    if (!altNames?.some((name) => name.type === DNS_NAME && name.value.toLowerCase() === ALEXA_DOMAIN)) {
      throw new Refusal('cert-wrong-name');
    }
    try {
      pki.verifyCertificateChain(this.trustedStore(), chain, { validityCheckDate: now });
    } catch {
      throw new Refusal('cert-untrusted');
    }
    return { key: new X509Certificate(blocks[0]!).publicKey, ...dates, pem };
  }

  /** Built once, on first use: node-forge reads RSA roots only and skips the others, as the SDK does. */
  private trustedStore(): pki.CAStore {
    if (!this.caStore) {
      const store = pki.createCaStore([]);
      for (const root of this.source.trustedRoots) {
        try {
          store.addCertificate(root);
        } catch {
          // an ECDSA root: node-forge cannot read it
        }
      }
      this.caStore = store;
    }
    return this.caStore;
  }
}

function withinValidity(certificate: { notBefore: Date; notAfter: Date }, now: Date): boolean {
  return certificate.notBefore <= now && now <= certificate.notAfter;
}

/** The header's value, if a string; an empty one is falsy, so the caller refuses it as a missing one. */
function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * The `Signature-256` header: well-formed before anything is downloaded, then RSA-SHA256 over the raw request
 * bytes, as Amazon signs them, with the key of the validated chain at the canonical certificate URL.
 */
export class SignatureVerifier implements RequestVerifier {
  constructor(readonly certificates: SigningCertificates = new SigningCertificates()) {}

  async verify({ raw, headers }: IncomingAlexaRequest): Promise<void> {
    const certificateUrl = header(headers, CERT_URL_HEADER);
    const signatureText = header(headers, SIGNATURE_HEADER);
    if (!certificateUrl) throw new Refusal('no-cert-url');
    if (!signatureText) throw new Refusal('no-signature');
    const signature = Buffer.from(signatureText, 'base64');
    const wellFormed =
      /^[A-Za-z0-9+/]+={0,2}$/.test(signatureText) && signature.length >= SIGNATURE_BYTES.min && signature.length <= SIGNATURE_BYTES.max;
    if (!wellFormed) throw new Refusal('bad-signature-format');
    const { key } = await this.certificates.get(canonicalCertificateUrl(certificateUrl));
    if (!verifySignature('sha256', raw, key, signature)) throw new Refusal('bad-signature');
  }
}

/**
 * Request ids remembered at most. Only requests Amazon signed are remembered, each for at most 300 s (150 s when
 * stamped now): 50,000 is over 300 requests a second on one instance, and about 7 MB (138 bytes an id, measured).
 */
export const REPLAY_CAPACITY = 50_000;

/**
 * A signed request is answered once: its request id is remembered until its timestamp leaves the window (its
 * timestamp plus 150 s, after which TimestampVerifier refuses it anyway), and the same id again is refused as
 * `replayed`. Runs after SignatureVerifier, so that only ids Amazon signed are remembered: junk cannot keep one out.
 * At the cap, the id remembered longest is forgotten (counted in `forgottenAtCap`) rather than a new request refused:
 * refusing would let a burst of Alexa's own traffic take the skill down.
 */
export class ReplayGuard implements RequestVerifier {
  /** Request id → the last instant its request passes the timestamp check; in the order they came. */
  private readonly seen = new Map<string, number>();
  /** Ids forgotten at the cap before their window had passed. */
  forgottenAtCap = 0;

  constructor(
    private readonly capacity: number = REPLAY_CAPACITY,
    private readonly now: () => number = Date.now,
  ) {}

  /** How many request ids are remembered. */
  get size(): number {
    return this.seen.size;
  }

  async verify({ envelope }: IncomingAlexaRequest): Promise<void> {
    const { requestId, timestamp } = envelope.request;
    if (typeof requestId !== 'string' || requestId === '') throw new Refusal('no-request-id');
    const at = typeof timestamp === 'string' ? Date.parse(timestamp) : Number.NaN;
    if (Number.isNaN(at)) throw new Refusal('bad-timestamp');
    const now = this.now();
    for (const [id, until] of this.seen) {
      if (until >= now) break;
      this.seen.delete(id);
    }
    if (this.seen.has(requestId)) throw new Refusal('replayed');
    if (this.seen.size >= this.capacity) {
      this.seen.delete(this.seen.keys().next().value!);
      this.forgottenAtCap += 1;
    }
    this.seen.set(requestId, at + TIMESTAMP_TOLERANCE_MS);
  }
}

/**
 * The production checks: timestamp, then signature (the cheaper first, so a stale request downloads nothing), then
 * replay (last, so that only a request Amazon signed is remembered). `now` is the clock of the first and the last.
 */
export function alexaVerifiers(
  certificates: SigningCertificates = new SigningCertificates(),
  now: () => number = Date.now,
): RequestVerifier[] {
  return [new TimestampVerifier(now), new SignatureVerifier(certificates), new ReplayGuard(REPLAY_CAPACITY, now)];
}
