/**
 * CM001–CM007: API version, duration syntax and the webhook's lifetime
 * checks (`internal/apis/certmanager/validation/certificate.go`
 * ValidateDuration, L351-391).
 */
import { isScalar } from 'yaml';
import type { CertModel, DurationField, Fix, RuleContext } from './context';
import { DAY, HOUR, MINUTE, formatGoDuration, parseGoDuration } from './duration';
import { DEFAULT_DURATION } from './renewal';
import type { Resource } from './resources';
import { lineSpan, type MapView } from './yaml-doc';

const LEGACY_FIELDS: Readonly<Record<string, string>> = {
  keyAlgorithm: 'privateKey.algorithm',
  keySize: 'privateKey.size',
  keyEncoding: 'privateKey.encoding',
  organization: 'subject.organizations',
  uriSANs: 'uris',
  emailSANs: 'emailAddresses',
};

/** CM001 on any cert-manager resource. */
export function checkApiVersion(ctx: RuleContext, res: Resource): void {
  if (res.apiVersion !== 'cert-manager.io/v1') {
    const f = res.view.field('apiVersion');
    const fixes: Fix[] = f ? [{ span: f.span, newText: 'cert-manager.io/v1', title: 'Use cert-manager.io/v1' }] : [];
    ctx.report(
      res,
      'CM001',
      f?.span ?? res.anchor,
      `apiVersion ${res.apiVersion ?? '(missing)'} is not served by cert-manager since v1.6 (removed in v1.7); use cert-manager.io/v1 and the v1 field names.`,
      res.kind === 'Certificate' ? [] : fixes,
    );
  }
  if (res.kind !== 'Certificate') return;
  const spec = res.view.map_('spec');
  for (const [old, now] of Object.entries(LEGACY_FIELDS)) {
    const f = spec?.field(old);
    if (f) ctx.report(res, 'CM001', f.keySpan, `spec.${old} is a pre-v1 field that cert-manager.io/v1 rejects; use spec.${now}.`);
  }
}

/** CM002 for one duration-valued field; returns nothing, reports. */
export function checkDurationSyntax(ctx: RuleContext, res: Resource, d: DurationField | undefined, path: string): void {
  if (!d || d.field.templated) return;
  const n = d.field.node;
  if (!isScalar(n) || n.value === null) {
    ctx.report(res, 'CM002', d.field.span, `${path} is empty; write a Go duration string such as "2160h".`);
    return;
  }
  if (typeof n.value !== 'string') {
    ctx.report(
      res,
      'CM002',
      d.field.span,
      `${path} must be a string; the CRD rejects the number ${String(n.value)}. Write a Go duration with a unit, e.g. "${String(n.value)}h".`,
    );
    return;
  }
  const p = parseGoDuration(n.value);
  if (p.ok) return;
  ctx.report(
    res,
    'CM002',
    d.field.span,
    `${path}: ${p.error}. Go durations take ns, us, ms, s, m and h only (no d, w or y).`,
    dayFix(n.value).map((f) => ({ ...f, span: d.field.span, newText: keepQuotes(res.file.text, d.field.span, f.newText) })),
  );
}

/** `90d` → `2160h`, `2w` → `336h`, `1d12h` → `36h`: certain when only d/w are the problem. */
export function dayFix(text: string): Fix[] {
  const m = /^(\d+(?:\.\d+)?)(d|w)((?:\d+(?:\.\d+)?(?:h|m|s|ms))*)$/.exec(text.trim());
  if (!m) return [];
  const days = Number(m[1]) * (m[2] === 'w' ? 7 : 1);
  const rest = m[3] ? parseGoDuration(m[3]) : { ok: true as const, ns: 0 };
  if (!rest.ok) return [];
  const ns = days * DAY + rest.ns;
  // The canonical form, so the fix does not trade CM002 for CM120.
  const newText = formatGoDuration(ns);
  return [{ span: { start: 0, end: 0 }, newText, title: `Replace with ${newText}` }];
}

