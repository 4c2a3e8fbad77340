import type { ScreenView } from '../screen/view';

/** What the screen shows, as text for the console: heading, progress, the words, the buttons, the footer. */
export function screenText(view: ScreenView): string {
  const rows = [
    `${view.heading}${view.tone === 'none' ? '' : `  (${view.tone})`}`,
    ...(view.progress.shown
      ? [`[${'#'.repeat(view.progress.value)}${'.'.repeat(Math.max(view.progress.total - view.progress.value, 0))}]`]
      : []),
    ...(view.lead ? [view.lead] : []),
    view.kind === 'emergency' ? view.main.toUpperCase() : view.main,
    ...view.lines.map((line) => (line.label ? `${line.label}: ${line.text}` : line.text)),
    ...(view.buttons.length > 0 ? [view.buttons.map((b) => `[ ${b.text} ]`).join(' ')] : []),
    view.footer,
  ];
  return `  ┌ screen\n${rows.map((row) => `  │ ${row}`).join('\n')}\n  └\n`;
}
