import { TimestampVerifier, type Verifier } from 'ask-sdk-express-adapter';
import { verify as verifySignature, X509Certificate, type KeyObject } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { rootCertificates } from 'node:tls';
import { pki } from 'node-forge';

/**
 * The checks Alexa asks of a self-hosted endpoint, after
 * https://developer.amazon.com/en-US/docs/alexa/custom-skills/host-a-custom-skill-as-a-web-service.html
 * Each throws an Error whose message names the failed check and never repeats the request.
 */

/** Alexa's requests may be 150 seconds old at most, and (our addition) no more than 150 seconds ahead. */
export const TIMESTAMP_TOLERANCE_MS = 150_000;

const CERT_URL_HEADER = 'signaturecertchainurl';
const SIGNATURE_HEADER = 'signature-256';
const CERT_HOST = 's3.amazonaws.com';
const CERT_PATH_PREFIX = '/echo.api/';
const ALEXA_DOMAIN = 'echo-api.amazon.com';
const DNS_NAME = 2; // GeneralName type of a dNSName in subjectAltName
const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g;
const CACHED_CHAINS = 8;
const DOWNLOAD_TIMEOUT_MS = 4_000;

interface Envelope {
  request?: { type?: unknown; timestamp?: unknown };
  context?: { System?: { application?: { applicationId?: unknown } } };
}

function parse(body: unknown): Envelope {
  if (typeof body !== 'string' || body === '') throw new Error('the request has no body');
  let envelope: unknown;
  try {
    envelope = JSON.parse(body);
  } catch {
    throw new Error('the request body is not JSON');
  }
  if (typeof envelope !== 'object' || envelope === null) throw new Error('the request body is not a request envelope');
  return envelope as Envelope;
}

/**
 * Runs first, whether or not signatures are checked: the body is a request envelope for this skill. Without it
 * a malformed body or another skill's request would fail inside the skill, as a 500.
 */
export class EnvelopeVerifier implements Verifier {
  constructor(private readonly skillId?: string) {}

  async verify(body: string): Promise<void> {
    const envelope = parse(body);
    if (typeof envelope.request?.type !== 'string') throw new Error('the request envelope has no request type');
    const applicationId = envelope.context?.System?.application?.applicationId;
    if (typeof applicationId !== 'string') throw new Error('the request envelope has no skill id');
    if (this.skillId && applicationId !== this.skillId) throw new Error('the request is for another skill');
  }
}

/**
 * The SDK's TimestampVerifier refuses requests older than 150 s (skill events: one hour), but takes any date in
 * the future, and an unreadable one: a replayed request could be stamped a day ahead. This refuses both.
 */
export class RequestTimestampVerifier implements Verifier {
  private readonly notTooOld = new TimestampVerifier(TIMESTAMP_TOLERANCE_MS);

  async verify(body: string): Promise<void> {
    const timestamp = parse(body).request?.timestamp;
    const at = typeof timestamp === 'string' ? Date.parse(timestamp) : Number.NaN;
    if (Number.isNaN(at)) throw new Error('the request timestamp is missing or not a date');
    if (at - Date.now() > TIMESTAMP_TOLERANCE_MS) throw new Error('the request timestamp is more than 150 seconds ahead');
    await this.notTooOld.verify(body);
  }
}

/** Where signing certificate chains come from, and the root certificates they must lead to. */
export interface CertificateSource {
  /** The PEM chain at `url`, which has already passed the URL checks. */
  load(url: string): Promise<string>;
  /** PEM root certificates; a chain must be signed up to one of them. */
  trustedRoots: readonly string[];
}

async function download(url: string): Promise<string> {
  const response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`the signing certificate could not be downloaded (HTTP ${response.status})`);
  return response.text();
}

/** Production: Amazon's chain from S3, checked against the root certificates Node.js trusts. */
export const amazonCertificates: CertificateSource = { load: download, trustedRoots: rootCertificates };

/**
 * The URL checks, on the URL normalised as the documentation asks (dot segments removed, scheme and host
 * lowercased, port 443 dropped): https, host s3.amazonaws.com, path under /echo.api/ (case-sensitive), port 443.
 * Returns the normalised URL, the one that is downloaded.
 */
