import { intentRequest, launchRequest, sessionEndedRequest } from '../src/console/envelopes';
import { Intent } from '../src/skill/intents';
import { handler, interview, NO, outcomeOf, pendingQuestion, talk, UNSURE, YES } from './helpers/skill';

const firstQuestion = 'Are you short of breath, or do you have chest pain, or are you coughing up blood?';

describe('launch and one-shot', () => {
  it('welcomes, gives a one-sentence disclaimer with the local number, then asks the first question', async () => {
    const reply = await talk('en-US').launch();
    expect(reply.speech).toMatch(/^Welcome to Leg Pain Guide\./);
    expect(reply.speech).toContain('not a diagnosis');
    expect(reply.speech).toContain('call 911 now');
    expect(reply.speech.endsWith(firstQuestion)).toBe(true);
    expect(reply.reprompt).toBeDefined();
    expect(reply.sessionEnded).toBe(false);
  });

  it('takes "why does my left leg hurt when I lay down" in one breath, side included', async () => {
    const reply = await talk('en-US').say('ask leg pain guide why does my left leg hurt when I lay down');
    expect(reply.speech).toMatch(/^Let's look at the pain in your left leg\./);
    expect(reply.speech).toContain('not a diagnosis');
    expect(pendingQuestion(reply)).toBe('breathing');
  });

  it('takes a one-shot without a side', async () => {
    const reply = await talk('en-US').say('ask leg pain guide my leg aches at night');
    expect(reply.speech).toMatch(/^Let's look at your leg pain\./);
    expect(pendingQuestion(reply)).toBe('breathing');
  });
});

describe('emergency', () => {
  it.each([
    ['en-US', /^Call 911 now\./],
    ['en-GB', /^Call 999 now\./],
    ['de-DE', /^Ruf jetzt 112 an\./],
  ])('in %s, says first to call the local number with a phone, and ends', async (locale, call) => {
    const conversation = talk(locale);
    await conversation.launch();
    const reply = await conversation.sendIntent(YES);
    expect(reply.speech).toMatch(call);
    expect(reply.speech).toMatch(/phone|Telefon/);
    expect(reply.speech).not.toMatch(/shall I call|should I call|I can call|soll ich .*anrufen|I'll call/i);
    expect(reply.sessionEnded).toBe(true);
    expect(outcomeOf(reply)).toEqual({ level: 'emergency', causes: ['pulmonaryEmbolism'] });
    expect(reply.card?.content).toMatch(/911|999|112/);
  });

  it('counts "I don\'t know" to an emergency question as yes, and says why', async () => {
    const conversation = talk();
    await conversation.launch();
    await conversation.sendIntent(NO);
    const reply = await conversation.sendIntent(UNSURE);
    expect(reply.speech).toMatch(/^To be safe, call 911 now\./);
    expect(outcomeOf(reply)?.level).toBe('emergency');
  });

  it('stops the questions as soon as a follow-up shows an emergency', async () => {
    const { asked, last } = await interview({ legChanged: 'yes', infectionSpreading: 'yes' });
    expect(asked).toEqual(['breathing', 'caudaEquina', 'legChanged', 'coldPaleLeg', 'infectionSpreading']);
    expect(last.speech).toMatch(/^Call 911 now\./);
  });
});

describe('outcomes', () => {
  it('explains night cramps, advice for tonight, when to get help, then offers more', async () => {
    const { last, asked } = await interview({ nightCramp: 'yes' });
    expect(asked.length).toBeLessThanOrEqual(8);
    expect(last.speech).toMatch(/^From your answers, this sounds like something you can usually ease at home\./);
    expect(last.speech).toContain('night cramps');
    expect(last.speech).toMatch(/stretch/i);
    expect(last.speech).toMatch(/water/);
    expect(last.speech).toContain('See a doctor if');
    expect(last.speech).toContain('Call 911 straight away');
    expect(last.speech).toMatch(/Would you like to hear more about night cramps\?$/);
    expect(last.sessionEnded).toBe(false);
    expect(outcomeOf(last)).toEqual({ level: 'selfcare', causes: ['nightCramps'] });
    expect(last.card?.content).toContain('Emergency: 911');
    expect(last.card?.content).toMatch(/stretch/i);
  });

  it('sends a possible clot to care today, with no self-care tips', async () => {
    const { last } = await interview({ clotRisk: 'yes', clotLikePain: 'yes' }, 'en-GB');
    expect(last.speech).toMatch(/^From your answers, please get medical care today\. Call NHS 111 now/);
    expect(last.speech).toContain('a blood clot in the leg');
    expect(last.speech).not.toMatch(/For tonight/);
    expect(outcomeOf(last)).toEqual({ level: 'urgent', causes: ['deepVeinThrombosis'] });
  });

  it('says to see a doctor within days for rest pain eased by hanging the leg down', async () => {
    const { last } = await interview({ easesHangingDown: 'yes' }, 'de-DE');
    expect(outcomeOf(last)).toEqual({ level: 'soon', causes: ['peripheralArteryDisease'] });
    expect(last.speech).toContain('Hausarztpraxis');
  });

  it('tells more about the offered cause on yes, offers the next, and ends kindly on no', async () => {
    const { conversation } = await interview({ nervePain: 'yes', fromBack: 'yes' });
    const more = await conversation.sendIntent(YES);
    expect(more.speech).toMatch(/^Sciatica often worsens/);
    expect(more.speech).toMatch(/Would you like to hear about a slipped disc too\?$/);
    const bye = await conversation.sendIntent(NO);
    expect(bye.speech).toBe('Take care, and I hope you sleep well.');
    expect(bye.sessionEnded).toBe(true);
  });

  it('tells more about a cause named by the listener', async () => {
    const { conversation } = await interview({ nightCramp: 'yes' });
    const reply = await conversation.say('tell me more about restless legs');
    expect(reply.speech).toMatch(/^Restless legs syndrome is common/);
  });

  it('repeats the outcome on request', async () => {
    const { conversation, last } = await interview({ jointPain: 'yes' });
    const again = await conversation.sendIntent(Intent.repeat);
    expect(again.speech).toBe(last.speech);
  });

  it('never claims a diagnosis', async () => {
    for (const answers of [{}, { nightCramp: 'yes' }, { urgeToMove: 'yes' }, { legChanged: 'yes' }] as const) {
      const { replies } = await interview(answers);
      for (const reply of replies) {
        expect(reply.speech).not.toMatch(/(?<!(do|if) )you have\b|you've got|diagnosed|your diagnosis/i);
      }
    }
  });
});

describe('navigation', () => {
  it('help says how to answer the pending question, then asks it again', async () => {
    const conversation = talk();
    await conversation.launch();
    await conversation.sendIntent(NO);
    const reply = await conversation.sendIntent(Intent.help);
    expect(reply.speech).toContain('Answer with yes, no, or not sure.');
    expect(reply.speech.endsWith('Do you have numbness around your bottom or genitals, new trouble peeing or controlling your bowels, or weakness in both legs?')).toBe(true);
    expect(pendingQuestion(reply)).toBe('caudaEquina');
  });

  it('repeat asks the pending question again without changing anything', async () => {
    const conversation = talk();
    await conversation.launch();
    const before = await conversation.sendIntent(NO);
    const reply = await conversation.sendIntent(Intent.repeat);
    expect(reply.speech).toBe('Do you have numbness around your bottom or genitals, new trouble peeing or controlling your bowels, or weakness in both legs?');
    expect(reply.response.sessionAttributes).toEqual(before.response.sessionAttributes);
  });

  it('go back changes the last answer', async () => {
    const conversation = talk();
    await conversation.launch();
    for (let i = 0; i < 2; i++) await conversation.sendIntent(NO);
    const followUp = await conversation.sendIntent(YES);
    expect(pendingQuestion(followUp)).toBe('coldPaleLeg');
    const back = await conversation.sendIntent(Intent.previous);
    expect(back.speech).toBe(
      "Okay, let's go back. Does the painful leg look or feel different from the other: swollen, red, or hot, or cold, pale, or bluish?",
    );
    const changed = await conversation.sendIntent(NO);
    expect(pendingQuestion(changed)).toBe('suddenSevere');
  });

  it('go back after the outcome reopens the last question', async () => {
    const { conversation, asked } = await interview({});
    const back = await conversation.sendIntent(Intent.previous);
    expect(pendingQuestion(back)).toBe(asked.at(-1));
    expect(outcomeOf(back)).toBeUndefined();
  });

  it('start over clears the answers', async () => {
    const conversation = talk();
    await conversation.launch();
    await conversation.sendIntent(NO);
    const reply = await conversation.sendIntent(Intent.startOver);
    expect(reply.speech).toBe(`Okay, let's start again. ${firstQuestion}`);
    expect(reply.response.sessionAttributes).toEqual(expect.objectContaining({ answers: [] }));
  });

  it.each([Intent.stop, Intent.cancel, Intent.navigateHome])('%s ends the session without content', async (intent) => {
    const conversation = talk();
    await conversation.launch();
    const reply = await conversation.sendIntent(intent);
    expect(reply.sessionEnded).toBe(true);
    expect(reply.response.response.outputSpeech).toBeUndefined();
  });

  it('fallback re-asks the pending question with more guidance on each miss, and keeps the answers', async () => {
    const conversation = talk();
    await conversation.launch();
    await conversation.sendIntent(NO);
    const misses = [];
    for (let i = 0; i < 4; i++) misses.push(await conversation.sendIntent(Intent.fallback));
    expect(misses[0]!.speech).toMatch(/^Sorry, I didn't catch that\. Do you have numbness/);
    expect(misses[1]!.speech).toMatch(/^Sorry, I still didn't get that\. Please answer with yes, no, or not sure\./);
    expect(misses[2]!.speech).toMatch(/^I can only understand yes, no, or not sure\./);
    expect(misses[3]!.speech).toMatch(/^I can only understand yes, no, or not sure\./);
    for (const miss of misses) expect(pendingQuestion(miss)).toBe('caudaEquina');
    const answered = await conversation.sendIntent(NO);
    expect(pendingQuestion(answered)).toBe('legChanged');
  });

  it('yes or no with no question pending gets help, not an error', async () => {
    const reply = await talk().sendIntent(YES);
    expect(reply.speech).toMatch(/^There's no question waiting for an answer\. I ask a few yes or no questions/);
    expect(reply.speech).toContain('not a diagnosis');
    expect(reply.speech.endsWith(firstQuestion)).toBe(true);
    expect(reply.sessionEnded).toBe(false);
  });

  it('an intent this skill does not know is treated as not understood', async () => {
    const conversation = talk();
    await conversation.launch();
    const reply = await conversation.sendIntent('AMAZON.ShuffleOnIntent');
    expect(reply.speech).toMatch(/^Sorry, I didn't catch that\./);
    expect(pendingQuestion(reply)).toBe('breathing');
  });
});

describe('session state and bad input', () => {
  const session = (attributes: Record<string, unknown>) => ({ sessionId: 's-1', isNew: false, attributes });

  it.each([
    ['garbage', { stage: 'flying', answers: 'lots' }],
    ['an older version', { version: 0, stage: 'interview', answers: [], misses: 0 }],
    ['answers out of order', { version: 1, stage: 'interview', answers: [{ question: 'persistent', answer: 'no' }], misses: 0 }],
    ['an unknown question', { version: 1, stage: 'interview', answers: [{ question: 'gout', answer: 'yes' }], misses: 0 }],
    ['a forged outcome', { version: 1, stage: 'outcome', answers: [], misses: 0, outcome: { level: 'selfcare', causes: ['nightCramps'] } }],
    ['prototype pollution', JSON.parse('{"__proto__": {"polluted": true}, "version": 1, "stage": "interview", "answers": [], "misses": 0}')],
  ])('starts over with a short apology when the state is %s', async (_case, attributes) => {
    const response = await handler(intentRequest('en-US', session(attributes as Record<string, unknown>), YES));
    const ssml = response.response.outputSpeech?.type === 'SSML' ? response.response.outputSpeech.ssml : '';
    expect(ssml).toContain("Sorry, I lost track of where we were, so let's start again.");
    expect(ssml).toContain(firstQuestion);
    expect(response.response.shouldEndSession).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('answers SessionEndedRequest with no speech', async () => {
    const response = await handler(sessionEndedRequest('en-US', session({})));
    expect(response.response.outputSpeech).toBeUndefined();
  });

  it('answers a request it cannot handle with an apology in the listener\'s language', async () => {
    const envelope = launchRequest('de-DE', session({}));
    (envelope.request as { type: string }).type = 'Alexa.Presentation.APL.UserEvent';
    const response = await handler(envelope);
    const ssml = response.response.outputSpeech?.type === 'SSML' ? response.response.outputSpeech.ssml : '';
    expect(ssml).toMatch(/^<speak>Entschuldigung/);
    expect(ssml).not.toMatch(/Error|at .*\.js/);
  });

  it('an intent request with no intent at all gets a spoken answer', async () => {
    const envelope = intentRequest('en-US', session({}), YES);
    delete (envelope.request as { intent?: unknown }).intent;
    const response = await handler(envelope);
    expect(response.response.outputSpeech).toBeDefined();
  });

  it('falls back to US English with "your local emergency number" for a locale it does not know', async () => {
    const response = await handler(launchRequest('fr-FR', session({})));
    const ssml = response.response.outputSpeech?.type === 'SSML' ? response.response.outputSpeech.ssml : '';
    expect(ssml).toContain('call your local emergency number now');
  });
});
