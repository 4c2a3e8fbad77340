import type { Act, Turn } from '../dialog/conversation';
import type { MenuItem } from '../dialog/menu';
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

/** How many acknowledgement variants the resources hold (answer.ack_0 …); some are empty on purpose. */
const ACK_VARIANTS = 4;

/** Turns a turn's acts into speech, reprompt and card in the listener's language. */
export function render(turn: Turn, translator: Translator): Rendered {
  const acts = withoutAckBeforeCue(turn.acts);
  const speech = acts
    .map((act) => say(act, translator))
    .filter((text) => text !== '')
    .join(' ');
  const last = acts.at(-1);
  const reprompt = turn.end || !last ? undefined : repromptFor(last, translator);
  if (!turn.end && reprompt === undefined) throw new Error(`An open session needs a question to end on, not "${last?.type}"`);
  const card = acts.map((act) => cardFor(act, translator)).find((c) => c !== undefined);
  return { speech, ...(reprompt ? { reprompt } : {}), ...(card ? { card } : {}) };
}

/** A progress cue ("Last question.") already tells the listener their answer landed: no "Okay." before it. */
function withoutAckBeforeCue(acts: readonly Act[]): Act[] {
  return acts.filter((act, i) => {
    const next = acts[i + 1];
    return !(act.type === 'ack' && !act.counted && act.answer !== 'unsure' && next?.type === 'ask' && next.cue);
  });
}

/** What one act says, as SSML. */
export function say(act: Act, tr: Translator): string {
  const { t } = tr;
  switch (act.type) {
    case 'welcome':
      return act.oneShot ? t('launch.oneShot', { context: act.side }) : t('launch.welcome');
    case 'disclaimer':
      return t('launch.disclaimer');
    case 'intro':
      return t('launch.intro', { count: act.safetyQuestions });
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
      if (act.counted) return t('answer.unsureCounted');
      return act.answer === 'unsure' ? t('answer.unsureNoted') : t(`answer.ack_${act.turn % ACK_VARIANTS}`);
    case 'noted':
      return t('noted');
    case 'clarify':
      // A question may say what counts in its own words (breathing: only new or worse than usual).
      return t(`clarify.${act.reason}`, { context: act.question });
    case 'questionHelp':
      return `${t(`question.${act.question}.help`)} ${t('help.question')}`;
    case 'describeHelp':
      return t('describe.help');
    case 'fallback':
      return t(act.misses <= 1 ? 'fallback.first' : act.misses === 2 ? 'fallback.second' : 'fallback.more');
    case 'resume':
      return t('resume');
    case 'ask': {
      const question = t(`question.${act.question}.${act.rephrase ? 'reprompt' : 'ask'}`);
      return act.cue ? `${t(`cue.${act.cue}`)} ${question}` : question;
    }
    case 'describe':
      return t('describe.ask');
    case 'emergency':
      return emergencyCall(act, tr);
    case 'outcome':
      return outcomeSpeech(act.outcome, tr);
    case 'offer':
      return offerText(act.item, tr, 'offer');
    case 'tonight':
      return [t('outcome.tonightLead'), ...act.advice.map((a) => t(`advice.${a}`))].join(' ');
    case 'more':
      return t(`cause.${act.cause}.more`);
    case 'others':
      return act.causes.length === 0
        ? t('outcome.noOthers')
        : [
            t('outcome.othersLead', { list: tr.list(act.causes.map((c) => t(`cause.${c}.name`))) }),
            ...act.causes.map((c) => t(`cause.${c}.summary`)),
          ].join(' ');
    case 'unknownCause':
      return t('more.unknown', { list: tr.list(act.known.map((c) => t(`cause.${c}.name`))) });
    case 'outcomeHelp':
      return act.item.kind === 'more' ? t('help.outcome', { cause: act.item.cause }) : t('help.outcomeGeneral');
    case 'openAgain':
      return t('more.openAgain');
    case 'goodbye':
      return t(`goodbye.${act.level === 'emergency' || act.level === undefined ? 'none' : act.level}`);
    case 'getCare':
      return t(act.level === 'emergency' ? 'getCare.emergency' : 'getCare.urgent');
    case 'reminder':
      return act.outcome === 'set' ? t('reminder.set', { count: act.days }) : t(`reminder.${act.outcome}`);
    case 'error':
      return t('error');
  }
}

/**
 * The emergency message: the number in its first sentence, said once; that the skill cannot call; why, when a sign
 * was answered; what to do until help comes. No questions.
 */
