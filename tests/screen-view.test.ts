import document from '../src/screen/document.json';
import { respondTo, type DialogEvent, type Turn } from '../src/dialog/conversation';
import { outcomeMenu } from '../src/dialog/menu';
import type { DialogState } from '../src/dialog/state';
import { translatorFor, type SupportedLocale, type Translator } from '../src/i18n';
import { engine, rules } from '../src/rules';
import { renderDirective } from '../src/screen/directive';
import { screenToken, touchEvent } from '../src/screen/touch';
import { screenFor, type ScreenButton, type ScreenView } from '../src/screen/view';
import { emergencyLines, plain } from '../src/speech/render';
import { lazy } from './helpers/lazy';
import { NUMBERS } from './helpers/numbers';
import { after, interviewTurns, outcomeIn } from './helpers/dialog-turns';

/**
 * What each screen shows, field by field, against the locale's resources: the dialog's turns (src/dialog) rendered
 * as the handler renders them for a device with a screen. Every turn is made inside the test that checks it, so that
 * a mutation run (docs/mutation-testing.md) runs the tests that look at what it changed.
 */

function screenOf(turn: Turn, tr: Translator): ScreenView {
  const view = screenFor(turn, tr);
  if (!view) throw new Error(`No screen for ${JSON.stringify(turn.acts)}`);
  return view;
}

/** What a tap on each of a screen's buttons does, the screen being the one the turn shows. */
const tapsOn = (turn: Turn, view: ScreenView): DialogEvent[] =>
  view.buttons.map((b) => touchEvent(screenToken(turn.state), [b.action, b.value], turn.state));

const hidden = { shown: false, value: 0, total: 0 };

// First, and the only test here that renders a directive: directive.ts reads the document once per module load, so in a
// mutation run a mutant of that read reaches only the first test of this file to render one (see helpers/lazy.ts).
describe('the screen directive', () => {
  it('keeps an emergency on screen for ten minutes, and lets any other screen time out as the document says', () => {
    const tr = translatorFor('en-US');
    const emergency = screenOf(interviewTurns({ breathing: 'yes' }).at(-1)!, tr);
    const question = screenOf(respondTo(undefined, { type: 'launch' }), tr);
    expect(emergency.kind).toBe('emergency');
    const onEmergency = renderDirective(emergency, 'emergency-token');
    const onQuestion = renderDirective(question, 'question-token');
    const settingsOf = (directive: typeof onEmergency) => (directive.document as typeof document).settings;
    expect(settingsOf(onEmergency).idleTimeout).toBe(10 * 60 * 1000);
    expect(settingsOf(onQuestion).idleTimeout).toBe(document.settings.idleTimeout);
    expect(document.settings.idleTimeout).toBeLessThan(10 * 60 * 1000);
    // The same layout either way, with what the turn says and the token its taps will carry.
    expect({ ...onEmergency.document, settings: document.settings }).toEqual(document);
    expect(onQuestion.document).toEqual(document);
    expect(onEmergency).toMatchObject({ token: 'emergency-token', datasources: { screen: emergency } });
    expect(onQuestion).toMatchObject({ token: 'question-token', datasources: { screen: question } });
  });
});

