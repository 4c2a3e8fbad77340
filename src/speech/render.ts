import type { Act, Turn } from '../dialog/conversation';
import type { Translator } from '../i18n';
import type { Outcome } from '../rules';

export interface Card {
  title: string;
  content: string;
}

export interface Rendered {
  /** SSML body, without the <speak> wrapper; empty when nothing is said. */
  speech: string;
  /** Present whenever the session stays open. */
  reprompt?: string;
  card?: Card;
}

/** Turns a turn's acts into speech, reprompt and card in the listener's language. */
export function render(turn: Turn, translator: Translator): Rendered {
  const speech = turn.acts.map((act) => say(act, translator)).join(' ');
  const last = turn.acts.at(-1);
  const reprompt = turn.end || !last ? undefined : repromptFor(last, translator);
  if (!turn.end && reprompt === undefined) throw new Error(`An open session needs a question to end on, not "${last?.type}"`);
  const card = turn.acts.map((act) => cardFor(act, translator)).find((c) => c !== undefined);
  return { speech, ...(reprompt ? { reprompt } : {}), ...(card ? { card } : {}) };
}

function say(act: Act, tr: Translator): string {
  const { t } = tr;
  switch (act.type) {
    case 'welcome':
      return act.oneShot ? t('launch.oneShot', { context: act.side }) : t('launch.welcome');
    case 'disclaimer':
      return t('launch.disclaimer');
    case 'intro':
      return t('launch.intro');
    case 'idleHelp':
      return t('help.idle');
    case 'nothingPending':
      return t('help.nothingPending');
    case 'nothingToRepeat':
      return t('repeat.nothing');
    case 'stateLost':
      return t('stateLost');
    case 'startOver':
      return t('startOver');
    case 'back':
      return act.atStart ? t('back.atStart') : t('back.lead');
    case 'ack':
      return act.counted ? t('answer.unsureCounted') : act.answer === 'unsure' ? t('answer.unsureNoted') : t('answer.ack');
    case 'questionHelp':
      return `${t(`question.${act.question}.help`)} ${t('help.question')}`;
    case 'fallback':
      return t(act.misses <= 1 ? 'fallback.first' : act.misses === 2 ? 'fallback.second' : 'fallback.more');
    case 'resume':
      return t('resume');
    case 'ask':
      return t(`question.${act.question}.ask`);
    case 'emergency':
      return [
        t(act.unsure ? 'emergency.callUnsure' : 'emergency.call'),
        t('emergency.phone'),
        t('emergency.why', { cause: act.outcome.causes[0] }),
      ].join(' ');
    case 'outcome':
      return outcomeSpeech(act.outcome, tr);
    case 'outcomeHelp':
      return t('help.outcome', { cause: act.cause });
    case 'offer':
      return t(act.next ? 'outcome.offerNext' : 'outcome.offer', { cause: act.cause });
    case 'more':
      return t(`cause.${act.cause}.more`);
    case 'unknownCause':
      return t('more.unknown', { list: tr.list(act.known.map((c) => t(`cause.${c}.name`))) });
    case 'openAgain':
      return t('more.openAgain');
    case 'goodbye':
      return t('goodbye');
    case 'error':
      return t('error');
  }
}

function outcomeSpeech(outcome: Outcome, tr: Translator): string {
  const { t } = tr;
  const parts = [
    t(`outcome.headline.${outcome.level}`),
    t('outcome.causes', { count: outcome.causes.length, list: tr.list(outcome.causes.map((c) => t(`cause.${c}.name`))) }),
    ...outcome.causes.map((c) => t(`cause.${c}.summary`)),
  ];
  if (outcome.advice.length > 0) {
    parts.push(t('outcome.adviceLead'), ...outcome.advice.map((a) => t(`advice.${a}`)));
  }
  parts.push(t(`outcome.seekHelp.${outcome.level}`), t('outcome.emergencyNet'));
  return parts.join(' ');
}

function repromptFor(act: Act, { t }: Translator): string | undefined {
  if (act.type === 'ask') return t(`question.${act.question}.reprompt`);
  if (act.type === 'offer') return t('outcome.offerReprompt', { cause: act.cause });
  return undefined;
}

function cardFor(act: Act, tr: Translator): Card | undefined {
  const { t } = tr;
  if (act.type === 'emergency') {
    return {
      title: plain(t('emergency.call')),
      content: lines([
        t('emergency.phone'),
        t('emergency.why', { cause: act.outcome.causes[0] }),
        t('card.numbers'),
        t('card.disclaimer'),
      ]),
    };
  }
  if (act.type !== 'outcome') return undefined;
  const { outcome } = act;
  const sections = [
    t(`outcome.headline.${outcome.level}`),
    `${t('card.causesTitle')}:\n${outcome.causes.map((c) => `- ${t(`cause.${c}.summary`)}`).join('\n')}`,
    ...(outcome.advice.length > 0
      ? [`${t('card.adviceTitle')}:\n${outcome.advice.map((a) => `- ${t(`advice.${a}`)}`).join('\n')}`]
      : []),
    `${t('card.helpTitle')}:\n${t(`outcome.seekHelp.${outcome.level}`)} ${t('outcome.emergencyNet')}`,
    t('card.numbers'),
    t('card.disclaimer'),
  ];
  return { title: t('card.title'), content: plain(sections.join('\n\n')) };
}

function lines(items: string[]): string {
  return plain(items.join('\n'));
}

/** Cards show text, not SSML: the say-as tags around numbers go, their digits stay. */
function plain(ssml: string): string {
  return ssml.replace(/<[^>]+>/g, '');
}
