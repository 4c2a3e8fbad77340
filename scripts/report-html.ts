import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LEVELS } from '../src/rules/levels';
import { REMINDER_RESULTS } from '../src/skill/metrics';
import { byDimension, byTwo, funnel, quantile, topFallbacks, total, type View } from './report';

/** Chart.js's browser build, inlined: the page needs nothing from the network. */
const chartJs = () => readFileSync(join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'), 'utf8');

const LEVEL_COLOURS: Record<string, string> = { selfcare: '#2e7d32', soon: '#f9a825', urgent: '#ef6c00', emergency: '#c62828' };
const PALETTE = ['#1565c0', '#6a1b9a', '#00838f', '#ad1457', '#4e342e', '#558b2f', '#37474f', '#9e9d24', '#5d4037', '#283593'];

/** JSON safe inside a script element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');
const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
const n = (value: number) => value.toLocaleString('en-US');

/** The charts' data and options, built here so the page's own script only draws them. */
function charts(view: View): Array<{ id: string; title: string; config: unknown; height: number }> {
  const { started, outcomes, steps } = funnel(view);
  const funnelLabels = ['sessions started', ...steps.map((s) => s.step), 'outcome reached'];
  const stillGoing = [started, ...steps.map((s) => Math.max(s.going, 0)), outcomes];
  const stopped = [0, ...steps.map((s) => s.stopped), 0];

  const fallbacks = byTwo(view, 'Fallbacks', 'question', 'locale');
  const questions = [...fallbacks]
    .map(([question, byLocale]) => [question, [...byLocale.values()].reduce((a, b) => a + b, 0)] as const)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12)
    .map(([question]) => question);
  const localeTotals = byDimension(view, 'Fallbacks', 'locale');
  const locales = [...localeTotals].sort((a, b) => b[1] - a[1]).map(([locale]) => locale);
  const shownLocales = locales.slice(0, 8);

  const levels = byTwo(view, 'Outcomes', 'locale', 'level');
  const outcomeLocales = [...levels].sort((a, b) => sumOf(b[1]) - sumOf(a[1])).map(([locale]) => locale);

  const others: Array<[string, number]> = [
    ['help', total(view, 'Help')],
    ['repeat', total(view, 'Repeat')],
    ['go back', total(view, 'GoBack')],
    ['start over', total(view, 'StartOver')],
    ['emergencies', total(view, 'Emergencies')],
    ['touches', total(view, 'Touches')],
    ...[...byDimension(view, 'NameFreeRequests', 'canFulfill')].map(([answer, count]): [string, number] => [`name-free ${answer}`, count]),
    ...REMINDER_RESULTS.map((result): [string, number] => [
      `reminder ${result}`,
      byDimension(view, 'Reminders', 'reminder').get(result) ?? 0,
    ]),
    ...[...byDimension(view, 'Errors', 'kind')].map(([kind, count]): [string, number] => [`error ${kind}`, count]),
  ];

  const horizontal = { indexAxis: 'y', animation: false, responsive: true, maintainAspectRatio: false };
  return [
    {
      id: 'funnel',
      title: 'Where conversations stop',
      height: 120 + 22 * funnelLabels.length,
      config: {
        type: 'bar',
        data: {
          labels: funnelLabels,
          datasets: [
            { label: 'still going', data: stillGoing, backgroundColor: '#1565c0', stack: 'a' },
            { label: 'stopped here', data: stopped, backgroundColor: '#c62828', stack: 'a' },
          ],
        },
        options: { ...horizontal, scales: { x: { stacked: true }, y: { stacked: true } } },
      },
    },
    {
      id: 'fallbacks',
      title: 'Not understood: the questions with the most fallbacks, by locale',
      height: 120 + 26 * Math.max(questions.length, 1),
      config: {
        type: 'bar',
        data: {
          labels: questions,
          datasets: [
            ...shownLocales.map((locale, i) => ({
              label: locale,
              data: questions.map((q) => fallbacks.get(q)?.get(locale) ?? 0),
              backgroundColor: PALETTE[i % PALETTE.length],
            })),
            ...(locales.length > shownLocales.length
              ? [
                  {
                    label: 'other locales',
                    data: questions.map((q) =>
                      locales.slice(shownLocales.length).reduce((a, locale) => a + (fallbacks.get(q)?.get(locale) ?? 0), 0),
                    ),
                    backgroundColor: '#9e9e9e',
                  },
                ]
              : []),
          ],
        },
        options: { ...horizontal, scales: { x: { stacked: true }, y: { stacked: true } } },
      },
    },
    {
      id: 'outcomes',
      title: 'Outcomes by level and locale',
      height: 360,
      config: {
        type: 'bar',
        data: {
          labels: outcomeLocales,
          datasets: LEVELS.map((level) => ({
            label: level,
            data: outcomeLocales.map((locale) => levels.get(locale)?.get(level) ?? 0),
            backgroundColor: LEVEL_COLOURS[level],
          })),
        },
        options: { animation: false, responsive: true, maintainAspectRatio: false, scales: { x: { stacked: true }, y: { stacked: true } } },
      },
    },
    {
      id: 'other',
      title: 'Repair, emergencies, touches, name-free requests, reminders, errors',
      height: 120 + 22 * others.length,
      config: {
        type: 'bar',
        data: {
          labels: others.map(([label]) => label),
          datasets: [{ label: 'count', data: others.map(([, count]) => count), backgroundColor: '#00838f' }],
        },
        options: { ...horizontal, plugins: { legend: { display: false } } },
      },
    },
  ];
}

