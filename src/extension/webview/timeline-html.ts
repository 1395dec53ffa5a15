/**
 * The timeline webview page: the validity chart of every identity (the same
 * SVG as the HTML report) and its table twin for screen readers. Pure: the
 * page is built from the timeline model, every string escaped, under the
 * shared strict CSP (our stylesheet, our one script by nonce; no inline
 * style or script). Clicking a bar or a row asks the extension to open the
 * block (`open?f=<file>&l=<line>` links, read by media/timeline.js).
 */
import { isoDay } from '../../core/report/escape';
import { renderTimelineSvg, type Timeline } from '../../core/report/timeline';
import { esc, renderPage, type WebviewResources } from './page';

export function openHref(file: string, line: number): string {
  return `#open?f=${encodeURIComponent(file)}&l=${line}`;
}

export function renderTimelinePage(t: Timeline, r: WebviewResources, highlight?: string): string {
  const rows = t.rows.flatMap((row) =>
    row.bars.map((b, i) => {
      const prev = i > 0 ? row.marks[i - 1] : undefined;
      const note = prev ? `${prev.kind} ${isoDay(prev.from)} → ${isoDay(prev.to)}` : '';
      return (
        `<tr class="s-${b.status}${b.sha256 === highlight ? ' highlight' : ''}" id="row-${esc(b.sha256.slice(0, 16))}">` +
        `<td>${esc(row.label)}</td><td><a href="${esc(openHref(b.file, b.line))}">${esc(b.file)}:${b.line}</a></td>` +
        `<td>${isoDay(b.notBefore)}</td><td>${isoDay(b.notAfter)}</td><td>${isoDay(b.renewalAt)}</td><td class="status">${b.status}</td><td>${esc(note)}</td></tr>`
      );
    }),
  );
  const body = `
<header>
  <h1>Certificate timeline</h1>
  <p>${t.rows.length} identities · today ${isoDay(t.now)}${t.hiddenRows ? ` · ${t.hiddenRows} more in the table only` : ''}</p>
  <button id="toggle" type="button" aria-pressed="false">Table only</button>
</header>
<section id="chart" aria-label="Timeline chart">
${renderTimelineSvg(t, (b) => openHref(b.file, b.line))}
<p class="legend"><span class="swatch s-ok"></span>ok <span class="swatch s-warning"></span>warning <span class="swatch s-error"></span>error/expired <span class="swatch overlap"></span>overlap <span class="swatch gap"></span>gap · dashed line: today · tick: renewal point</p>
</section>
<section id="table" aria-label="Timeline as a table">
<table>
<caption>Every certificate by identity, oldest first</caption>
<thead><tr><th scope="col">Identity</th><th scope="col">Location</th><th scope="col">Valid from</th><th scope="col">Expires</th><th scope="col">Renewal point</th><th scope="col">Status</th><th scope="col">Since the previous</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
</section>`;
  return renderPage('Certificate timeline', body, r);
}
