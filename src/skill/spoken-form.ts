/**
 * Lower case, punctuation gone (apostrophes kept, and the vowel signs of Devanagari or Arabic), single spaces: how
 * what was said is compared with the interaction model's samples and slot values, by the can-fulfill answer and by
 * the local console.
 */
export function spokenForm(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}' ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
