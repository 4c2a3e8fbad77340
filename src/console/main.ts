import { createInterface } from 'node:readline';
import { handler } from '../../lambda/index';
import { exitWithUsage, readCommandLine } from '../command-line';
import { isSupportedLocale, SUPPORTED_LOCALES, type SupportedLocale } from '../i18n/locales';
import { Intent } from '../skill/intents';
import { setLogSink } from '../skill/log';
import { startAlexaApi } from './alexa-api';
import { createConversation, type Reply } from './conversation';
import { createRecogniser } from './matcher';
import { createNameFree } from './name-free';
import { screenText } from './screen-text';

/** The stand-in Alexa API's device time zone, one a listener in that locale might have. */
const TIME_ZONES: Record<SupportedLocale, string> = {
  'en-US': 'America/New_York',
  'en-GB': 'Europe/London',
  'en-CA': 'America/Toronto',
  'en-AU': 'Australia/Sydney',
  'en-IN': 'Asia/Kolkata',
  'de-DE': 'Europe/Berlin',
  'es-ES': 'Europe/Madrid',
  'es-MX': 'America/Mexico_City',
  'es-US': 'America/Los_Angeles',
  'fr-FR': 'Europe/Paris',
  'fr-CA': 'America/Montreal',
  'it-IT': 'Europe/Rome',
  'pt-BR': 'America/Sao_Paulo',
  'ja-JP': 'Asia/Tokyo',
  'hi-IN': 'Asia/Kolkata',
  'ar-SA': 'Asia/Riyadh',
  'nl-NL': 'Europe/Amsterdam',
};

/** What Alexa itself asks when the skill asks for the reminders permission by voice (its words, not the skill's). */
const CONSENT_QUESTION = 'Do you give Leg Pain Guide permission to create reminders? (yes or no)';

/** "tap yes", "tap not sure", "tap cramp": a touch on the screen rather than words. */
const TAP = /^tap\s+(.+)$/i;

const USAGE = `Usage: npm start [-- --locale <locale>] [--screen] [--name-free] [--verbose]

The local voice console: what you type (or pipe, one utterance a line) goes to the real Lambda handler as an
Alexa request, and what the skill says is printed.

  --locale <locale>  one of ${SUPPORTED_LOCALES.join(', ')} (default en-US)
  --screen           as from an Echo Show: each turn's screen is printed, and "tap yes" touches a button
  --name-free        a line said outside a session goes to Alexa without the skill's name
  --verbose          also print cards and the JSON log lines
  --help             this text
`;

interface Options {
  locale: SupportedLocale;
  verbose: boolean;
  screen: boolean;
  nameFree: boolean;
}

/**
 * The local voice console: `npm start [-- --locale de-DE] [--verbose] [--screen] [--name-free]`.
 * Typed (or piped) utterances go to the real Lambda handler as Alexa request envelopes; with --screen, as from an
 * Echo Show: each turn's screen is printed as text, and "tap yes" touches a button. With --name-free, a line said
 * outside a session is said to Alexa without the skill's name (src/console/name-free.ts). An unknown flag or
 * locale is an error (exit code 2), never a silent English session.
 */
function readOptions(): Options {
  const { values } = readCommandLine(USAGE, {
    locale: { type: 'string', default: 'en-US' },
    verbose: { type: 'boolean', default: false },
    screen: { type: 'boolean', default: false },
    'name-free': { type: 'boolean', default: false },
  });
  if (!isSupportedLocale(values.locale)) exitWithUsage(USAGE, `Unknown locale "${values.locale}".`);
  return { locale: values.locale, verbose: values.verbose, screen: values.screen, nameFree: values['name-free'] };
}