const sumOf = (map: Map<string, number>) => [...map.values()].reduce((a, b) => a + b, 0);

/** The page: one file, Chart.js and the data inside; the body says how many charts were drawn (data-charts-drawn). */
export function renderHtml(view: View): string {
  const list = charts(view);
  const latencies = [...view.latencies].sort((a, b) => a - b);
  const { started, outcomes } = funnel(view);
  const span =
    view.firstTime === undefined
      ? ''
      : `${new Date(view.firstTime).toISOString().slice(0, 16).replace('T', ' ')} to ${new Date(view.lastTime!).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const fallbackRows = topFallbacks(view, 3)
    .map(
      ({ locale, total: count, questions }) =>
        `<tr><td>${escapeHtml(locale)}</td><td class="num">${n(count)}</td><td>${questions.map(([q, c]) => `${escapeHtml(q)} ${n(c)}`).join(' · ')}</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Leg Pain Guide: the operator's view</title>
<style>
  body { font: 15px/1.4 system-ui, sans-serif; margin: 24px; color: #212121; background: #fafafa; }
  h1 { font-size: 22px; margin: 0 0 4px; }
  .summary { color: #555; margin-bottom: 16px; }
  .figures { display: flex; gap: 12px; flex-wrap: wrap; margin-bottom: 16px; }
  .figure { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 8px 14px; }
  .figure b { display: block; font-size: 20px; }
  .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 16px; }
  .card { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 12px; }
  .card h2 { font-size: 15px; margin: 0 0 8px; }
  table { border-collapse: collapse; width: 100%; }
  td, th { text-align: left; padding: 3px 8px; border-bottom: 1px solid #eee; }
  .num { text-align: right; }
</style>
</head>
<body>
<h1>Leg Pain Guide: the operator's view</h1>
<div class="summary">${n(view.linesRead)} log lines, ${n(view.metricLines)} metric lines${span ? `, ${span}` : ''}. Counts only: no person, no answer, no cause.</div>
<div class="figures">
  <div class="figure"><b>${n(started)}</b>sessions started</div>
  <div class="figure"><b>${n(outcomes)}</b>outcomes reached</div>
  <div class="figure"><b>${n(total(view, 'DropOffs'))}</b>stopped before one</div>
  <div class="figure"><b>${n(total(view, 'Fallbacks'))}</b>not understood</div>
  <div class="figure"><b>${n(total(view, 'Errors'))}</b>errors in ${n(total(view, 'Requests'))} requests</div>
  <div class="figure"><b>${Number.isNaN(quantile(latencies, 0.99)) ? '–' : `${quantile(latencies, 0.99).toFixed(1)} ms`}</b>p99 handler latency</div>
</div>
<div class="grid">
${list.map((chart) => `<div class="card"><h2>${escapeHtml(chart.title)}</h2><div style="position: relative; height: ${chart.height}px"><canvas id="${chart.id}"></canvas></div></div>`).join('\n')}
<div class="card"><h2>Not understood: the top questions per locale</h2><table><tr><th>locale</th><th class="num">fallbacks</th><th>questions</th></tr>${fallbackRows}</table></div>
</div>
<script>${chartJs()}</script>
<script>
(function () {
  var charts = ${scriptJson(list.map(({ id, config }) => ({ id, config })))};
  var drawn = 0;
  charts.forEach(function (chart) {
    var canvas = document.getElementById(chart.id);
    new Chart(canvas, chart.config);
    var context = canvas.getContext('2d');
    var pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
    var painted = 0;
    for (var i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) painted += 1;
    canvas.setAttribute('data-painted', String(painted));
    if (painted > 0) drawn += 1;
  });
  document.body.setAttribute('data-charts', String(charts.length));
  document.body.setAttribute('data-charts-drawn', String(drawn));
})();
</script>
</body>
</html>
`;
}
