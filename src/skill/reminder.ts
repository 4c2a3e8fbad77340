import type { RequestEnvelope, interfaces } from 'ask-sdk-model';
import { reminderTurn, type Effect, type ReminderOutcome, type Turn } from '../dialog/conversation';
import { once } from '../once';
import { LEVELS, rules } from '../rules';
import type { Translator } from '../i18n';
import { createFollowUpReminder, mayCreateReminders, REMINDERS_SCOPE } from '../reminders/create';

/** What the adapter adds to a turn: a directive to send, whether to show the permission card, what to log. */
export interface ReminderStep {
  turn?: Turn;
  directive?: interfaces.connections.SendRequestDirective;
  consentCard: boolean;
  log: 'asked' | ReminderOutcome;
}

const tokenOf = (effect: Effect) => `reminder|${effect.days}|${effect.level}`;

/**
 * The reminder the listener accepted travels through Alexa's consent question in the directive's token. Only a
 * reminder an outcome offers is known by its token: a forged one gets nothing created.
 */
const offeredByToken = once(() => {
  const offered = LEVELS.flatMap((level): Effect[] => {
    const days = rules.outcomes[level].reminderDays;
    return days ? [{ type: 'reminder', days, level }] : [];
  });
  return new Map<unknown, Effect>(offered.map((effect) => [tokenOf(effect), effect]));
});

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
  const effect = offeredByToken().get(request.token);
  if (request.name !== 'AskFor' || !effect) return undefined;
  const answer = (request.payload as { status?: unknown } | undefined)?.status;
  if (request.status?.code === '200' && answer === 'ACCEPTED') return create(envelope, effect, translator);
  if (request.status?.code === '200' && answer === 'DENIED')
    return { turn: reminderTurn('denied', effect), consentCard: false, log: 'denied' };
  return { turn: reminderTurn('card', effect), consentCard: true, log: 'card' };
}

export { REMINDERS_SCOPE };
