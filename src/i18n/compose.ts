/** Resources as written: keys nested down to strings. */
export interface ResourceTree {
  [key: string]: string | ResourceTree;
}

/** A nesting whose key has no placeholder (`$t(number.emergency)`), so its text is known before any request. */
const STATIC_NESTING = /\$t\(([^(){}]+)\)/g;

function overlaid(base: ResourceTree, overlay: ResourceTree): ResourceTree {
  const out: ResourceTree = { ...base };
  for (const [key, value] of Object.entries(overlay)) {
    const under = out[key];
    out[key] = typeof value === 'object' && typeof under === 'object' ? overlaid(under, value) : value;
  }
  return out;
}

/**
 * The resources a locale speaks with, as one tree: its language's, with the locale's overlay over them, and every
 * static nesting replaced by its text. A request then looks each key up once, in one place, and i18next nests only
 * what depends on the request (`$t(cause.{{cause}}.name)`). Throws on a nesting of a key that is missing or that
 * leads back to itself: i18next would speak the key's name.
 */
export function composeResources(language: ResourceTree, overlay: ResourceTree = {}): ResourceTree {
  const tree = overlaid(language, overlay);

  const lookup = (path: string): unknown => path.split('.').reduce<unknown>((node, key) => (node as ResourceTree | undefined)?.[key], tree);

  const resolve = (text: string, seen: readonly string[]): string =>
    text.replace(STATIC_NESTING, (_, path: string) => {
      const target = lookup(path);
      if (typeof target !== 'string') throw new Error(`"$t(${path})" nests a key that is not a string`);
      if (seen.includes(path)) throw new Error(`"$t(${path})" nests itself: ${[...seen, path].join(' → ')}`);
      return resolve(target, [...seen, path]);
    });

  const resolved = (node: ResourceTree): ResourceTree =>
    Object.fromEntries(Object.entries(node).map(([key, value]) => [key, typeof value === 'string' ? resolve(value, []) : resolved(value)]));

  return resolved(tree);
}
