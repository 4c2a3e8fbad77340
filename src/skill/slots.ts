import type { IntentRequest, Slot, slu } from 'ask-sdk-model';

type Resolution = slu.entityresolution.Resolution;

/** Alexa's entity resolutions of a slot, one per authority: a list, whatever a forged request sends in its place. */
export function resolutionsOf(slot: Slot): Resolution[] {
  const authorities: unknown = slot.resolutions?.resolutionsPerAuthority;
  return Array.isArray(authorities) ? (authorities as Resolution[]) : [];
}

/** The id the first authority that matched resolved the slot to; 'unknown' when none did. */
export function matchedId(slot: Slot): string {
  for (const authority of resolutionsOf(slot)) {
    if (authority?.status?.code !== 'ER_SUCCESS_MATCH') continue;
    const id = authority.values?.[0]?.value?.id;
    if (typeof id === 'string') return id;
  }
  return 'unknown';
}

/**
 * The id an entity-resolved slot matched: undefined when the slot was not spoken,
 * 'unknown' when it was spoken but matched none of our values.
 */
export function resolvedSlotId(request: IntentRequest, slotName: string): string | undefined {
  const slot = request.intent?.slots?.[slotName];
  if (!slot || typeof slot.value !== 'string' || slot.value.trim() === '') return undefined;
  return matchedId(slot);
}
