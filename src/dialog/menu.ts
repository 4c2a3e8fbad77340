import type { Outcome } from '../rules';

/** What the listener can hear after the first outcome response, offered one at a time in this order. */
export type MenuItem = { kind: 'tonight' } | { kind: 'more'; cause: string } | { kind: 'others' } | { kind: 'reminder'; days: number };

/** The most layers an outcome can have: one of each kind. */
export const MAX_MENU_ITEMS = 4;

/**
 * The layers of an outcome (progressive disclosure): what to try tonight beyond the one thing already said,
 * more about the likeliest cause, the other possible causes, and last a reminder to check on the leg.
 */
export function outcomeMenu(outcome: Outcome): MenuItem[] {
  const [likeliest, ...others] = outcome.causes;
  return [
    ...(outcome.advice.length > 1 ? [{ kind: 'tonight' } as const] : []),
    ...(likeliest ? [{ kind: 'more', cause: likeliest } as const] : []),
    ...(others.length > 0 ? [{ kind: 'others' } as const] : []),
    ...(outcome.reminderDays ? [{ kind: 'reminder', days: outcome.reminderDays } as const] : []),
  ];
}
