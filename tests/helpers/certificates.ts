import { createSign, generateKeyPairSync } from 'node:crypto';
import { md, pki } from 'node-forge';

/**
 * A test CA and certificates made on the spot, for the server tests and the flood bench: nothing is downloaded
 * from s3.amazonaws.com, and no real key is needed.
 */
export const HOUR = 3_600_000;
export const ALEXA = 'echo-api.amazon.com';
export const CERT_URL = 'https://s3.amazonaws.com/echo.api/echo-api-cert-12.pem';

export function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  return { pem: privateKey, forgePrivate: pki.privateKeyFromPem(privateKey), forgePublic: pki.publicKeyFromPem(publicKey) };
}
export type KeyPair = ReturnType<typeof keyPair>;

let serial = 1;
export function certificate(options: {
  name: string;
  key: KeyPair;
  issuer?: { name: string; key: KeyPair };
  ca?: boolean;
  dnsNames?: string[];
  /** Subject alternative names of any GeneralName type (2 is a DNS name, 6 a URI, 1 an email address); replaces `dnsNames`. */
  altNames?: { type: number; value: string }[];
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
          { name: 'subjectAltName', altNames: options.altNames ?? (options.dnsNames ?? []).map((value) => ({ type: 2, value })) },
        ],
  );
  cert.sign((options.issuer ?? options).key.forgePrivate, md.sha256.create());
  return pki.certificateToPem(cert);
}

export function sign(body: string | Buffer, key: KeyPair): string {
  return createSign('RSA-SHA256').update(body).sign(key.pem, 'base64');
}

/** A test CA, Alexa's signing chain under it, and a certificate for a local stand-in of s3.amazonaws.com. */
export function testAuthority() {
  const caKey = keyPair();
  const ca = { name: 'Test Root CA', key: caKey };
  const caPem = certificate({ ...ca, ca: true });
  const signingKey = keyPair();
  const signingChain = certificate({ name: ALEXA, key: signingKey, issuer: ca, dnsNames: ['echo-api.example.com', ALEXA] }) + caPem;
  const s3Key = keyPair();
  const s3Pem = certificate({ name: 's3.amazonaws.com', key: s3Key, issuer: ca, dnsNames: ['s3.amazonaws.com'] });
  return { ca, caPem, signingKey, signingChain, s3Key, s3Pem };
}
