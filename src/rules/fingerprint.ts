/** FNV-1a, 32 bits, as hex: a fast fingerprint of a text (not a defence against tampering, a check for mistakes). */
export function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/**
 * The rules validated at build time, as the bundle carries them: read only if the text is the text that was
 * validated (a bundle patched or damaged after the build fails at load, as bad data fails validation).
 */
export function loadValidated<T>(json: string, expected: string): T {
  const found = fingerprint(json);
  if (found !== expected) throw new Error(`The bundled rules are not the rules validated at build (${found}, expected ${expected})`);
  return JSON.parse(json) as T;
}