describe.each<SupportedLocale>(['en-US', 'de-DE'])('the screens in %s', (locale) => {
  const tr = translatorFor(locale);
  const { t } = tr;
  const yes: ScreenButton = { text: t('screen.yes'), action: 'answer', value: 'yes', primary: true };
  const no: ScreenButton = { text: t('screen.no'), action: 'answer', value: 'no', primary: true };
  const unsure: ScreenButton = { text: t('screen.unsure'), action: 'answer', value: 'unsure', primary: false };
  const back: ScreenButton = { text: t('screen.back'), action: 'back', value: '', primary: false };
  const done: ScreenButton = { text: t('screen.done'), action: 'done', value: '', primary: false };

  it('asks each question with "question N of about M", yes and no first, "not sure" beside them, and Back once something was answered', () => {
    // The all-"no" way with a cramp: the way the estimate counts on, so "about M" is exact all along.
    const turns = interviewTurns({}, 'cramp');
    const asking = turns.slice(0, -1);
    const total = asking.length;
    expect(total).toBe(rules.safetyQuestions.length + 2);
    asking.forEach((turn, i) => {
      const view = screenOf(turn, tr);
      const step = engine.next(turn.state!.replies);
      const progress = { heading: t('screen.progress', { count: i + 1, total }), progress: { shown: true, value: i, total } };
      expect({ step: i, heading: view.heading, progress: view.progress }).toEqual({ step: i, ...progress });
      expect(view.footer).toBe(plain(t('card.numbers')));
      expect(view.tone).toBe('none');
      if (step.kind === 'question') {
        expect(view.kind).toBe('question');
        expect(view.main).toBe(plain(t(`question.${step.question.id}.ask`)));
        expect(view.buttons).toEqual([yes, no, unsure, ...(i > 0 ? [back] : [])]);
      } else {
        expect(step.kind).toBe('describe');
        expect(view.kind).toBe('describe');
        expect(view.main).toBe(plain(t('describe.ask')));
      }
    });
    // The first screen leads with the welcome; after that, an acknowledgement ("Okay.") is spoken, not shown.
    const welcome = [t('launch.welcome'), t('launch.disclaimer'), t('launch.intro', { count: rules.safetyQuestions.length })];
    expect(screenOf(asking[0]!, tr).lead).toBe(welcome.map(plain).join(' '));
    expect(asking.slice(1).map((turn) => screenOf(turn, tr).lead)).toEqual(asking.slice(1).map(() => ''));
  });

  it('offers the descriptions as the main buttons at the open question, "not sure" as a lesser one, and Back', () => {
    const turns = interviewTurns({}, 'cramp');
    const open = turns.find((turn) => turn.acts.at(-1)?.type === 'describe')!;
    const view = screenOf(open, tr);
    const described = view.buttons.filter((b) => b.action === 'describe');
    expect(described.length).toBeGreaterThanOrEqual(6);
    expect(described).toEqual(
      described.map((b) => ({ text: t(`screen.feel.${b.value}`), action: 'describe', value: b.value, primary: true })),
    );
    expect(view.buttons.slice(described.length)).toEqual([unsure, back]);
    expect(tapsOn(open, view).slice(0, described.length)).toEqual(described.map((b) => ({ type: 'describePain', feel: b.value })));
  });

  it('in an emergency shows the number large, what to do under it, the number again below, and nothing to tap', () => {
    for (const turn of [interviewTurns({ breathing: 'yes' }).at(-1)!, after(interviewTurns({})[2]!, { type: 'emergencyHelp' })]) {
      const act = turn.acts.at(-1)!;
      if (act.type !== 'emergency') throw new Error(`Not an emergency: ${act.type}`);
      const view = screenOf(turn, tr);
      const call = plain(t('emergency.call'));
      expect(call).toContain(NUMBERS[locale].emergency);
      // What the speech says after the number, without the hint to say "repeat".
      const lines = emergencyLines(act, tr).slice(1).map(plain);
      expect(lines[0]).toBe(plain(t('emergency.phone')));
      expect(lines.at(-1)).toBe(plain(t('emergency.unlock')));
      expect(view).toEqual({
        kind: 'emergency',
        tone: 'emergency',
        heading: t('card.title'),
        lead: '',
        main: call,
        lines: lines.map((text) => ({ label: '', text })),
        progress: hidden,
        buttons: [],
        footer: call,
      });
    }
  });

  it('shows an outcome in full: where to go, the likely cause, what to do now, when to get help, and its menu', () => {
    const delivered = interviewTurns({}, 'joint').at(-1)!;
    const outcome = outcomeIn(delivered);
    const [cause] = outcome.causes;
    // What this test needs of the way: more than one piece of advice, a safety net of its own, every layer on the menu.
    expect(outcome.advice.length).toBeGreaterThan(1);
    expect(outcome.safetyNet).not.toBe('emergencySigns');
    expect(outcomeMenu(outcome).map((item) => item.kind)).toEqual(['tonight', 'more', 'others', 'reminder']);
    const view = screenOf(delivered, tr);
    expect(view).toEqual({
      kind: 'outcome',
      tone: outcome.level,
      heading: t('card.title'),
      lead: '',
      main: plain(t(`outcome.headline.${outcome.level}`)),
      lines: [
        { label: t('screen.label.cause'), text: plain(t('outcome.likely', { cause })) },
        { label: t('screen.label.now'), text: plain(outcome.advice.map((a) => t(`advice.${a}`)).join(' ')) },
        { label: t('screen.label.help'), text: plain(`${t(`safetyNet.${outcome.safetyNet}`)} ${t('safetyNet.emergencySigns')}`) },
      ],
      progress: hidden,
      buttons: [
        { text: t('screen.tonight'), action: 'tonight', value: '', primary: true },
        { text: plain(t('screen.more', { cause })), action: 'more', value: cause, primary: true },
        { text: t('screen.others'), action: 'others', value: '', primary: true },
        { text: t('screen.remind', { count: outcome.reminderDays }), action: 'remind', value: '', primary: true },
        done,
      ],
      footer: plain(t('card.numbers')),
    });
    expect(tapsOn(delivered, view)).toEqual([
      { type: 'tonight' },
      { type: 'moreAbout', cause },
      { type: 'otherCauses' },
      { type: 'remind' },
      { type: 'done' },
    ]);
  });

  it('leads with the layer the listener asked for, above the outcome: tonight, more about the cause, other causes', () => {
    const delivered = interviewTurns({}, 'joint').at(-1)!;
    const outcome = outcomeIn(delivered);
    const [cause, ...others] = outcome.causes;
    const shown = screenOf(delivered, tr);
    const layers: Array<[DialogEvent, string]> = [
      // The first piece of advice is in the outcome already: the layer adds the rest.
      [{ type: 'tonight' }, [t('outcome.tonightLead'), ...outcome.advice.slice(1).map((a) => t(`advice.${a}`))].join(' ')],
      [{ type: 'moreAbout', cause }, t(`cause.${cause}.more`)],
      [
        { type: 'otherCauses' },
        [
          t('outcome.othersLead', { list: tr.list(others.map((c) => t(`cause.${c}.name`))) }),
          ...others.map((c) => t(`cause.${c}.summary`)),
        ].join(' '),
      ],
    ];
    for (const [event, lead] of layers) {
      const view = screenOf(after(delivered, event), tr);
      expect({ event: event.type, lead: view.lead }).toEqual({ event: event.type, lead: plain(lead) });
      expect({ ...view, lead: '' }).toEqual(shown);
    }
  });

  it('says "until then" when the outcome has no advice, and only the emergency signs when that is its safety net', () => {
    const delivered = interviewTurns({ clotRisk: 'yes', clotPain: 'yes', pregnant: 'yes' }).at(-1)!;
    const outcome = outcomeIn(delivered);
    expect(outcome).toMatchObject({ level: 'urgent', route: 'maternity', advice: [], safetyNet: 'emergencySigns' });
    const [cause] = outcome.causes;
    const view = screenOf(delivered, tr);
    expect(view).toMatchObject({ kind: 'outcome', tone: 'urgent', main: plain(t('outcome.headline.urgent_maternity')), progress: hidden });
    expect(view.lines).toEqual([
      { label: t('screen.label.cause'), text: plain(t('outcome.likely', { cause })) },
      { label: t('screen.label.now'), text: plain(t('outcome.nowUrgent')) },
      { label: t('screen.label.help'), text: plain(t('safetyNet.emergencySigns')) },
    ]);
    expect(view.buttons).toEqual([{ text: plain(t('screen.more', { cause })), action: 'more', value: cause, primary: true }, done]);
  });

  it("says the cause isn't clear when the answers point to none", () => {
    const delivered = interviewTurns({}, 'tenderCalf').at(-1)!;
    expect(outcomeIn(delivered).causes).toEqual([]);
    expect(screenOf(delivered, tr).lines[0]).toEqual({ label: t('screen.label.cause'), text: plain(t('outcome.noCause')) });
  });

  it('colours the last screen by the care still needed: after a goodbye, or a reminder to get care', () => {
    const selfcare = interviewTurns({}, 'joint').at(-1)!;
    const urgent = interviewTurns({ clotRisk: 'yes', clotPain: 'yes', pregnant: 'yes' }).at(-1)!;
    const urgentSoFar = interviewTurns({ clotRisk: 'yes', clotPain: 'yes' }).at(-2)!;
    expect(urgentSoFar.state?.stage).toBe('interview');
    expect(engine.levelSoFar(urgentSoFar.state!.replies)).toBe('urgent');
    const cases: Array<[string, Turn, string, string]> = [
      ['done after self-care', after(selfcare, { type: 'done' }), 'selfcare', t('goodbye.selfcare')],
      ['done after urgent care', after(urgent, { type: 'done' }), 'urgent', t('goodbye.urgent')],
      ['thanks, care needed today', after(urgentSoFar, { type: 'thanks' }), 'urgent', `${t('getCare.urgent')} ${t('goodbye.none')}`],
      ['thanks at the first question', after(respondTo(undefined, { type: 'launch' }), { type: 'thanks' }), 'none', t('goodbye.none')],
    ];
    for (const [name, turn, tone, main] of cases) {
      const view = screenOf(turn, tr);
      expect({ name, kind: view.kind, tone: view.tone, main: view.main, lead: view.lead }).toEqual({
        name,
        kind: 'info',
        tone,
        main: plain(main),
        lead: '',
      });
      expect(view).toMatchObject({ heading: t('card.title'), progress: hidden, buttons: [], lines: [] });
    }
  });
});

