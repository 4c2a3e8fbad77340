import type { IntentRequest, slu } from 'ask-sdk-model';

type Resolution = slu.entityresolution.Resolution;

/**
 * The id an entity-resolved slot matched: undefined when the slot was not spoken,
 * 'unknown' when it was spoken but matched none of our values.
 */
export function resolvedSlotId(request: IntentRequest, slotName: string): string | undefined {
  const slot = request.intent?.slots?.[slotName];
  if (!slot || typeof slot.value !== 'string' || slot.value.trim() === '') return undefined;
  // A forged request may send anything in place of the list.
  const authorities: unknown = slot.resolutions?.resolutionsPerAuthority;
  for (const authority of Array.isArray(authorities) ? (authorities as Resolution[]) : []) {
    if (authority?.status?.code !== 'ER_SUCCESS_MATCH') continue;
    const id = authority.values?.[0]?.value?.id;
    if (typeof id === 'string') return id;
  }
  return 'unknown';
}
