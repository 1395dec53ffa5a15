/**
 * Draws a Certificate's timeline for a hover: a proportional bar with the
 * events issue → renewal → alert → page → expiry and their dates.
 */
import type { Timeline } from './renewal';

const WIDTH = 48;

/**
 * @example
 * renderTimelineMarkdown(t)
 * // ```text
 * // ├───────────────────────────────R──────────A─────P─┤
 * // ```
 */
export function renderTimelineMarkdown(t: Timeline, title = 'Renewal timeline for a certificate issued now'): string {
  const bar = Array.from({ length: WIDTH + 1 }, () => '─');
  bar[0] = '├';
  bar[WIDTH] = '┤';
  const marks: Record<string, string> = { renewal: 'R', alert: 'A', page: 'P' };
  for (const e of t.events) {
    const m = marks[e.label];
    if (m) bar[Math.min(WIDTH - 1, Math.max(1, Math.round(e.fraction * WIDTH)))] = m;
  }
  const rows = t.events.map((e) => `| ${e.label} | ${e.at.replace('T', ' ').replace(/:\d\d\.\d+Z$/, ' UTC')} |`);
  return [
    `**${title}**`,
    '',
    '```text',
    bar.join(''),
    'issue' + ' '.repeat(Math.max(1, WIDTH - 10)) + 'expiry',
    '```',
    '',
    t.text,
    '',
    '| event | date |',
    '|---|---|',
    ...rows,
    '',
    `lifetime ${t.renewal.lifetime} (${t.renewal.lifetimeSource === 'issuer' ? 'granted by the issuer' : 'from spec'}), renewBefore ${t.renewal.renewBefore} (${t.renewal.source})`,
  ].join('\n');
}
