import { reminderTurn, respondTo, type Act, type DialogEvent, type Turn } from '../src/dialog/conversation';
import { translatorFor, type SupportedLocale } from '../src/i18n';
import { plain, render } from '../src/speech/render';
import { NUMBERS } from './helpers/numbers';
import { after, interviewTurns, outcomeIn } from './helpers/dialog-turns';

/**
 * What each act of a turn says, its reprompt and its card, against the locale's resources: the dialog's turns
 * (src/dialog) rendered as the handler renders them (src/speech/render.ts). Every turn is made inside the test that
 * checks it, so that a mutation run (docs/mutation-testing.md) runs the tests that look at what it changed. Speech is
 * compared as SSML, markup and all.
 */

const YES: DialogEvent = { type: 'answer', answer: 'yes' };
const launch = (): Turn => respondTo(undefined, { type: 'launch' });

/** The question a turn ends on. */
function askedIn(turn: Turn): Extract<Act, { type: 'ask' }> {
  const last = turn.acts.at(-1);
  if (last?.type !== 'ask') throw new Error(`Not a question: ${JSON.stringify(last)}`);
  return last;
}

/** Sentences said one after the other; a silent one (an empty acknowledgement) adds nothing, not even a space. */
const said = (...sentences: string[]): string => sentences.filter((s) => s !== '').join(' ');

/** The acknowledgement variants every locale's resources hold (answer.ack_0 … ack_3), said in turn; some are silent. */
const ACK_VARIANTS = 4;

