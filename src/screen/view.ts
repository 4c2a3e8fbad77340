import type { Act, Turn } from '../dialog/conversation';
import { outcomeMenu, type MenuItem } from '../dialog/menu';
import type { DialogState } from '../dialog/state';
import type { Translator } from '../i18n';
import { engine, isAnswer, type Level, type Outcome } from '../rules';
import { emergencyLines, headlineKey, plain, say } from '../speech/render';
import type { TouchAction } from './touch';

export interface ScreenButton {
  text: string;
  action: TouchAction;
  /** The action's argument ('' when it takes none). */
  value: string;
  primary: boolean;
}

export interface ScreenLine {
  label: string;
  text: string;
}

/** One turn's screen: every field is always present, so that every binding in the document resolves. */
export interface ScreenView {
  kind: 'question' | 'describe' | 'emergency' | 'outcome' | 'info';
  /** The accent colour: the urgency level, or none. */
  tone: Level | 'none';
  heading: string;
  /** What was said before the question or the outcome (a welcome, a help text, a layer), in smaller type. */
  lead: string;
  main: string;
  lines: ScreenLine[];
  progress: { shown: boolean; value: number; total: number };
  buttons: ScreenButton[];
  footer: string;
}

/** The estimate of the questions still to come counts on the most common description, a cramp. */
const TYPICAL_DESCRIPTION = 'cramp';

/** The descriptions offered as buttons at the open question, in the order shown. */
const FEEL_BUTTONS = ['cramp', 'shooting', 'tingling', 'burningFeet', 'restless', 'joint', 'heavy', 'afterWalking'] as const;

/** The screen for a turn, from the same acts and resources as its speech; none when the turn says nothing. */
export function screenFor(turn: Turn, tr: Translator): ScreenView | undefined {
  const last = turn.acts.at(-1);
  if (!last) return undefined;
  const { t } = tr;
  const text = (acts: readonly Act[]) =>
    acts
      .filter((act) => act.type !== 'ack')
      .map((act) => plain(say(act, tr)))
      .filter(Boolean)
      .join(' ');
  const base = {
    lead: text(turn.acts.slice(0, -1)),
    lines: [],
    progress: { shown: false, value: 0, total: 0 },
    buttons: [],
    footer: plain(t('card.numbers')),
  };

  switch (last.type) {
    case 'ask':
      return {
        ...base,
        kind: 'question',
        tone: 'none',
        heading: progressLabel(turn.state, tr),
        main: plain(t(`question.${last.question}.ask`)),
        progress: { shown: true, ...progressOf(turn.state) },
        buttons: [
          button(t('screen.yes'), 'answer', 'yes', true),
          button(t('screen.no'), 'answer', 'no', true),
          button(t('screen.unsure'), 'answer', 'unsure'),
          ...backButton(turn.state, tr),
        ],
      };
    case 'describe':
      return {
        ...base,
        kind: 'describe',
        tone: 'none',
        heading: progressLabel(turn.state, tr),
        main: plain(t('describe.ask')),
        progress: { shown: true, ...progressOf(turn.state) },
        buttons: [
          ...FEEL_BUTTONS.map((feel) => button(t(`screen.feel.${feel}`), 'describe', feel, true)),
          button(t('screen.unsure'), 'answer', 'unsure'),
          ...backButton(turn.state, tr),
        ],
      };
    case 'emergency': {
      const [call = '', ...rest] = emergencyLines(last, tr);
      return {
        ...base,
        kind: 'emergency',
        tone: 'emergency',
        heading: t('card.title'),
        lead: '',
        main: plain(call),
        lines: rest.map((text) => ({ label: '', text: plain(text) })),
        // Under the number, the number again and no advice line: nothing that could read as a slower way to get help.
        footer: plain(call),
      };
    }
    case 'offer': {
      const outcome = outcomeOf(turn);
      if (!outcome) return info(turn, tr, base);
      const layer = turn.acts.find((act) => act.type === 'tonight' || act.type === 'more' || act.type === 'others');
      return {
        ...base,
        kind: 'outcome',
        tone: outcome.level,
        heading: t('card.title'),
        lead: layer ? plain(say(layer, tr)) : '',
        main: plain(t(headlineKey(outcome))),
        lines: outcomeLines(outcome, tr),
        buttons: [...outcomeMenu(outcome).map((item) => menuButton(item, tr)), button(t('screen.done'), 'done', '')],
      };
    }
    default:
      return info(turn, tr, base);
  }
}

