// The self-hosted server as the flood bench runs it: real verification, a real HTTPS download of the chain from a
// local stand-in of s3.amazonaws.com (a test CA), so that every certificate download can be counted. The parent
// sends the configuration (the test authority, the paths that hold the chain) as the first IPC message.
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createAlexaServer, createApp, DEFAULT_SERVER_LIMITS, type ServerLimits } from '../src/server/app';
import { CertificateCacheFile } from '../src/server/certificate-cache';
import { alexaVerifiers, DEFAULT_LIMITS, httpsCertificates, SigningCertificates } from '../src/server/verify';
import { setLogSink } from '../src/skill/log';

/** The test authority as PEM text, so that two server processes (a restart) trust and serve the same chain. */
export interface BenchAuthority {
  caPem: string;
  signingChain: string;
  signingKeyPem: string;
  s3KeyPem: string;
  s3Pem: string;
}

export interface FloodServerConfig {
  authority: BenchAuthority;
  /** The paths under which the stand-in of S3 serves the signing chain; any other path is a 404. */
  chainPaths: string[];
  /** The certificate cache file (the server's --cert-cache), if any. */
  certCache?: string;
  /** Server limits other than the defaults; by default one client (loopback) is given the whole connection cap. */
  limits?: Partial<ServerLimits>;
}

export interface FloodStats {
  s3Hits: Record<string, number>;
  downloads: number;
  /** Refusals by reason code, as the server would log them. */
  refusals: Record<string, number>;
  rssMb: number;
  /** Heap in use after a full garbage collection: what the server still holds. */
  heapMb: number;
}

const hits: Record<string, number> = {};
const refusals: Record<string, number> = {};
setLogSink((line) => {
  const { reason } = JSON.parse(line) as { reason?: string };
  if (reason !== undefined) refusals[reason] = (refusals[reason] ?? 0) + 1;
});

function start({ authority, chainPaths, certCache, limits }: FloodServerConfig): void {
  const s3 = createHttpsServer({ key: authority.s3KeyPem, cert: authority.s3Pem }, (req, res) => {
    const path = req.url ?? '';
    hits[path] = (hits[path] ?? 0) + 1;
    if (chainPaths.includes(path)) res.end(authority.signingChain);
    else res.writeHead(404).end();
  });
  s3.listen(0, '127.0.0.1', () => {
    const connectTo = { host: '127.0.0.1', port: (s3.address() as AddressInfo).port };
    const store = certCache === undefined ? undefined : new CertificateCacheFile(certCache);
    const source = httpsCertificates({ connectTo, ca: authority.caPem }, [authority.caPem]);
    const certificates = new SigningCertificates(source, DEFAULT_LIMITS, Date.now, store);
    // The production checks: timestamp, signature, replay.
    const app = createApp({ skillId: 'amzn1.ask.skill.local-console', verifiers: alexaVerifiers(certificates) });
    // autocannon's 50 connections, the health poll and the signed request all come from 127.0.0.1: one client,
    // given the whole cap. The flood is about certificates; `npm run bench -- exhaust` measures the per-client share.
    const server = createAlexaServer(app, { maxConnectionsPerClient: DEFAULT_SERVER_LIMITS.maxConnections, ...limits });
    server.listen(0, '127.0.0.1', () => {
      process.send!({ port: (server.address() as AddressInfo).port });
    });
    process.on('message', (message) => {
      if (message === 'stats') {
        (globalThis as { gc?: () => void }).gc?.();
        const memory = process.memoryUsage();
        const stats: FloodStats = {
          s3Hits: { ...hits },
          downloads: certificates.downloadCount,
          refusals: { ...refusals },
          rssMb: memory.rss / 1e6,
          heapMb: memory.heapUsed / 1e6,
        };
        process.send!(stats);
      }
    });
  });
}

process.once('message', (config: FloodServerConfig) => start(config));