describe.each<SupportedLocale>(['en-US', 'de-DE', 'ja-JP'])('what a turn says in %s', (locale) => {
  const tr = translatorFor(locale);
  const { t } = tr;
  const ask = (turn: Turn): string => t(`question.${askedIn(turn).question}.ask`);
  const reprompt = (turn: Turn): string => t(`question.${askedIn(turn).question}.reprompt`);

  it('says there is nothing to repeat before anything was asked; in an interview, "repeat" asks the question again', () => {
    const cold = respondTo(undefined, { type: 'repeat' });
    expect(render(cold, tr)).toEqual({
      speech: said(t('repeat.nothing'), t('help.idle'), t('launch.disclaimer'), ask(cold)),
      reprompt: reprompt(cold),
    });
    const again = after(launch(), { type: 'repeat' });
    expect(render(again, tr)).toEqual({ speech: ask(again), reprompt: reprompt(again) });
    expect(askedIn(again).question).toBe(askedIn(cold).question);
  });

  it('says it is at the first question when asked to go back there; later, that it goes back, then the question before', () => {
    const atStart = after(launch(), { type: 'back' });
    expect(render(atStart, tr)).toEqual({ speech: said(t('back.atStart'), ask(atStart)), reprompt: reprompt(atStart) });
    const answered = after(launch(), { type: 'answer', answer: 'no' });
    const back = after(answered, { type: 'back' });
    expect(askedIn(back).question).toBe(askedIn(launch()).question);
    expect(render(back, tr)).toEqual({ speech: said(t('back.lead'), ask(back)), reprompt: reprompt(back) });
  });

  it('says a description given while a question waits is noted, then asks the question', () => {
    const turn = after(launch(), { type: 'describePain', feel: 'cramp' });
    expect(render(turn, tr)).toEqual({ speech: said(t('noted'), ask(turn)), reprompt: reprompt(turn) });
  });

  it('goes back to the question waiting when what was said there cannot be placed, and says so', () => {
    const turn = after(launch(), { type: 'describePain', feel: 'unknown' });
    expect(render(turn, tr)).toEqual({ speech: said(t('resume'), ask(turn)), reprompt: reprompt(turn) });
    expect(t('resume')).not.toBe('');
  });

  it('acknowledges each answer with the next of the variants, some silent, and with none before a progress cue', () => {
    // Every turn after an answer, up to the open question.
    const turns = interviewTurns({}, 'cramp');
    const afterAnswers = turns.slice(1, turns.findIndex((turn) => turn.acts.at(-1)?.type === 'describe') + 1);
    expect(afterAnswers.length).toBeGreaterThan(ACK_VARIANTS);
    afterAnswers.forEach((turn, n) => {
      const last = turn.acts.at(-1)!;
      const cue = last.type === 'ask' && last.cue ? t(`cue.${last.cue}`) : '';
      const question = last.type === 'ask' ? ask(turn) : t('describe.ask');
      const ack = cue ? '' : t(`answer.ack_${n % ACK_VARIANTS}`);
      expect({ n, speech: render(turn, tr).speech }).toEqual({ n, speech: said(ack, cue, question) });
    });
    // The last safety question on this way follows an answer whose acknowledgement is silent in English but said in
    // German and Japanese: the cue takes its place.
    const cued = afterAnswers.findIndex((turn) => turn.acts.some((a) => a.type === 'ask' && a.cue === 'lastSafety'));
    expect(cued).toBeGreaterThan(0);
    expect(render(afterAnswers[cued]!, tr).speech).toBe(said(t('cue.lastSafety'), ask(afterAnswers[cued]!)));
  });

  it('says "last question" instead of "okay" before the question that decides, and "to be safe" even there', () => {
    // Yes to a clot risk and to its pain: whatever the last question gets, the outcome is care today.
    const yes = interviewTurns({ clotRisk: 'yes', clotPain: 'yes' }, 'cramp');
    const lastYes = yes.find((turn) => turn.acts.some((a) => a.type === 'ask' && a.cue === 'last'))!;
    const [ack] = lastYes.acts;
    if (ack?.type !== 'ack') throw new Error(`No acknowledgement: ${JSON.stringify(lastYes.acts)}`);
    expect(ack).toMatchObject({ answer: 'yes', counted: false });
    // One the resources say out loud at that place: here the cue says it instead.
    expect(t(`answer.ack_${ack.turn % ACK_VARIANTS}`)).not.toBe('');
    expect(render(lastYes, tr)).toEqual({ speech: said(t('cue.last'), ask(lastYes)), reprompt: reprompt(lastYes) });
    // "Not sure" to the pain, twice: counted as yes, and said so before the cue.
    const unsure = interviewTurns({ clotRisk: 'yes', clotPain: 'unsure' }, 'cramp');
    const lastUnsure = unsure.find((turn) => turn.acts.some((a) => a.type === 'ask' && a.cue === 'last'))!;
    expect(askedIn(lastUnsure).question).toBe(askedIn(lastYes).question);
    expect(render(lastUnsure, tr)).toEqual({
      speech: said(t('answer.unsureCounted'), t('cue.last'), ask(lastUnsure)),
      reprompt: reprompt(lastUnsure),
    });
  });

  it('says "that\'s fine" to a "not sure" that counts for nothing', () => {
    // "Not sure" to a pattern (pain from the back) is no sign of anything: noted, not counted.
    const turns = interviewTurns({ fromBack: 'unsure' }, 'ache');
    const noted = turns.find((turn) => turn.acts[0]?.type === 'ack' && turn.acts[0].answer === 'unsure')!;
    expect(noted.acts[0]).toMatchObject({ counted: false });
    expect(render(noted, tr)).toEqual({ speech: said(t('answer.unsureNoted'), ask(noted)), reprompt: reprompt(noted) });
  });

  it('says there are no other causes when the answers point to one; otherwise names the others and says what each is', () => {
    const one = interviewTurns({}, 'cramp').at(-1)!;
    expect(outcomeIn(one).causes).toHaveLength(1);
    expect(render(after(one, { type: 'otherCauses' }), tr)).toEqual({
      speech: said(t('outcome.noOthers'), t('offer.tonight')),
      reprompt: t('offer.reprompt_tonight'),
    });
    const three = interviewTurns({}, 'joint').at(-1)!;
    const [, ...others] = outcomeIn(three).causes;
    expect(others).toHaveLength(2);
    const { speech } = render(after(three, { type: 'otherCauses' }), tr);
    expect(speech).toBe(
      said(
        t('outcome.othersLead', { list: tr.list(others.map((c) => t(`cause.${c}.name`))) }),
        ...others.map((c) => t(`cause.${c}.summary`)),
        t('offer.tonight'),
      ),
    );
    for (const c of others) expect(speech).toContain(t(`cause.${c}.summary`));
  });

  it('answers "more about" a cause it does not know with the causes it can tell about', () => {
    const delivered = interviewTurns({}, 'joint').at(-1)!;
    const names = outcomeIn(delivered).causes.map((c) => t(`cause.${c}.name`));
    const turn = after(delivered, { type: 'moreAbout', cause: 'unknown' });
    const rendered = render(turn, tr);
    expect(rendered).toEqual({
      speech: said(t('more.unknown', { list: tr.list(names) }), t('offer.tonight')),
      reprompt: t('offer.reprompt_tonight'),
    });
    for (const name of names) expect(rendered.speech).toContain(name);
    // Asked before any interview: the disclaimer first, the causes it suggests, and how to start one; the session ends.
    const cold = respondTo(undefined, { type: 'moreAbout', cause: 'unknown' });
    const unknown = cold.acts.find((a): a is Extract<Act, { type: 'unknownCause' }> => a.type === 'unknownCause')!;
    expect(unknown.known.length).toBeGreaterThan(1);
    const suggested = unknown.known.map((c) => t(`cause.${c}.name`));
    expect(render(cold, tr)).toEqual({
      speech: said(t('launch.disclaimer'), t('more.unknown', { list: tr.list(suggested) }), t('more.openAgain')),
    });
  });

  it('at an outcome, help names the cause on offer, or says what can be asked when no cause is on offer', () => {
    const delivered = interviewTurns({}, 'cramp').at(-1)!;
    const [cause] = outcomeIn(delivered).causes;
    expect(render(after(delivered, { type: 'help' }), tr)).toEqual({
      speech: said(t('help.outcomeGeneral'), t('offer.tonight')),
      reprompt: t('offer.reprompt_tonight'),
    });
    const moreOffered = after(delivered, YES);
    const help = render(after(moreOffered, { type: 'help' }), tr);
    expect(help).toEqual({
      speech: said(t('help.outcome', { cause }), t('offer.more', { cause })),
      reprompt: t('offer.reprompt_more', { cause }),
    });
    expect(t('help.outcome', { cause })).toContain(t(`cause.${cause}.name`));
  });

  it('reprompts each state in its own words: a question, the open question, each offer, the reminder with its days; none once it ends', () => {
    const turns = interviewTurns({}, 'cramp');
    expect(render(turns[0]!, tr).reprompt).toBe(reprompt(turns[0]!));
    const open = turns.find((turn) => turn.acts.at(-1)?.type === 'describe')!;
    expect(render(open, tr).reprompt).toBe(t('describe.reprompt'));
    const delivered = turns.at(-1)!;
    const { causes, reminderDays } = outcomeIn(delivered);
    const [cause] = causes;
    expect(reminderDays).toBe(3);
    expect(render(delivered, tr).reprompt).toBe(t('offer.reprompt_tonight'));
    const moreOffered = after(delivered, YES);
    expect(render(moreOffered, tr).reprompt).toBe(t('offer.reprompt_more', { cause }));
    const reminderOffered = after(moreOffered, YES);
    const offer = t('offer.reminder', { count: 3 });
    expect(offer).toContain('3');
    expect(render(reminderOffered, tr)).toEqual({ speech: said(t(`cause.${cause}.more`), offer), reprompt: t('offer.reprompt_reminder') });
    // Two days after a "see a doctor soon".
    const soon = interviewTurns({}, 'tingling').at(-1)!;
    expect(outcomeIn(soon)).toMatchObject({ level: 'soon', reminderDays: 2 });
    const soonReminder = after(soon, YES);
    expect(render(soonReminder, tr)).toMatchObject({ reprompt: t('offer.reprompt_reminder') });
    expect(render(soonReminder, tr).speech).toContain(t('offer.reminder', { count: 2 }));
    expect(t('offer.reminder', { count: 2 })).not.toBe(offer);
    // The others on offer, after a joint pain's tips and more about its cause.
    const othersOffered = after(after(interviewTurns({}, 'joint').at(-1)!, YES), YES);
    expect(render(othersOffered, tr).reprompt).toBe(t('offer.reprompt_others'));
    // Over: a goodbye asks nothing.
    expect(render(after(delivered, { type: 'done' }), tr)).toEqual({ speech: t('goodbye.selfcare') });
  });

  it('says the reminder was set with its days, or what became of it, then goodbye', () => {
    const reminderOffered = after(after(interviewTurns({}, 'cramp').at(-1)!, YES), YES);
    const accepted = after(reminderOffered, YES);
    expect(accepted.effect).toEqual({ type: 'reminder', days: 3, level: 'selfcare' });
    const set = t('reminder.set', { count: 3 });
    expect(set).toContain('3');
    expect(render(reminderTurn('set', accepted.effect!), tr)).toEqual({ speech: said(set, t('goodbye.selfcare')) });
    expect(render(reminderTurn('failed', accepted.effect!), tr)).toEqual({ speech: said(t('reminder.failed'), t('goodbye.selfcare')) });
  });

  describe('an emergency', () => {
    const number = `<say-as interpret-as="digits">${NUMBERS[locale].emergency}</say-as>`;
    /** The emergencies, each with the line it opens with (the number) and the first aid it gives, in speech and on the card alike. */
    const emergencies = (): Array<[string, Turn, string, string[]]> => [
      ['a yes to breathlessness', interviewTurns({ breathing: 'yes' }, 'cramp').at(-1)!, 'emergency.call', []],
      ['a "not sure" to breathlessness', interviewTurns({ breathing: 'unsure' }, 'cramp').at(-1)!, 'emergency.callUnsure', []],
      [
        'a cold, pale leg',
        interviewTurns({ legChanged: 'yes', coolPaleFoot: 'yes', coldPaleLeg: 'yes' }, 'cramp').at(-1)!,
        'emergency.call',
        ['firstAid.keepLegDown'],
      ],
      ['a call for help at the first question', after(launch(), { type: 'emergencyHelp' }), 'emergency.call', []],
    ];

    it('says the number first, with its markup, then that the skill cannot call, why, what to do, and how to hear it again', () => {
      expect(t('number.emergency')).toContain(number);
      for (const [name, turn, call, firstAid] of emergencies()) {
        const act = turn.acts.at(-1)!;
        if (act.type !== 'emergency') throw new Error(`Not an emergency: ${name}`);
        const why = act.outcome ? [t('emergency.why', { cause: act.outcome.causes[0] })] : [];
        const hint = act.outcome ? t('emergency.repeatHint') : t('emergency.backHint');
        const { speech, reprompt } = render(turn, tr);
        expect({ name, speech }).toEqual({
          name,
          speech: said(t(call), t('emergency.phone'), ...why, ...firstAid.map((key) => t(key)), t('emergency.unlock'), hint),
        });
        expect({ name, first: speech.startsWith(t(call)), number: t(call).includes(number) }).toEqual({ name, first: true, number: true });
        expect({ name, reprompt }).toEqual({ name, reprompt: t('emergency.reprompt') });
        expect(reprompt).toContain(number);
      }
    });

    it('has a card titled with the number, and what to do under it with the disclaimer, but no cause', () => {
      for (const [name, turn, call, firstAid] of emergencies()) {
        const { card } = render(turn, tr);
        expect({ name, card }).toEqual({
          name,
          card: {
            title: plain(t(call)),
            content: [t('emergency.phone'), ...firstAid.map((key) => t(key)), t('emergency.unlock'), t('card.disclaimer')]
              .map(plain)
              .join('\n'),
          },
        });
        expect(card!.title).toContain(NUMBERS[locale].emergency);
        expect(`${card!.title}${card!.content}`).not.toMatch(/[<>]/);
        const act = turn.acts.at(-1)!;
        const cause = act.type === 'emergency' ? act.outcome?.causes[0] : undefined;
        if (cause) expect(card!.content).not.toContain(plain(t(`cause.${cause}.short`)));
      }
    });
  });

  describe('the outcome card', () => {
    it('shows where to go, each piece of advice as a bullet, the safety net then the emergency signs, the numbers and the disclaimer', () => {
      const delivered = interviewTurns({}, 'joint').at(-1)!;
      const outcome = outcomeIn(delivered);
      expect(outcome.advice.length).toBeGreaterThan(1);
      expect(outcome.safetyNet).not.toBe('emergencySigns');
      const sections = [
        t(`outcome.headline.${outcome.level}`),
        `${t('card.adviceTitle')}:\n${outcome.advice.map((a) => `- ${t(`advice.${a}`)}`).join('\n')}`,
        `${t('card.helpTitle')}:\n${t(`safetyNet.${outcome.safetyNet}`)} ${t('safetyNet.emergencySigns')}`,
        t('card.numbers'),
        t('card.disclaimer'),
      ];
      const expected = { title: t('card.title'), content: plain(sections.join('\n\n')) };
      expect(render(delivered, tr).card).toEqual(expected);
      // Said again on "repeat"; a layer or a question has no card.
      expect(render(after(delivered, { type: 'repeat' }), tr).card).toEqual(expected);
      expect(render(after(delivered, YES), tr).card).toBeUndefined();
      expect(render(launch(), tr).card).toBeUndefined();
      // From the act that has it, wherever it is in the turn: a description noted before the outcome keeps the card.
      expect(render({ ...delivered, acts: [{ type: 'noted' }, ...delivered.acts] }, tr).card).toEqual(expected);
    });

    it('says what to do until then when the outcome has no advice: its first aid, else rest and leave the leg alone', () => {
      const withFirstAid = interviewTurns({ legChanged: 'yes', coolPaleFoot: 'yes' }, 'cramp').at(-1)!;
      expect(outcomeIn(withFirstAid)).toMatchObject({ level: 'urgent', advice: [], firstAid: 'hangLegDown', safetyNet: 'limbThreat' });
      expect(render(withFirstAid, tr).card).toEqual({
        title: t('card.title'),
        content: plain(
          [
            t('outcome.headline.urgent'),
            `${t('card.adviceTitle')}:\n- ${t('firstAid.hangLegDown')}`,
            `${t('card.helpTitle')}:\n${t('safetyNet.limbThreat')} ${t('safetyNet.emergencySigns')}`,
            t('card.numbers'),
            t('card.disclaimer'),
          ].join('\n\n'),
        ),
      });
    });

    it('gives the emergency signs once when they are the safety net', () => {
      const delivered = interviewTurns({ clotRisk: 'yes', clotPain: 'yes' }, 'cramp').at(-1)!;
      const outcome = outcomeIn(delivered);
      expect(outcome).toMatchObject({ level: 'urgent', advice: [], safetyNet: 'emergencySigns' });
      expect(outcome.firstAid).toBeUndefined();
      const { card } = render(delivered, tr);
      expect(card).toEqual({
        title: t('card.title'),
        content: plain(
          [
            t('outcome.headline.urgent'),
            `${t('card.adviceTitle')}:\n- ${t('outcome.nowUrgent')}`,
            `${t('card.helpTitle')}:\n${t('safetyNet.emergencySigns')}`,
            t('card.numbers'),
            t('card.disclaimer'),
          ].join('\n\n'),
        ),
      });
      expect(card!.content.split(plain(t('safetyNet.emergencySigns')))).toHaveLength(2);
    });
  });
});

describe('a turn that leaves the session open', () => {
  it('must end on something the listener can answer: otherwise rendering it fails, naming what it ended on', () => {
    const tr = translatorFor('en-US');
    expect(() => render({ acts: [{ type: 'noted' }], state: null, end: false }, tr)).toThrow(/"noted"/);
    // Ended, the same act is fine.
    expect(render({ acts: [{ type: 'noted' }], state: null, end: true }, tr)).toEqual({ speech: tr.t('noted') });
  });
});
