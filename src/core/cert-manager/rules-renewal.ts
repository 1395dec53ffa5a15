/**
 * CM018, CM115, CM116: `spec.renewal` (new in v1.21): policy, windows
 * (validation/certificate.go L490-528) and what renewaltime.go L148-195 does
 * with them.
 */
import { isMap, isScalar } from 'yaml';
import type { CertModel, RuleContext } from './context';
import { parseCron } from './cron';
import { formatGoDuration, humanDuration, parseGoDuration } from './duration';
import { MapView, scalarString } from './yaml-doc';

const WINDOW_RE = /^([0-9]+(\.[0-9]+)?(s|m|h))+$/;

function validTimeZone(tz: string): boolean {
  if (tz === 'UTC' || tz === 'Local') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export function checkRenewalPolicy(ctx: RuleContext, m: CertModel): void {
  const { res, spec } = m;
  const renewal = spec?.map_('renewal');
  if (!renewal) return;
  const policyF = renewal.field('policy');
  const policy = policyF && !policyF.templated ? scalarString(policyF.node) : undefined;
  if (policyF && policy !== undefined && policy !== 'RenewBefore' && policy !== 'Disabled') {
    ctx.report(res, 'CM018', policyF.span, `spec.renewal.policy "${policy}": must be RenewBefore or Disabled.`);
  }
  const windows = renewal.seq('windows');
  if (policy === 'Disabled') {
    ctx.report(
      res,
      'CM115',
      policyF!.span,
      'renewal.policy: Disabled: cert-manager will never renew this certificate, so it will expire; cert-manager v1.21.0 also crash-loops on it (fixed in v1.21.1). Remove the policy unless you renew by hand.',
    );
    if (windows) ctx.report(res, 'CM018', windows.field.keySpan, 'windows cannot be set when `renewal.policy` is set to Disabled.');
    return;
  }
  for (const it of windows?.items ?? []) {
    if (it.templated || !isMap(it.node)) continue;
    const w = new MapView(renewal.pd, it.node);
    const wdF = w.field('windowDuration');
    const wd = wdF && isScalar(wdF.node) && typeof wdF.node.value === 'string' ? wdF.node.value : undefined;
    let wdNs: number | undefined;
    if (!wdF || wd === undefined)
      ctx.report(res, 'CM018', wdF?.span ?? it.span, 'windowDuration must be specified and should be greater than 0.');
    else if (!WINDOW_RE.test(wd))
      ctx.report(res, 'CM002', wdF.span, `windowDuration "${wd}" must match ^([0-9]+(\\.[0-9]+)?(s|m|h))+$ (a Go duration in h, m or s).`);
    else {
      const p = parseGoDuration(wd);
      wdNs = p.ok ? p.ns : undefined;
      if (!wdNs) ctx.report(res, 'CM018', wdF.span, 'windowDuration must be specified and should be greater than 0.');
    }
    const tzF = w.field('timezone');
    const tz = tzF ? scalarString(tzF.node) : undefined;
    if (tzF && tz !== undefined && !tzF.templated && !validTimeZone(tz))
      ctx.report(res, 'CM018', tzF.span, `invalid value for timezone. timezone must be IANA compliant (e.g. Europe/Berlin), got "${tz}".`);
    const cronF = w.field('cron');
    const cron = cronF ? scalarString(cronF.node) : undefined;
    if (cronF && cron !== undefined && !cronF.templated) {
      const c = parseCron(cron, (s) => {
        const p = parseGoDuration(s);
        return p.ok ? p.ns : undefined;
      });
      if (!c.ok)
        ctx.report(
          res,
          'CM018',
          cronF.span,
          `invalid cron syntax: ${c.error}. Use 5 fields (minute hour day-of-month month day-of-week) or a descriptor such as @daily.`,
        );
    } else if (!cronF) ctx.report(res, 'CM018', it.span, 'invalid cron syntax: a renewal window needs a cron schedule.');
  }
  checkWindowGap(ctx, m, [...m.windows], windows?.field.keySpan);
}

/** CM116: the longest time no window is open, against the effective renewBefore. */
function checkWindowGap(
  ctx: RuleContext,
  m: CertModel,
  starts: Array<{ start: number; len: number }>,
  span: { start: number; end: number } | undefined,
): void {
  if (starts.length < 2 || !span) return;
  starts.sort((a, b) => a.start - b.start);
  let openUntil = starts[0]!.start + starts[0]!.len;
  let gap = 0;
  for (const s of starts.slice(1)) {
    gap = Math.max(gap, s.start - openUntil);
    openUntil = Math.max(openUntil, s.start + s.len);
  }
  const gapNs = gap * 1e6;
  const rb = m.schedule.renewBefore;
  if (gapNs >= rb) {
    ctx.report(
      m.res,
      'CM116',
      span,
      `Renewal windows leave gaps of up to ${humanDuration(gapNs)} (${formatGoDuration(gapNs)}), not shorter than the effective renewBefore of ${humanDuration(rb)}: a renewal due just after a window closes waits for the next one and may land after expiry. Widen or add windows, or raise renewBefore above ${humanDuration(gapNs)}.`,
    );
  }
}