export function checkCertificateUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('SignatureCertChainUrl is not a URL');
  }
  if (url.protocol !== 'https:') throw new Error('SignatureCertChainUrl is not https');
  if (url.hostname !== CERT_HOST) throw new Error(`SignatureCertChainUrl is not on ${CERT_HOST}`);
  if (!url.pathname.startsWith(CERT_PATH_PREFIX)) throw new Error(`SignatureCertChainUrl is not under ${CERT_PATH_PREFIX}`);
  if (url.port !== '') throw new Error('SignatureCertChainUrl is not on port 443');
  return url.href;
}

function header(headers: IncomingHttpHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

interface SigningCertificate {
  key: KeyObject;
  notBefore: Date;
  notAfter: Date;
}

function withinValidity(certificate: { notBefore: Date; notAfter: Date }, now: Date): boolean {
  return certificate.notBefore <= now && now <= certificate.notAfter;
}

/**
 * Checks the `Signature-256` header: the certificate URL, the chain behind it (leaf in date, its subject
 * alternative names holding echo-api.amazon.com, every certificate signed up to a trusted root, by node-forge
 * as the SDK does), then the RSA-SHA256 signature over the raw body.
 *
 * The SDK's SkillRequestSignatureVerifier does the same but always downloads the chain and always trusts
 * Node's roots, both in private methods; this one takes a CertificateSource, so tests use their own CA and
 * nothing touches the network. Validated chains are cached by URL and their dates checked on every request.
 */
export class SignatureVerifier implements Verifier {
  private readonly cache = new Map<string, SigningCertificate>();
  private caStore: pki.CAStore | undefined;

  constructor(private readonly certificates: CertificateSource = amazonCertificates) {}

  async verify(body: string, headers?: IncomingHttpHeaders): Promise<void> {
    const certificateUrl = header(headers, CERT_URL_HEADER);
    const signature = header(headers, SIGNATURE_HEADER);
    if (!certificateUrl) throw new Error('the request has no SignatureCertChainUrl header');
    if (!signature) throw new Error('the request has no Signature-256 header');
    if (typeof body !== 'string') throw new Error('the request has no body');
    const { key } = await this.signingCertificate(checkCertificateUrl(certificateUrl));
    if (!verifySignature('sha256', Buffer.from(body, 'utf8'), key, Buffer.from(signature, 'base64'))) {
      throw new Error('the Signature-256 header does not match the request body');
    }
  }

  private async signingCertificate(url: string): Promise<SigningCertificate> {
    const now = new Date();
    const cached = this.cache.get(url);
    if (cached && withinValidity(cached, now)) return cached;
    this.cache.delete(url);
    const certificate = this.validate(await this.certificates.load(url), now);
    if (this.cache.size >= CACHED_CHAINS) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(url, certificate);
    return certificate;
  }

  private validate(pem: string, now: Date): SigningCertificate {
    const blocks = pem.match(PEM_CERTIFICATE) ?? [];
    if (blocks.length === 0) throw new Error('the signing certificate chain holds no certificate');
    let chain: pki.Certificate[];
    try {
      chain = blocks.map((block) => pki.certificateFromPem(block));
    } catch {
      throw new Error('the signing certificate chain cannot be read');
    }
    const leaf = chain[0]!;
    if (!withinValidity(leaf.validity, now)) throw new Error('the signing certificate has expired or is not yet valid');
    const altNames = (leaf.getExtension('subjectAltName') as { altNames?: { type: number; value: string }[] } | undefined)
      ?.altNames;
    if (!altNames?.some((name) => name.type === DNS_NAME && name.value.toLowerCase() === ALEXA_DOMAIN)) {
      throw new Error(`the signing certificate is not for ${ALEXA_DOMAIN}`);
    }
    try {
      pki.verifyCertificateChain(this.trustedStore(), chain, { validityCheckDate: now });
    } catch (error: unknown) {
      const reason = (error as { message?: unknown } | undefined)?.message;
      throw new Error(`the signing certificate chain is not trusted${typeof reason === 'string' ? `: ${reason}` : ''}`);
    }
    return { key: new X509Certificate(blocks[0]!).publicKey, notBefore: leaf.validity.notBefore, notAfter: leaf.validity.notAfter };
  }

  /** Built once, on first use: node-forge reads RSA roots only and skips the others, as the SDK does. */
  private trustedStore(): pki.CAStore {
    if (!this.caStore) {
      const store = pki.createCaStore([]);
      for (const root of this.certificates.trustedRoots) {
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

/** The production checks: timestamp, then signature (the cheaper first, so a stale request downloads nothing). */
export function alexaVerifiers(certificates: CertificateSource = amazonCertificates): Verifier[] {
  return [new RequestTimestampVerifier(), new SignatureVerifier(certificates)];
}