/** What the emergency message says; `withReason` false leaves out what the signs may mean (the card and screen keep no cause). */
export function emergencyLines(act: Extract<Act, { type: 'emergency' }>, { t }: Translator, withReason = true): string[] {
  const cause = withReason ? act.outcome?.causes[0] : undefined;
  const firstAid = act.outcome?.firstAid;
  return [
    t(act.unsure ? 'emergency.callUnsure' : 'emergency.call'),
    t('emergency.phone'),
    ...(cause ? [t('emergency.why', { cause })] : []),
    ...(firstAid ? [t(`firstAid.${firstAid}`)] : []),
    t('emergency.unlock'),
  ];
}

function emergencyCall(act: Extract<Act, { type: 'emergency' }>, tr: Translator): string {
  return [...emergencyLines(act, tr), tr.t(act.outcome ? 'emergency.repeatHint' : 'emergency.backHint')].join(' ');
}

/**
 * The first outcome response, at most 60 words: how urgent and where to go, the likeliest cause, the one thing
 * to do now, and one safety net. The rest waits for the listener to ask; the card keeps what to do and when to get help.
 */
function outcomeSpeech(outcome: Outcome, tr: Translator): string {
  const { t } = tr;
  const [likeliest] = outcome.causes;
  const [firstAdvice] = outcome.advice;
  return [
    t(headlineKey(outcome)),
    likeliest ? t('outcome.likely', { cause: likeliest }) : t('outcome.noCause'),
    firstAdvice ? t(`advice.${firstAdvice}`) : t(untilThen(outcome)),
    t(`safetyNet.${outcome.safetyNet}`),
  ].join(' ');
}

/** How soon and where: the level's headline, or its form for a place of its own (the maternity team). */
export function headlineKey(outcome: Outcome): string {
  return `outcome.headline.${outcome.level}${outcome.route ? `_${outcome.route}` : ''}`;
}

/** What to do until care comes: the likeliest cause's own first aid, else rest and don't rub the leg. */
const untilThen = (outcome: Outcome): string => (outcome.firstAid ? `firstAid.${outcome.firstAid}` : 'outcome.nowUrgent');

function offerText(item: MenuItem, { t }: Translator, prefix: 'offer' | 'offer.reprompt'): string {
  const key = prefix === 'offer' ? `offer.${item.kind}` : `offer.reprompt_${item.kind}`;
  if (item.kind === 'more') return t(key, { cause: item.cause });
  return item.kind === 'reminder' && prefix === 'offer' ? t(key, { count: item.days }) : t(key);
}

function repromptFor(act: Act, tr: Translator): string | undefined {
  const { t } = tr;
  if (act.type === 'ask') return t(`question.${act.question}.reprompt`);
  if (act.type === 'describe') return t('describe.reprompt');
  if (act.type === 'offer') return offerText(act.item, tr, 'offer.reprompt');
  if (act.type === 'emergency') return t('emergency.reprompt');
  return undefined;
}

function cardFor(act: Act, tr: Translator): Card | undefined {
  const { t } = tr;
  if (act.type === 'emergency') {
    // The number and what to do now, and nothing that could be read as a slower way to get help. No cause: the card
    // stays in the Alexa app, where anyone with the account can read it.
    const [call = '', ...rest] = emergencyLines(act, tr, false);
    return { title: plain(call), content: plain([...rest, t('card.disclaimer')].join('\n')) };
  }
  if (act.type !== 'outcome') return undefined;
  const { outcome } = act;
  // What to do and when to get help, and no cause: the card stays in the Alexa app, where anyone with the account
  // can read it. The causes are said, and said again on request.
  const sections = [
    t(headlineKey(outcome)),
    `${t('card.adviceTitle')}:\n${
      outcome.advice.length > 0 ? outcome.advice.map((a) => `- ${t(`advice.${a}`)}`).join('\n') : `- ${t(untilThen(outcome))}`
    }`,
    `${t('card.helpTitle')}:\n${t(`safetyNet.${outcome.safetyNet}`)}${
      outcome.safetyNet === 'emergencySigns' ? '' : ` ${t('safetyNet.emergencySigns')}`
    }`,
    t('card.numbers'),
    t('card.disclaimer'),
  ];
  return { title: t('card.title'), content: plain(sections.join('\n\n')) };
}

/** Cards and screens show text, not SSML: the say-as tags around numbers go, their digits stay. */
export function plain(ssml: string): string {
  return ssml.replace(/<[^>]+>/g, '');
}
