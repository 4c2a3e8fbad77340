// The self-hosted server as the flood bench runs it: real verification, a real HTTPS download of the chain from a
// local stand-in of s3.amazonaws.com (a test CA), so that every certificate download can be counted.
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createAlexaServer, createApp } from '../src/server/app';
import { httpsCertificates, SignatureVerifier, SigningCertificates, TimestampVerifier } from '../src/server/verify';
import { setLogSink } from '../src/skill/log';
import { testAuthority } from '../tests/helpers/certificates';

export interface FloodStats {
  s3Hits: Record<string, number>;
  downloads: number;
  rssMb: number;
  /** Heap in use after a full garbage collection: what the server still holds. */
  heapMb: number;
}

const authority = testAuthority();
const hits: Record<string, number> = {};
setLogSink(() => undefined);

const s3 = createHttpsServer({ key: authority.s3Key.pem, cert: authority.s3Pem }, (req, res) => {
  const path = req.url ?? '';
  hits[path] = (hits[path] ?? 0) + 1;
  if (path === '/echo.api/echo-api-cert-12.pem') res.end(authority.signingChain);
  else res.writeHead(404).end();
});

s3.listen(0, '127.0.0.1', () => {
  const connectTo = { host: '127.0.0.1', port: (s3.address() as AddressInfo).port };
  const certificates = new SigningCertificates(httpsCertificates({ connectTo, ca: authority.caPem }, [authority.caPem]));
  const app = createApp({
    skillId: 'amzn1.ask.skill.local-console',
    verifiers: [new TimestampVerifier(), new SignatureVerifier(certificates)],
  });
  const server = createAlexaServer(app);
  server.listen(0, '127.0.0.1', () => {
    process.send!({ port: (server.address() as AddressInfo).port, signingKey: authority.signingKey.pem });
  });
  process.on('message', (message) => {
    if (message === 'stats') {
      (globalThis as { gc?: () => void }).gc?.();
      const memory = process.memoryUsage();
      const stats: FloodStats = {
        s3Hits: { ...hits },
        downloads: certificates.downloadCount,
        rssMb: memory.rss / 1e6,
        heapMb: memory.heapUsed / 1e6,
      };
      process.send!(stats);
    }
  });
});
