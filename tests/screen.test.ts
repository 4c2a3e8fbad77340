import type { RequestEnvelope } from 'ask-sdk-model';
import document from '../src/screen/document.json';
import manifest from '../skill-package/skill.json';
import { intentRequest } from '../src/console/envelopes';
import type { Reply } from '../src/console/conversation';
import { SUPPORTED_LOCALES, translatorFor } from '../src/i18n';
import { NUMBERS } from './helpers/numbers';
import { rules } from '../src/rules';
import { RENDER_DOCUMENT, supportsScreen } from '../src/screen/directive';
import { touchEvent } from '../src/screen/touch';
import type { ScreenView } from '../src/screen/view';
import { Intent } from '../src/skill/intents';
import { lazy } from './helpers/lazy';
import { CONVERSATION_LOCALES } from './helpers/conversation-locales';
import { respondTo, type DialogEvent } from '../src/dialog/conversation';
import { screenFor } from '../src/screen/view';
import { answerSteps, DESCRIBE, describing, handler, interview, NO, outcomeOf, pendingQuestion, talk, UNSURE, YES } from './helpers/skill';

const APL = 'Alexa.Presentation.APL';

/** Conversations that reach every kind of turn: questions, the open question, emergency, each outcome level, layers. */
async function everyTurnKind(locale: string, device: 'speaker' | 'screen'): Promise<Reply[]> {
  const replies: Reply[] = [];
  const paths: Array<[Record<string, 'yes'>, string | undefined]> = [
    [{ breathing: 'yes' }, undefined],
    [{ clotRisk: 'yes', clotPain: 'yes' }, undefined],
    [{}, 'cramp'],
    [{}, 'joint'],
    [{ nightOrConstant: 'yes' }, 'ache'],
  ];
  for (const [answers, feel] of paths) {
    const conversation = talk(locale, device);
    const run = await answerSteps(await conversation.launch(), (step) =>
      step === DESCRIBE
        ? feel
          ? conversation.sendIntent(...describing(feel))
          : conversation.sendIntent(UNSURE)
        : conversation.sendIntent(answers[step] ? YES : NO),
    );
    replies.push(...run.replies);
    let reply = run.last;
    for (const intent of [Intent.help, Intent.tonight, Intent.otherCauses, YES, Intent.repeat, NO]) {
      if (reply.sessionEnded) break;
      reply = await conversation.sendIntent(intent);
      replies.push(reply);
    }
  }
  return replies;
}

const directiveOf = (reply: Reply) => reply.response.response.directives?.find((d) => d.type === RENDER_DOCUMENT);

/** Every `${payload.screen.…}` path the document binds to. */
const payloadPaths = [...JSON.stringify(document).matchAll(/payload\.screen\.([A-Za-z.]+)/g)].map((m) => m[1]!);
/** The `${data.…}` fields the document binds to inside each list it repeats: the lines, then the buttons. */
function dataFieldsOf(list: 'lines' | 'buttons'): string[] {
  const find = (node: unknown): unknown =>
    Array.isArray(node)
      ? node.map(find).find(Boolean)
      : typeof node === 'object' && node !== null
        ? (node as { data?: unknown }).data === `\${payload.screen.${list}}`
          ? node
          : Object.values(node).map(find).find(Boolean)
        : undefined;
  const container = find(document);
  return [...new Set([...JSON.stringify(container).matchAll(/\bdata\.([A-Za-z]+)/g)].map((m) => m[1]!))];
}

