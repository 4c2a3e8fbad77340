import { createInterface } from 'node:readline';
import { handler } from '../../lambda/index';
import { SUPPORTED_LOCALES } from '../i18n';
import { setLogSink } from '../skill/log';
import { createConversation, type Reply } from './conversation';
import { screenText } from './screen-text';

/** "tap yes", "tap not sure", "tap cramp": a touch on the screen rather than words. */
const TAP = /^tap\s+(.+)$/i;

/**
 * The local voice console: `npm start [-- --locale de-DE] [--verbose] [--screen]`.
 * Typed (or piped) utterances go to the real Lambda handler as Alexa request envelopes; with --screen, as from an
 * Echo Show: each turn's screen is printed as text, and "tap yes" touches a button.
 */
function parseArgs(argv: string[]): { locale: string; verbose: boolean; screen: boolean } {
  const localeIndex = argv.indexOf('--locale');
  const locale = localeIndex >= 0 ? (argv[localeIndex + 1] ?? '') : 'en-US';
  if (!(SUPPORTED_LOCALES as readonly string[]).includes(locale)) {
    process.stderr.write(`Unknown locale "${locale}". Use one of: ${SUPPORTED_LOCALES.join(', ')}\n`);
    process.exit(2);
  }
  return { locale, verbose: argv.includes('--verbose'), screen: argv.includes('--screen') };
}

async function main(): Promise<void> {
  // Piped into `head` or a closed terminal: stop quietly rather than with a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => process.exit(error.code === 'EPIPE' ? 0 : 1));
  const { locale, verbose, screen } = parseArgs(process.argv.slice(2));
  setLogSink(verbose ? (line) => process.stderr.write(`${line}\n`) : () => undefined);
  const interactive = process.stdin.isTTY === true;
  const conversation = createConversation(locale, handler, undefined, screen ? 'screen' : 'speaker');
  const print = (reply: Reply): void => {
    if (reply.speech) process.stdout.write(`Alexa: ${reply.speech}\n`);
    if (reply.card && verbose) process.stdout.write(`[card] ${reply.card.title}\n${reply.card.content}\n`);
    if (reply.screen) process.stdout.write(screenText(reply.screen.view));
    if (reply.sessionEnded) process.stdout.write('(session ended)\n');
  };

  const lines = createInterface({ input: process.stdin, ...(interactive ? { output: process.stdout, terminal: true } : {}) });
  let started = false;
  if (interactive) {
    process.stdout.write(`Leg Pain Guide, local console (${locale}). Type what you would say; Ctrl-D to quit.\n`);
    print(await conversation.launch());
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
    if (!started && !conversation.opensSkill(line)) print(await conversation.launch());
    started = true;
    if (!interactive) process.stdout.write(`You: ${line}\n`);
    const tap = TAP.exec(line);
    if (tap && screen) {
      const reply = await conversation.tap(tap[1]!);
      if (reply) print(reply);
      else process.stdout.write(`(no button "${tap[1]}" on the screen: ${conversation.buttons().map((b) => b.text).join(', ') || 'none'})\n`);
    } else {
      print(await conversation.say(line));
    }
    if (interactive) lines.prompt();
  }
  await conversation.end();
}

main().catch((error: unknown) => {
  process.stderr.write(`Console failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
