import type { DialogEvent } from '../dialog/conversation';
import type { DialogState } from '../dialog/state';
import { once } from '../once';
import { ANSWERS, rules } from '../rules';
import { zod } from '../zod';

/** What a button can do: a small vocabulary, mapped to the same dialog events as the intents. */
export const TOUCH_ACTIONS = ['answer', 'describe', 'tonight', 'more', 'others', 'remind', 'done', 'back', 'startOver', 'repeat'] as const;
export type TouchAction = (typeof TOUCH_ACTIONS)[number];

const touchSchema = once(() => {
  const z = zod();
  return z.union([
    z.tuple([z.literal('answer'), z.enum(ANSWERS)]),
    z.tuple([z.literal('describe'), z.string().check(z.refine((id) => rules.descriptionIds.includes(id)))]),
    z.tuple([z.literal('more'), z.string().check(z.refine((id) => rules.causeById.has(id)))]),
    z.tuple([z.enum(['tonight', 'others', 'remind', 'done', 'back', 'startOver', 'repeat']), z.literal('')]),
  ]);
});

/**
 * The token of the screen a state shows: a tap on any other screen (one already answered, or from an
 * earlier session) is not taken as an answer to the question now pending.
 */
export function screenToken(state: DialogState | null): string {
  if (!state) return 'leg-pain-guide';
  return `leg-pain-guide:${state.stage}:${state.replies.length}:${state.offer ?? 0}:${state.clarifying ? 1 : 0}${state.help ? ':help' : ''}`;
}

/** A touch on the screen as a dialog event; anything unexpected is treated as a reply that was not understood. */
export function touchEvent(token: unknown, args: unknown, state: DialogState | null): DialogEvent {
  if (token !== screenToken(state)) return { type: 'fallback' };
  const parsed = touchSchema().safeParse(args);
  if (!parsed.success) return { type: 'fallback' };
  const [action, value] = parsed.data;
  switch (action) {
    case 'answer':
      return { type: 'answer', answer: value };
    case 'describe':
      return { type: 'describePain', feel: value };
    case 'more':
      return { type: 'moreAbout', cause: value };
    default:
      return PLAIN_ACTIONS[action];
  }
}

/** The buttons that carry no value, and the dialog event each is. */
const PLAIN_ACTIONS: Record<'tonight' | 'others' | 'remind' | 'done' | 'back' | 'startOver' | 'repeat', DialogEvent> = {
  tonight: { type: 'tonight' },
  others: { type: 'otherCauses' },
  remind: { type: 'remind' },
  done: { type: 'done' },
  back: { type: 'back' },
  startOver: { type: 'startOver' },
  repeat: { type: 'repeat' },
};