describe.each(CONVERSATION_LOCALES)('the screen in %s', (locale) => {
  const screens = lazy(() => everyTurnKind(locale, 'screen'));
  const speakers = lazy(() => everyTurnKind(locale, 'speaker'));

  it('is sent exactly when the device supports APL, and the speech is the same either way', async () => {
    const onScreen = await screens();
    const onSpeaker = await speakers();
    expect(onScreen).toHaveLength(onSpeaker.length);
    onScreen.forEach((reply, i) => {
      const spoken = onSpeaker[i]!;
      expect(reply.speech).toBe(spoken.speech);
      expect(reply.reprompt).toBe(spoken.reprompt);
      expect(directiveOf(spoken)).toBeUndefined();
      if (reply.speech)
        expect({ speech: reply.speech, directive: directiveOf(reply)?.type }).toEqual({ speech: reply.speech, directive: RENDER_DOCUMENT });
    });
  });

  it('binds every field the document uses, in every view', async () => {
    const onScreen = await screens();
    for (const reply of onScreen.filter((r) => r.screen)) {
      const view = reply.screen!.view as unknown as Record<string, unknown>;
      for (const path of payloadPaths) {
        const value = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], view);
        expect({ path, kind: view.kind, bound: value !== undefined }).toEqual({ path, kind: view.kind, bound: true });
      }
      for (const list of ['lines', 'buttons'] as const) {
        const fields = dataFieldsOf(list);
        expect(fields.length).toBeGreaterThan(1);
        for (const item of view[list] as Array<Record<string, unknown>>) {
          for (const field of fields) expect({ list, field, bound: item[field] !== undefined }).toEqual({ list, field, bound: true });
        }
      }
    }
  });

  it('shows the emergency number on every screen, and very large in an emergency', async () => {
    const onScreen = await screens();
    const number = NUMBERS[locale].emergency;
    for (const reply of onScreen.filter((r) => r.screen)) expect(reply.screen!.view.footer).toContain(number);
    const emergency = onScreen.find((r) => r.screen?.view.kind === 'emergency')!;
    expect(emergency.screen!.view.main).toContain(number);
    expect(emergency.screen!.view.buttons).toEqual([]);
    expect(
      (directiveOf(emergency) as unknown as { document: { settings: { idleTimeout: number } } }).document.settings.idleTimeout,
    ).toBeGreaterThanOrEqual(600_000);
  });

  it('shows the outcome in full: where to go, the likely cause, what to do now, when to get help', async () => {
    const onScreen = await screens();
    const outcome = onScreen.find((r) => r.screen?.view.kind === 'outcome' && r.screen.view.tone === 'selfcare')!.screen!.view;
    const { t } = translatorFor(locale);
    expect(outcome.main).toBe(t('outcome.headline.selfcare'));
    expect(outcome.lines.map((l) => l.label)).toEqual([t('screen.label.cause'), t('screen.label.now'), t('screen.label.help')]);
    expect(outcome.buttons.map((b) => b.action)).toEqual(expect.arrayContaining(['more', 'done']));
  });

  it('handles every button it shows', async () => {
    const onScreen = await screens();
    for (const reply of onScreen.filter((r) => r.screen)) {
      const state = (reply.response.sessionAttributes ?? null) as Parameters<typeof touchEvent>[2];
      for (const button of reply.screen!.view.buttons) {
        const event = touchEvent(reply.screen!.token, [button.action, button.value], Object.keys(state ?? {}).length ? state : null);
        expect({ button: button.text, event: event.type }).not.toEqual({ button: button.text, event: 'fallback' });
      }
    }
  });

  it("keeps every response with its screen within Alexa's 24 KB", async () => {
    const onScreen = await screens();
    // Custom skill JSON interface reference, "Response format": the total size of the response can't exceed 24 kilobytes.
    for (const reply of onScreen) expect(Buffer.byteLength(JSON.stringify(reply.response))).toBeLessThan(24 * 1024);
  });

  it('reaches the same outcome by touch alone as by voice', async () => {
    for (const [answers, feel] of [
      [{}, 'cramp'],
      [{ clotRisk: 'yes' }, undefined],
      [{ legChanged: 'yes', bothLegsSwollen: 'yes' }, 'heavy'],
    ] as const) {
      const spoken = await interview(answers, locale, feel);
      const conversation = talk(locale, 'screen');
      const { last } = await answerSteps(await conversation.launch(), async (step) => {
        const label = step === DESCRIBE ? (feel ?? 'unsure') : ((answers as Record<string, string>)[step] ?? 'no');
        const reply = await conversation.tap(label);
        expect({ step, label, tapped: reply !== undefined }).toEqual({ step, label, tapped: true });
        return reply!;
      });
      expect(outcomeOf(last)).toEqual(outcomeOf(spoken.last));
      expect(last.speech).toBe(spoken.last.speech);
    }
  });
});

