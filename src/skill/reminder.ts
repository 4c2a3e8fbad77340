import type { RequestEnvelope, interfaces } from 'ask-sdk-model';
import { reminderTurn, type Effect, type ReminderOutcome, type Turn } from '../dialog/conversation';
import { once } from '../once';
import { LEVELS, rules } from '../rules';
import { zod } from '../zod';
import type { Translator } from '../i18n';
import { createFollowUpReminder, mayCreateReminders, REMINDERS_SCOPE } from '../reminders/create';

/** What the adapter adds to a turn: a directive to send, whether to show the permission card, what to log. */
export interface ReminderStep {
  turn?: Turn;
  directive?: interfaces.connections.SendRequestDirective;
  consentCard: boolean;
  log: 'asked' | ReminderOutcome;
}

/** The reminder the listener accepted travels through Alexa's consent question in the directive's token. */
const schemas = once(() => {
  const z = zod();
  return {
    token: z.pipe(
      z.string().check(z.regex(/^reminder\|\d{1,2}\|[a-z]+$/)),
      z.transform((token) => {
        const [, days, level] = token.split('|');
        return { days: Number(days), level };
      }),
    ),
    effect: z.object({ days: z.int(), level: z.enum(LEVELS) }),
  };
});

const tokenOf = (effect: Effect) => `reminder|${effect.days}|${effect.level}`;

function effectFrom(token: unknown): Effect | undefined {
  const parsed = schemas().token.safeParse(token);
  if (!parsed.success) return undefined;
  const effect = schemas().effect.safeParse(parsed.data);
  // Only the reminder an outcome of that level offers: a forged token gets nothing created.
  const offered = effect.success && rules.outcomes[effect.data.level].reminderDays === effect.data.days;
  return offered && effect.success ? { type: 'reminder', ...effect.data } : undefined;
}

async function create(envelope: RequestEnvelope, effect: Effect, translator: Translator): Promise<ReminderStep> {
  const result = await createFollowUpReminder(envelope, {
    days: effect.days,
    text: translator.t('reminder.text', { context: effect.level }),
  });
  return { turn: reminderTurn(result, effect), consentCard: result === 'noPermission', log: result };
}

/**
 * The listener said yes to the reminder: with the permission, create it now; without, ask for it by voice
 * (Connections.SendRequest AskFor), and Alexa comes back with a Connections.Response.
 */
export async function acceptReminder(envelope: RequestEnvelope, effect: Effect, translator: Translator): Promise<ReminderStep> {
  if (mayCreateReminders(envelope)) return create(envelope, effect, translator);
  return {
    directive: {
      type: 'Connections.SendRequest',
      name: 'AskFor',
      payload: { '@type': 'AskForPermissionsConsentRequest', '@version': '1', permissionScope: REMINDERS_SCOPE },
      token: tokenOf(effect),
    },
    consentCard: false,
    log: 'asked',
  };
}

/**
 * Alexa's answer to the consent question: accepted, create the reminder; denied, say so; not answered, or voice
 * consent not available on this device, leave the permission card in the Alexa app instead.
 */
export async function consentAnswered(
  envelope: RequestEnvelope,
  request: interfaces.connections.ConnectionsResponse,
  translator: Translator,
): Promise<ReminderStep | undefined> {
  const effect = effectFrom(request.token);
  if (request.name !== 'AskFor' || !effect) return undefined;
  const answer = (request.payload as { status?: unknown } | undefined)?.status;
  if (request.status?.code === '200' && answer === 'ACCEPTED') return create(envelope, effect, translator);
  if (request.status?.code === '200' && answer === 'DENIED')
    return { turn: reminderTurn('denied', effect), consentCard: false, log: 'denied' };
  return { turn: reminderTurn('card', effect), consentCard: true, log: 'card' };
}

export { REMINDERS_SCOPE };
