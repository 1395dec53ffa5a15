/**
 * Where the renewal CodeLens of a Certificate sits and what it says when the
 * spec is invalid. Pure: the adapter turns the span into a range.
 */
import type { Problem, Span } from '../types';

export interface RenewalLens {
  /** The `spec.duration` (else `spec.renewBefore`) line's key, else `kind: Certificate`. */
  readonly span: Span;
  /** An error the webhook rejects the spec for: the lens shows it, not a timeline of defaults. */
  readonly error?: Problem;
}

/**
 * @example placeRenewalLens(text, { span, anchor }, problems)
 *   // { span: <"duration" key>, error: CM002 problem } for `duration: 90d`
 */
export function placeRenewalLens(
  text: string,
  item: { readonly span: Span; readonly anchor: Span },
  problems: readonly Problem[],
): RenewalLens {
  const body = text.slice(item.span.start, item.span.end);
  // A key of `spec` (two-space or deeper indentation under it): the first duration, else renewBefore.
  const m = /^[ \t]+(duration|renewBefore)[ \t]*:/m.exec(body) ?? null;
  const key = m?.[1];
  const at = m && key ? item.span.start + m.index + m[0].indexOf(key) : undefined;
  const span = at !== undefined && key ? { start: at, end: at + key.length } : item.anchor;
  const error = problems.find((p) => p.severity === 'error' && p.span.start >= item.span.start && p.span.end <= item.span.end);
  return { span, ...(error ? { error } : {}) };
}

/** The tooltip of a timeline lens: what alert and page mean, and where they are set. */
export function timelineTooltip(alert: string, page: string): string {
  return [
    'When cert-manager renews this Certificate, and how long old and new certificate overlap.',
    `alert ${alert}: your expiry alert fires ${alert} before expiry (setting certlens.certManager.alertThreshold).`,
    `page ${page}: your on-call page fires ${page} before expiry (setting certlens.certManager.pageThreshold).`,
    'Both should come after the renewal, so a healthy renewal never alerts. Click for the timeline.',
  ].join('\n');
}