/** Anything else the skill says (goodbye, help with nothing pending, an answer about a cause) in the same frame. */
function info(turn: Turn, tr: Translator, base: Pick<ScreenView, 'lines' | 'progress' | 'buttons' | 'footer'>): ScreenView {
  const level = turn.acts.find((act) => act.type === 'getCare' || act.type === 'goodbye');
  const tone = level && 'level' in level && level.level ? level.level : 'none';
  return {
    ...base,
    kind: 'info',
    tone,
    heading: tr.t('card.title'),
    lead: '',
    main: turn.acts
      .map((act) => plain(say(act, tr)))
      .filter(Boolean)
      .join(' '),
  };
}

/** The outcome on screen in full: cause, what to do now, when to get help, and the emergency signs. */
function outcomeLines(outcome: Outcome, tr: Translator): ScreenLine[] {
  const { t } = tr;
  const [likeliest] = outcome.causes;
  return [
    { label: t('screen.label.cause'), text: plain(likeliest ? t('outcome.likely', { cause: likeliest }) : t('outcome.noCause')) },
    {
      label: t('screen.label.now'),
      text: plain(outcome.advice.length > 0 ? outcome.advice.map((a) => t(`advice.${a}`)).join(' ') : t('outcome.nowUrgent')),
    },
    {
      label: t('screen.label.help'),
      text: plain(
        outcome.safetyNet === 'emergencySigns'
          ? t('safetyNet.emergencySigns')
          : `${t(`safetyNet.${outcome.safetyNet}`)} ${t('safetyNet.emergencySigns')}`,
      ),
    },
  ];
}

function menuButton(item: MenuItem, tr: Translator): ScreenButton {
  switch (item.kind) {
    case 'tonight':
      return button(tr.t('screen.tonight'), 'tonight', '', true);
    case 'more':
      return button(tr.t('screen.more', { cause: item.cause }), 'more', item.cause, true);
    case 'others':
      return button(tr.t('screen.others'), 'others', '', true);
    case 'reminder':
      return button(tr.t('screen.remind', { count: item.days }), 'remind', '', true);
  }
}

function outcomeOf(turn: Turn): Outcome | undefined {
  const said = turn.acts.find((act) => act.type === 'outcome');
  if (said?.type === 'outcome') return said.outcome;
  if (!turn.state) return undefined;
  const step = engine.next(turn.state.replies);
  return step.kind === 'outcome' ? step.outcome : undefined;
}

function button(text: string, action: TouchAction, value: string, primary = false): ScreenButton {
  return { text: plain(text), action, value, primary };
}

function backButton(state: DialogState | null, tr: Translator): ScreenButton[] {
  return state && state.replies.length > 0 ? [button(tr.t('screen.back'), 'back', '')] : [];
}

/**
 * Where the listener is: the steps answered, and about how many in all (the rest counted as if every answer
 * were no, the usual way through; a yes can add a follow-up or end it sooner).
 */
function progressOf(state: DialogState | null): { value: number; total: number } {
  const replies = state?.replies ?? [];
  const answered = replies.filter(isAnswer).length + (replies.some((r) => !isAnswer(r)) ? 1 : 0);
  const rest =
    engine.walk(
      () => 'no',
      () => TYPICAL_DESCRIPTION,
      replies,
    ).replies.length - replies.length;
  return { value: answered, total: answered + Math.max(rest, 1) };
}

function progressLabel(state: DialogState | null, tr: Translator): string {
  const { value, total } = progressOf(state);
  return tr.t('screen.progress', { count: value + 1, total });
}