// In every locale, cheaply: the dialog's turns rendered as screens, as the handler would send them.
describe.each(SUPPORTED_LOCALES)('the screens in %s', (locale) => {
  const translator = translatorFor(locale);
  const number = NUMBERS[locale].emergency;
  /** A question, the open question, an outcome with its layers, a call for help and an emergency, as screens. */
  const views = (): ScreenView[] => {
    const said: ScreenView[] = [];
    const walk = (events: DialogEvent[]) => {
      let state: unknown;
      for (const event of events) {
        const turn = respondTo(state, event);
        const view = screenFor(turn, translator);
        if (view) said.push(view);
        state = turn.state ?? {};
      }
    };
    const no: DialogEvent = { type: 'answer', answer: 'no' };
    walk([
      { type: 'launch' },
      no,
      no,
      no,
      no,
      no,
      { type: 'describePain', feel: 'cramp' },
      no,
      { type: 'answer', answer: 'yes' },
      { type: 'emergencyHelp' },
    ]);
    walk([{ type: 'launch' }, { type: 'answer', answer: 'yes' }]);
    return said;
  };

  it('shows the emergency number on every screen, the kinds of screen there are, with nothing unresolved', () => {
    const shown = views();
    expect(new Set(shown.map((v) => v.kind))).toEqual(new Set(['question', 'describe', 'outcome', 'emergency']));
    for (const view of shown) {
      expect({ kind: view.kind, footer: view.footer }).toEqual({ kind: view.kind, footer: expect.stringContaining(number) });
      expect(JSON.stringify(view)).not.toMatch(/\$t\(|\{\{|<[a-z]|\b(question|cause|outcome|advice|screen)\.[a-z]/);
    }
  });
});

describe('touch', () => {
  it('go back and start over work by touch as by voice', async () => {
    const conversation = talk('en-US', 'screen');
    await conversation.launch();
    await conversation.tap('no');
    const back = await conversation.tap('go back');
    expect(pendingQuestion(back!)).toBe('breathing');
    expect(back!.speech).toMatch(/^Okay, let's go back\./);
  });

  it('treats a touch on a screen already answered as a reply not understood, and keeps the answers', async () => {
    const conversation = talk('en-US', 'screen');
    const first = await conversation.launch();
    const answered = await conversation.tap('no');
    const stale = await conversation.touch(first.screen!.token, ['answer', 'yes']);
    expect(stale.speech).toMatch(/^Sorry, I didn't catch that\./);
    expect(pendingQuestion(stale)).toBe(pendingQuestion(answered!));
    expect(outcomeOf(stale)).toBeUndefined();
  });

  it.each([
    ['an unknown action', ['call', '911']],
    ['an unknown answer', ['answer', 'maybe']],
    ['an unknown description', ['describe', 'gout']],
    ['an unknown cause', ['more', 'gout']],
    ['no arguments', []],
    ['a number', [42]],
    ['too many arguments', ['answer', 'yes', 'extra']],
  ])('treats %s as a reply not understood, never as an answer', async (_case, args) => {
    const conversation = talk('en-US', 'screen');
    const first = await conversation.launch();
    const reply = await conversation.touch(first.screen!.token, args);
    expect(reply.speech).toMatch(/^Sorry, I didn't catch that\./);
    expect(pendingQuestion(reply)).toBe('breathing');
  });

  it('"Done" after an outcome says a goodbye that fits', async () => {
    const conversation = talk('en-US', 'screen');
    await answerSteps(await conversation.launch(), async (step) => (await conversation.tap(step === DESCRIBE ? 'cramp' : 'no'))!);
    const done = await conversation.tap('done');
    expect(done!.speech).toBe('Take care, and I hope you sleep well.');
    expect(done!.sessionEnded).toBe(true);
  });

  it('sends nothing screen-related to a device without a screen, even when asked to', async () => {
    const response = await handler(intentRequest('en-US', { sessionId: 's', isNew: true, attributes: {} }, Intent.help));
    expect(response.response.directives ?? []).toEqual([]);
    expect(JSON.stringify(response)).not.toContain(APL);
  });

  it("offers descriptions the rules know, labelled in the listener's language, at the open question", async () => {
    for (const locale of SUPPORTED_LOCALES) {
      const conversation = talk(locale, 'screen');
      const { last: reply } = await answerSteps(await conversation.launch(), async () => (await conversation.tap('no'))!, DESCRIBE);
      const view: ScreenView = reply.screen!.view;
      const described = view.buttons.filter((b) => b.action === 'describe');
      expect(described.length).toBeGreaterThanOrEqual(6);
      const { t } = translatorFor(locale);
      for (const b of described) {
        expect(rules.descriptionIds).toContain(b.value);
        expect(b.text).toBe(t(`screen.feel.${b.value}`));
      }
    }
  });
});

describe('a device', () => {
  it('has a screen only when it says it runs APL: one that says nothing of its device, or sends no context, has none', () => {
    const withScreen = intentRequest('en-US', { sessionId: 's', isNew: false, attributes: {} }, Intent.help, {}, 'screen');
    expect(supportsScreen(withScreen)).toBe(true);
    const { device, ...system } = withScreen.context.System;
    for (const context of [undefined, {}, { System: system }, { System: { ...system, device: { ...device, supportedInterfaces: {} } } }]) {
      expect(supportsScreen({ ...withScreen, context } as unknown as RequestEnvelope)).toBe(false);
    }
  });
});

describe('the manifest', () => {
  it('declares the APL interface for round, small, medium and large hubs and TV, the Echo Show 5 among them', () => {
    const custom = manifest.manifest.apis.custom as {
      interfaces?: Array<{ type: string; supportedViewports?: Array<Record<string, unknown>> }>;
    };
    const apl = custom.interfaces?.find((i) => i.type === 'ALEXA_PRESENTATION_APL');
    const viewports = apl?.supportedViewports ?? [];
    expect(viewports.map((v) => `${v.mode} ${v.shape}`)).toEqual(expect.arrayContaining(['HUB ROUND', 'HUB RECTANGLE', 'TV RECTANGLE']));
    const fits = (w: number, h: number) =>
      viewports.some(
        (v) => (v.minWidth as number) <= w && w <= (v.maxWidth as number) && (v.minHeight as number) <= h && h <= (v.maxHeight as number),
      );
    expect(fits(960, 480)).toBe(true);
    expect(fits(1280, 800)).toBe(true);
  });
});
