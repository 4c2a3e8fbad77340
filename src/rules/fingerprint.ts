/** Characters apart that the fingerprint reads: enough to catch a damaged or hand-edited text, at no cost to notice. */
const STRIDE = 7;

/**
 * FNV-1a (32 bits, as hex) over a text's length and every seventh character: a check for mistakes (a bundle
 * damaged, or its rules edited by hand after the build), not a defence against tampering. Hashing every character
 * of the rules cost 0.7 ms of each cold start; this costs a tenth of that, and any edit that changes the length,
 * as changing a level or an id does, is caught whichever characters it touches.
 */
export function fingerprint(text: string): string {
  let hash = 0x811c9dc5 ^ text.length;
  for (let i = 0; i < text.length; i += STRIDE) {
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
