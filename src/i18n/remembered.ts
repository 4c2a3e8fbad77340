import type { TFunction } from 'i18next';

/** What our resources interpolate: a context (the leg side), a cause id, a plural count, a total, a joined list. */
// A type, not an interface: i18next's options take only what has an index signature.
// eslint-disable-next-line @typescript-eslint/consistent-type-definitions
export type TranslateOptions = {
  context?: string | undefined;
  cause?: string | undefined;
  count?: number;
  total?: number;
  list?: string;
};

export type Translate = (key: string, options?: TranslateOptions) => string;

/** Cached translations are finite (keys by causes by sides); the cap only guards against a surprise. */
const MAX_CACHED = 10_000;

/**
 * i18next's t, remembered: the same key and values always give the same text, and resolving keys, nesting and
 * plurals is most of the work of a warm request. Every option is part of what a text is remembered by, each in its
 * own place (a list holding a "|" cannot pass for a context and a cause).
 */
export function remembered(fixedT: TFunction, limit = MAX_CACHED): Translate {
  const cache = new Map<string, string>();
  return (key, options) => {
    const id = options ? JSON.stringify([key, options.context, options.cause, options.count, options.total, options.list]) : key;
    let text = cache.get(id);
    if (text === undefined) {
      text = options ? fixedT(key, options) : fixedT(key);
      if (cache.size < limit) cache.set(id, text);
    }
    return text;
  };
}