export function checkLifetime(ctx: RuleContext, m: CertModel): void {
  const { res } = m;
  checkDurationSyntax(ctx, res, m.duration, 'spec.duration');
  checkDurationSyntax(ctx, res, m.renewBefore, 'spec.renewBefore');
  const dur = m.duration?.ns;
  const rb = m.renewBefore?.ns;
  if (m.duration && dur !== undefined && dur < HOUR) {
    ctx.report(
      res,
      'CM003',
      m.duration.field.span,
      `certificate duration must be greater than 1h0m0s (got ${formatGoDuration(dur)}); raise spec.duration.`,
    );
  }
  if (m.renewBefore && rb !== undefined && rb < 5 * MINUTE) {
    ctx.report(res, 'CM004', m.renewBefore.field.span, `certificate renewBefore must be greater than 5m0s (got ${formatGoDuration(rb)}).`);
  }
  // An unparsable duration is already CM002; comparing against it would guess.
  if (m.duration && dur === undefined) return;
  const effDur = dur ?? DEFAULT_DURATION;
  if (m.renewBefore && rb !== undefined && rb >= effDur && (dur === undefined || dur >= HOUR)) {
    const third = formatGoDuration(Math.trunc(effDur / 3 / 1e9) * 1e9);
    ctx.report(
      res,
      'CM005',
      m.renewBefore.field.span,
      `certificate duration ${formatGoDuration(effDur)} must be greater than renewBefore ${formatGoDuration(rb)}${dur === undefined ? ' (duration is unset, so the webhook assumes 2160h)' : ''}; use a third of the duration (${third}) or remove renewBefore.`,
      [
        {
          span: m.renewBefore.field.span,
          newText: keepQuotes(res.file.text, m.renewBefore.field.span, third),
          title: `Set renewBefore to a third of the duration (${third})`,
        },
      ],
    );
  }
  checkPercentage(ctx, m, effDur);
}

function removeFix(view: MapView, key: string, text: string): Fix | undefined {
  const f = view.field(key);
  return f ? { span: lineSpan(text, f.pairSpan), newText: '', title: `Remove ${key}` } : undefined;
}

function checkPercentage(ctx: RuleContext, m: CertModel, effDur: number): void {
  const { res, spec } = m;
  if (!m.pct || m.pct.field.templated || !spec) return;
  if (m.renewBefore) {
    // Set in exclusive template branches (`if`/`else`), they never render together.
    if (spec.exclusive(m.renewBefore.field.keySpan, m.pct.field.keySpan)) return;
    const fixes = [removeFix(spec, 'renewBefore', res.file.text), removeFix(spec, 'renewBeforePercentage', res.file.text)].filter(
      (x): x is Fix => !!x,
    );
    const msg = 'renewBefore and renewBeforePercentage are mutually exclusive and cannot both be set; keep one.';
    ctx.report(res, 'CM006', m.renewBefore.field.keySpan, msg, fixes);
    ctx.report(res, 'CM006', m.pct.field.keySpan, msg, fixes);
    return;
  }
  const pct = m.pct.value;
  // Q1: without duration or renewBefore the webhook never validates it (CM117).
  if (!m.duration) return;
  const span = m.pct.field.span;
  if (pct === undefined || !Number.isInteger(pct)) {
    ctx.report(res, 'CM007', span, 'renewBeforePercentage must be an integer between 1 and 99.');
    return;
  }
  // Runtime meaning (renewaltime.go, since v1.16.3/#7421): rb = dur × pct / 100.
  const runtimeRb = Math.trunc((effDur * pct) / 100);
  // The webhook still checks the complement (validation/certificate.go L384).
  const webhookRb = Math.trunc((effDur * (100 - pct)) / 100);
  const webhookOk = webhookRb >= 5 * MINUTE && webhookRb < effDur;
  const runtimeOk = pct >= 1 && pct <= 99 && runtimeRb >= 5 * MINUTE;
  if (runtimeOk && webhookOk) return;
  const hint = webhookOk
    ? ' The webhook accepts it, because it checks 100 - pct instead (a cert-manager bug), but at runtime'
    : runtimeOk
      ? ` The value is sensible at runtime, but the webhook checks the complement (100 - ${pct} = ${100 - pct}% → ${formatGoDuration(webhookRb)}) and rejects it:`
      : '';
  const what = !runtimeOk
    ? ` renewal would start ${formatGoDuration(Math.max(0, runtimeRb))} before expiry`
    : ' certificate renewBeforePercentage must result in a renewBefore greater than 5m0s';
  ctx.report(
    res,
    'CM007',
    span,
    `renewBeforePercentage ${pct} with duration ${formatGoDuration(effDur)}:${hint}${what}. Use 1..99 with duration × pct / 100 of at least 5m, or set renewBefore instead.`,
  );
}

/** CM120: the API server echoes `2160h0m0s`, so `2160h` drifts in GitOps. */
export function checkCanonical(ctx: RuleContext, res: Resource, d: DurationField | undefined, path: string): void {
  if (!d?.text || d.ns === undefined) return;
  const canonical = formatGoDuration(d.ns);
  if (canonical === d.text) return;
  ctx.report(
    res,
    'CM120',
    d.field.span,
    `${path} "${d.text}" is stored as "${canonical}"; GitOps tools (Argo CD) show a permanent diff. Write "${canonical}".`,
    [{ span: d.field.span, newText: keepQuotes(res.file.text, d.field.span, canonical), title: `Write ${canonical}` }],
  );
}

/** Replacement text for a scalar, keeping the quote style it was written in. */
export function keepQuotes(text: string, span: { start: number; end: number }, value: string): string {
  const q = text[span.start];
  return q === '"' || q === "'" ? `${q}${value}${q}` : value;
}
