import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { isAbsolute, relative } from 'node:path';

/** What the log says of an error: its kind, its message with nothing the listener said, and where it was thrown. */
export interface ErrorReport {
  error: string;
  errorMessage?: string;
  errorAt?: string;
}

const MESSAGE_LIMIT = 200;
const HIDDEN = '…';
/** Bounds the scrubbing work on a hostile request: an error path must not become the slow path. */
const MAX_SCRUBBED_STRINGS = 400;

const SSML = /<speak[\s\S]*?(<\/speak>|$)|<[^>]*>[^<]*/gi;
const QUOTED = /"[^"]*"|'[^']*'|`[^`]*`|«[^»]*»|“[^”]*”|„[^“”]*[“”]/g;

/** Every string a request carries (slot values, touch arguments, session answers), longest first. */
function stringsIn(value: unknown, found = new Set<string>(), depth = 0): Set<string> {
  if (found.size >= MAX_SCRUBBED_STRINGS || depth > 8) return found;
  if (typeof value === 'string') {
    if (value.trim().length > 0) found.add(value.trim());
  } else if (Array.isArray(value)) {
    for (const item of value) stringsIn(item, found, depth + 1);
  } else if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) stringsIn(item, found, depth + 1);
  }
  return found;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * An error's message fit for the log: quoted text (where JSON.parse, zod or a TypeError would echo input) and every
 * string the request carried are hidden, then it is capped. A short string (an answer like "no") is hidden only
 * as a whole word, so the rest of the message stays readable.
 */
export function scrubMessage(message: string, request: unknown): string {
  // Speech Alexa echoes in its own error messages: an SSML document, or any tag and what follows it.
  let text = message.replace(SSML, HIDDEN).replace(QUOTED, `"${HIDDEN}"`);
  const strings = [...stringsIn(request)].sort((a, b) => b.length - a.length);
  for (const secret of strings) {
    const pattern = secret.length >= 3 ? escapeRegExp(secret) : `(?<![\\p{L}\\p{N}])${escapeRegExp(secret)}(?![\\p{L}\\p{N}])`;
    text = text.replace(new RegExp(pattern, 'giu'), HIDDEN);
  }
  text = text.replace(/\s+/g, ' ').trim();
  return text.length > MESSAGE_LIMIT ? `${text.slice(0, MESSAGE_LIMIT - 1)}${HIDDEN}` : text;
}

/** A bundle's source map, read the first time an error is thrown from it (null: it has none). */
const sourceMaps = new Map<string, SourceMap | null>();

function sourceMapFor(file: string): SourceMap | null {
  let map = sourceMaps.get(file);
  if (map === undefined) {
    try {
      map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')) as ConstructorParameters<typeof SourceMap>[0]);
    } catch {
      map = null;
    }
    sourceMaps.set(file, map);
  }
  return map;
}

/** A source path as the repository names it: `src/skill/handlers.ts`, `node_modules/ask-sdk-core/…`. */
function repositoryPath(source: string): string {
  const path = source.replace(/^file:\/\//, '');
  if (!isAbsolute(path)) return path.replace(/^(\.\.?\/)+/, '');
  const fromHere = relative(process.cwd(), path);
  return fromHere.startsWith('..') ? path : fromHere;
}

const FRAME = /^\s*at (?:.*? \()?(.+?):(\d+):(\d+)\)?$/;
/** The skill's own code, where a fix would go: not a library's or Node's. */
const OWN_CODE = /^(src|lambda)\//;

/** One stack frame as `file:line` in the source the bundle was built from when its map is beside it. */
function frameAt(frame: string): string | undefined {
  const match = FRAME.exec(frame);
  if (!match) return undefined;
  const [, file = '', line = '', column = ''] = match;
  const entry = sourceMapFor(file.replace(/^file:\/\//, ''))?.findEntry(Number(line) - 1, Number(column) - 1);
  if (entry && 'originalSource' in entry && entry.originalSource)
    return `${repositoryPath(entry.originalSource)}:${entry.originalLine + 1}`;
  // No map: the column too, which is what places a throw in a minified line.
  return `${repositoryPath(file)}:${line}:${column}`;
}

/** Where the error was thrown: the innermost frame in the skill's own code, else the innermost frame. */
export function thrownAt(stack: string | undefined): string | undefined {
  const frames = (stack ?? '').split('\n').flatMap((line) => frameAt(line) ?? []);
  return frames.find((frame) => OWN_CODE.test(frame)) ?? frames[0];
}

/** The error, for the log line: `hidden` are further words never to log (the rules' question and cause names). */
export function reportError(error: unknown, request: unknown, hidden: readonly string[]): ErrorReport {
  if (!(error instanceof Error)) return { error: typeof error };
  const errorMessage = scrubMessage(String(error.message), [request, hidden]);
  const errorAt = thrownAt(error.stack);
  return { error: error.name || 'Error', ...(errorMessage ? { errorMessage } : {}), ...(errorAt ? { errorAt } : {}) };
}
