import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import {
  alexaVerifiers,
  amazonCertificates,
  DEFAULT_LIMITS,
  SigningCertificates,
  type ChainStore,
  type RequestVerifier,
  type StoredChain,
} from './verify';

/**
 * The certificate cache file (`node dist/server.js --cert-cache <path>`): Amazon's good signing chains, kept across
 * restarts so that a restarted server answers Alexa at once, without a download a junk flood could starve. It holds
 * public certificates only, as JSON: `{"format": FORMAT, "version": 1, "chains": [{"url", "pem"}]}`. Nothing read from
 * it is trusted: SigningCertificates validates each chain again, in full, when it loads them (docs/certificate-cache.md).
 */
export const FORMAT = 'leg-pain-guide certificate cache';
const VERSION = 1;
/** Four chains of a few KB each: a larger file is not one this server wrote, and is not read. */
const MAX_FILE_BYTES = 1024 * 1024;

function isStoredChain(value: unknown): value is StoredChain {
  const entry = value as Partial<StoredChain> | null;
  return typeof entry?.url === 'string' && typeof entry.pem === 'string';
}

/** The chains of a cache file's text; [] for anything that is not a cache file of this version. */
function parse(text: string): StoredChain[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON: nothing parsed, nothing restored.
  }
  const file = parsed as { format?: unknown; version?: unknown; chains?: unknown } | null;
  if (file?.format !== FORMAT || file.version !== VERSION || !Array.isArray(file.chains)) return [];
  return file.chains.filter(isStoredChain);
}

/** The error's code (ENOENT, EACCES…), the only thing about a failed write that is logged. */
function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'unknown';
}

/**
 * A ChainStore in one file. Each save writes a new file beside it (created exclusively, synced) and renames it over
 * the old one, so a reader or a crash sees the old file or the new one, never half of one. Saves run one after the
 * other; a failed one is reported by its error code and leaves the old file as it was.
 */
export class CertificateCacheFile implements ChainStore {
  private writing: Promise<void> = Promise.resolve();

  constructor(
    readonly path: string,
    private readonly onError: (code: string) => void = () => undefined,
  ) {}

  load(): StoredChain[] {
    try {
      if (statSync(this.path).size > MAX_FILE_BYTES) return [];
      return parse(readFileSync(this.path, 'utf8'));
    } catch {
      return [];
    }
  }

  save(chains: readonly StoredChain[]): void {
    const text = `${JSON.stringify({ format: FORMAT, version: VERSION, chains }, null, 2)}\n`;
    this.writing = this.writing.then(() => this.write(text)).catch((error: unknown) => this.onError(codeOf(error)));
  }

  /** Settles once every save asked for so far has been written or has failed. */
  flushed(): Promise<void> {
    return this.writing;
  }

  private async write(text: string): Promise<void> {
    // Saves run one at a time, and a failed one removes its file: the process id alone keeps the name apart.
    const temporary = `${this.path}.${process.pid}.tmp`;
    try {
      const file = await open(temporary, 'wx', 0o644);
      try {
        await file.writeFile(text);
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temporary, this.path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }
}

/** The cache file at `path`, whose directory must exist and be writable: said at start rather than at the first save. */
export function openCertificateCache(path: string, onError: (code: string) => void): CertificateCacheFile {
  const directory = dirname(resolve(path));
  try {
    accessSync(directory, constants.W_OK);
  } catch (error) {
    throw new Error(`--cert-cache: cannot write in ${directory} (${codeOf(error)})`, { cause: error });
  }
  return new CertificateCacheFile(path, onError);
}

/**
 * The production verifiers, with Amazon's chains restored from the cache file at `path` and saved to it. Logs one line
 * saying how many chains were restored, and one per failed save with its error code; nothing a request held.
 */
export function cachedAlexaVerifiers(path: string, log: (line: string) => void = (line) => console.log(line)): RequestVerifier[] {
  const store = openCertificateCache(path, (code) => log(JSON.stringify({ level: 'warn', message: 'certificate cache not saved', code })));
  const certificates = new SigningCertificates(amazonCertificates, DEFAULT_LIMITS, Date.now, store);
  log(JSON.stringify({ level: 'info', message: 'certificate cache', restored: certificates.restored }));
  return alexaVerifiers(certificates);
}