describe('a tap on a screen no longer shown', () => {
  const all = lazy(() => interviewTurns({}, 'joint'));
  /** A question that "not sure" gets asked again, to clarify: one about what the listener can look at. */
  const observable = lazy(() =>
    all().find((turn) => {
      const step = turn.state && engine.next(turn.state.replies);
      return step?.kind === 'question' && step.question.kind === 'observable';
    })!,
  );
  /** What a screen token tells apart: the stage, the replies given, the layer on offer, a clarifying question, a call for help. */
  const where = (state: DialogState | null) => ({
    stage: state?.stage,
    replies: state?.replies.length,
    offer: state?.offer ?? 0,
    clarifying: state?.clarifying ?? false,
    help: state?.help ?? false,
  });
  it.each<[string, () => [Turn, Turn], Partial<ReturnType<typeof where>>, unknown[]]>([
    ['the question answered since', () => [all()[0]!, all()[1]!], { replies: 1 }, ['answer', 'yes']],
    [
      'the question asked again to clarify',
      () => [observable(), after(observable(), { type: 'answer', answer: 'unsure' })],
      { clarifying: true },
      ['answer', 'yes'],
    ],
    [
      'the outcome whose offer was taken since',
      () => [all().at(-1)!, after(all().at(-1)!, { type: 'answer', answer: 'yes' })],
      { offer: 1 },
      ['others', ''],
    ],
    // The Lambda handler gives touchEvent no state at all while help is asked for (every tap is refused there already):
    // this holds touchEvent's own promise, whoever calls it.
    [
      'the question shown before a call for help',
      () => [all()[1]!, after(all()[1]!, { type: 'emergencyHelp' })],
      { help: true },
      ['back', ''],
    ],
  ])('is refused: %s', (_case, turns, changed, args) => {
    const [shown, now] = turns();
    // Only what the case names differs between the screen tapped and the one shown now.
    expect(where(now.state)).toEqual({ ...where(shown.state), ...changed });
    expect(touchEvent(screenToken(shown.state), args, now.state)).toEqual({ type: 'fallback' });
    // The same tap on the screen shown now is taken.
    expect(touchEvent(screenToken(now.state), args, now.state)).not.toEqual({ type: 'fallback' });
  });

  it('is refused from an earlier session', () => {
    expect(touchEvent(screenToken(all()[1]!.state), ['answer', 'no'], null)).toEqual({ type: 'fallback' });
  });
});
