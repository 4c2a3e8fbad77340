/**
 * Why a request was refused: a short code from this fixed list, the only thing a refusal logs. The client is
 * told no more than "400 Bad Request"; what it sent is never repeated or logged.
 */
export const REFUSAL_REASONS = [
  'no-body',
  'not-utf8',
  'not-json',
  'not-envelope',
  'no-skill-id',
  'other-skill',
  'bad-timestamp',
  'stale',
  'from-the-future',
  'no-cert-url',
  'no-signature',
  'bad-signature-format',
  'bad-cert-url',
  'cert-unavailable',
  'cert-downloads-exhausted',
  'cert-unreadable',
  'cert-expired',
  'cert-wrong-name',
  'cert-untrusted',
  'bad-signature',
  'no-request-id',
  'replayed',
] as const;

export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export class Refusal extends Error {
  constructor(readonly reason: RefusalReason) {
    super(reason);
    this.name = 'Refusal';
  }
}
