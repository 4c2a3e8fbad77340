import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createRecogniser } from '../src/console/matcher';
import { Intent } from '../src/skill/intents';

const root = join(__dirname, '..');

function script(lines: string[], ...args: string[]) {
  const run = spawnSync('npm', ['start', '--silent', '--', ...args], {
    cwd: root,
    input: `${lines.join('\n')}\n`,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('npm start, the local voice console, in script mode', () => {
  it('runs piped utterances through the real handler, one a line', () => {
    const { status, stdout } = script(['yes', 'repeat', 'stop'], '--locale', 'en-GB');
    expect(status).toBe(0);
    expect(stdout).toMatch(/^Alexa: Welcome to Leg Pain Guide\. .*call <?999/m);
    expect(stdout).toContain('You: yes\nAlexa: Call 999 now.');
    expect(stdout).toContain('You: repeat\nAlexa: Call 999 now.');
    expect(stdout).toContain('You: stop\nAlexa: Please call 999 now.');
    expect(stdout).toContain('(session ended)');
  });

  it('runs a benign path with a described pain to its layered outcome', () => {
    const { status, stdout } = script(['no', 'no', 'no', 'no', 'no', 'it feels like a cramp', 'no', 'yes', 'no', 'no']);
    expect(status).toBe(0);
    expect(stdout).toContain('Alexa: Safety checks done.');
    expect(stdout).toContain('Alexa: This sounds like something you can ease at home. It may be night cramps.');
    expect(stdout).toContain('Alexa: Also:');
    expect(stdout.trim().endsWith('(session ended)')).toBe(true);
  });

  it('opens with a one-shot and runs a whole triage in German', () => {
    const { status, stdout } = script(
      // "weiß nicht" at the open question, then no to restless legs, yes to cramps, no to rest pain and the offers.
      [
        'frag ratgeber beinschmerzen warum mein linkes bein nachts weh tut',
        'nein',
        'nein',
        'nein',
        'nein',
        'nein',
        'weiß nicht',
        'nein',
        'ja',
        'nein',
        'nein',
        'nein',
      ],
      '--locale',
      'de-DE',
    );
    expect(status).toBe(0);
    expect(stdout).toMatch(/Alexa: .*linken Bein/);
    expect(stdout).toMatch(/Wadenkr/);
    expect(stdout.trim().endsWith('(session ended)')).toBe(true);
  });

  it.each([
    ['ja-JP', 'はい', '119'],
    ['hi-IN', 'हाँ', '112'],
    ['ar-SA', 'نعم', '997'],
  ])('takes typed %s, in its own script, to the emergency number', (locale, yes, number) => {
    const { status, stdout } = script([yes, 'stop'], '--locale', locale);
    expect(status).toBe(0);
    expect(stdout).toContain(`You: ${yes}\nAlexa: `);
    expect(stdout.split(`You: ${yes}\n`)[1]!.split('\n')[0]).toContain(number);
  });

  it('with --screen, prints what an Echo Show shows and takes "tap …" as a touch', () => {
    const { status, stdout } = script(['tap no', 'tap no', 'tap no', 'tap no', 'tap no', 'tap cramp', 'tap no', 'tap done'], '--screen');
    expect(status).toBe(0);
    expect(stdout).toContain('│ [ Yes ] [ No ] [ Not sure ]');
    expect(stdout).toContain('│ Emergency: 911.');
    expect(stdout).toMatch(/│ \[ Cramp \] \[ Shooting \]/);
    expect(stdout).toContain('You: tap cramp\nAlexa: Last question. Does it ease when you hang the leg out of bed');
    expect(stdout).toContain('│ Likely cause: It may be night cramps.');
    expect(stdout).toContain('You: tap done\nAlexa: Take care, and I hope you sleep well.');
  });

  it('walks through offering, consenting to and setting a reminder against the stand-in Alexa API', () => {
    const { status, stdout } = script(['no', 'no', 'no', 'no', 'no', 'it is a cramp', 'no', 'no', 'yes', 'yes']);
    // No to rest pain, no to more tips, yes to the reminder, yes at Alexa's consent question.
    expect(status).toBe(0);
    expect(stdout).toContain('Alexa: Would you like a reminder in 3 days, at 6 in the evening, to check on your leg?');
    expect(stdout).toContain('Alexa (its own question): Do you give Leg Pain Guide permission to create reminders?');
    expect(stdout).toContain("Alexa: Done: I'll remind you in 3 days, at 6 in the evening.");
    expect(stdout).toMatch(
      /\[stand-in Alexa API: reminder for \d{4}-\d\d-\d\dT18:00:00\.000 \(America\/New_York\): "Time to check on your leg\. If it still hurts, book a doctor's appointment\."\]/,
    );
  });

  it('says which buttons there are when a tap matches none', () => {
    const { stdout } = script(['tap maybe'], '--screen');
    expect(stdout).toContain('(no button "maybe" on the screen: Yes, No, Not sure)');
  });

  it('refuses a locale it has no model for, and a flag it does not take, rather than start an English session', () => {
    const unknownLocale = script([], '--locale', 'xx-XX');
    expect(unknownLocale.status).toBe(2);
    expect(unknownLocale.stderr).toContain('Unknown locale');
    const unknownFlag = script([], '--lang', 'de-DE');
    expect(unknownFlag.status).toBe(2);
    expect(unknownFlag.stderr).toMatch(/Unknown option '--lang'[\s\S]*Usage: npm start/);
    expect(unknownFlag.stdout).toBe('');
  });

  it('says what it takes with --help, and opens the skill with nothing piped in', () => {
    const help = script([], '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm start[\s\S]*--locale <locale>[\s\S]*--name-free/);
    const empty = spawnSync('npm', ['start', '--silent'], { cwd: root, input: '', encoding: 'utf8', timeout: 60_000 });
    expect(empty.status).toBe(0);
    expect(empty.stdout).toMatch(/^Alexa: Welcome to Leg Pain Guide\./);
  });
});

describe('the console recognises what people say with the interaction model', () => {
  const en = createRecogniser('en-US');
  const de = createRecogniser('de-DE');

  it.each([
    ['yes', Intent.yes],
    ['Nope.', Intent.no],
    ["I don't know", Intent.unsure],
    ['not sure', Intent.unsure],
    ['go back', Intent.previous],
    ['tell me more about sciatica', Intent.moreAbout],
    ['what is the meaning of life', Intent.fallback],
    ['yes, my leg is swollen', Intent.yes],
    ['um, no', Intent.no],
    ["well I'm not sure", Intent.unsure],
    ['no idea really', Intent.unsure],
    ['stop please', Intent.stop],
  ])('"%s" is %s', async (utterance, intent) => {
    expect((await en.match(utterance)).intent).toBe(intent);
  });

  it('fills the side and cause slots with their ids', async () => {
    expect(await en.recognise('Alexa, ask leg pain guide why my left leg hurts when I lie down')).toEqual({
      kind: 'oneShot',
      match: { intent: Intent.describePain, slots: { side: { value: 'left', id: 'left' } } },
    });
    expect((await en.match('tell me more about the blood clot')).slots.cause?.id).toBe('deepVeinThrombosis');
  });

  it('understands German answers', async () => {
    expect((await de.match('weiß nicht')).intent).toBe(Intent.unsure);
    expect((await de.match('ja')).intent).toBe(Intent.yes);
    expect(await de.recognise(`öffne ${de.invocationName}`)).toEqual({ kind: 'launch' });
  });
});