async function main(): Promise<void> {
  // Piped into `head` or a closed terminal: stop quietly rather than with a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => process.exit(error.code === 'EPIPE' ? 0 : 1));
  const { locale, verbose, screen, nameFree: nameFreeMode } = readOptions();
  setLogSink(verbose ? (line) => process.stderr.write(`${line}\n`) : () => undefined);
  const interactive = process.stdin.isTTY === true;
  // The Alexa API the reminders use, stood in for on loopback: the console shows what the skill would create.
  const api = await startAlexaApi({ timeZone: TIME_ZONES[locale] });
  const recogniser = createRecogniser(locale);
  const conversation = createConversation(locale, handler, recogniser, {
    device: screen ? 'screen' : 'speaker',
    apiEndpoint: api.endpoint,
  });
  let consentToken: string | undefined;
  let reminders = 0;
  const nameFree = nameFreeMode ? createNameFree(locale, handler, recogniser, conversation) : undefined;
  let open = false;
  const print = (reply: Reply): void => {
    open = !reply.sessionEnded;
    if (reply.speech) process.stdout.write(`Alexa: ${reply.speech}\n`);
    if (reply.card && verbose) process.stdout.write(`[card] ${reply.card.title}\n${reply.card.content}\n`);
    if (reply.response.response.card?.type === 'AskForPermissionsConsent')
      process.stdout.write('[card in the Alexa app: allow reminders]\n');
    if (reply.screen) process.stdout.write(screenText(reply.screen.view));
    for (const created of api.received.filter((r) => r.method === 'POST').slice(reminders)) {
      reminders += 1;
      const body = created.body as {
        trigger?: { scheduledTime?: string; timeZoneId?: string };
        alertInfo?: { spokenInfo?: { content?: { text?: string }[] } };
      };
      process.stdout.write(
        `[stand-in Alexa API: reminder for ${body.trigger?.scheduledTime ?? '?'} (${body.trigger?.timeZoneId ?? 'device time'}): "${body.alertInfo?.spokenInfo?.content?.[0]?.text ?? ''}"]\n`,
      );
    }
    consentToken = reply.consent?.token;
    if (consentToken !== undefined) process.stdout.write(`Alexa (its own question): ${CONSENT_QUESTION}\n`);
    else if (reply.sessionEnded) process.stdout.write('(session ended)\n');
  };

  const lines = createInterface({ input: process.stdin, ...(interactive ? { output: process.stdout, terminal: true } : {}) });
  let started = false;
  if (interactive) {
    process.stdout.write(`Leg Pain Guide, local console (${locale}). Type what you would say; Ctrl-D to quit.\n`);
    if (nameFree)
      process.stdout.write('Name-free: say it to Alexa without the skill\'s name, e.g. "why does my leg hurt when I lie down".\n');
    else print(await conversation.launch());
    started = true;
    lines.setPrompt('You: ');
    lines.prompt();
  }
  for await (const raw of lines) {
    const line = raw.trim();
    if (!line) {
      if (interactive) lines.prompt();
      continue;
    }
    if (!started && !nameFree && !conversation.opensSkill(line)) print(await conversation.launch());
    started = true;
    if (!interactive) process.stdout.write(`You: ${line}\n`);
    const tap = TAP.exec(line);
    if (consentToken !== undefined) {
      const { intent } = await recogniser.match(line);
      const answer = intent === Intent.yes ? 'ACCEPTED' : intent === Intent.no ? 'DENIED' : 'NOT_ANSWERED';
      print(await conversation.answerConsent(consentToken, answer));
    } else if (nameFree && !open && !conversation.opensSkill(line)) {
      const heard = await nameFree.hear(line);
      for (const note of heard.notes) process.stdout.write(`${note}\n`);
      if (heard.reply) print(heard.reply);
    } else if (tap && screen) {
      const reply = await conversation.tap(tap[1]!);
      if (reply) print(reply);
      else
        process.stdout.write(
          `(no button "${tap[1]}" on the screen: ${
            conversation
              .buttons()
              .map((b) => b.text)
              .join(', ') || 'none'
          })\n`,
        );
    } else {
      print(await conversation.say(line));
    }
    if (interactive) lines.prompt();
  }
  // Nothing piped in (`npm start < /dev/null`): the skill still opens, as it would on a device.
  if (!started && !nameFree) print(await conversation.launch());
  await conversation.end();
  await api.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`Console failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
