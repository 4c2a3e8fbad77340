/** Urgency levels, lowest acuity first (CLINICAL.md: urgency levels). */
export const LEVELS = ['selfcare', 'soon', 'urgent', 'emergency'] as const;
export type Level = (typeof LEVELS)[number];

export const ANSWERS = ['yes', 'no', 'unsure'] as const;
export type Answer = (typeof ANSWERS)[number];

export function acuity(level: Level): number {
  return LEVELS.indexOf(level);
}

export function higher(a: Level, b: Level): Level {
  return acuity(a) >= acuity(b) ? a : b;
}
