/**
 * What every rule receives: the options, the workspace issuers and
 * certificates, a `report` that applies catalogue severities and the
 * disabled-rule list, and the per-Certificate model with parsed lifetimes.
 */
import { isMap, isScalar } from 'yaml';
import type { Span } from '../types';
import { parseGoDuration } from './duration';
import { issuerLifetime, resolveIssuer, type IssuerInfo } from './issuers';
import { cronStarts, parseCron } from './cron';
import { applyWindows, computeRenewal, type RenewalSchedule, type WindowStart } from './renewal';
import type { Resource } from './resources';
import { MapView, type Field } from './yaml-doc';

export interface Fix {
  readonly span: Span;
  readonly newText: string;
  readonly title: string;
}

export interface RuleContext {
  readonly now: Date;
  readonly overlapMinimum: number;
  readonly alertThreshold: number;
  readonly pageThreshold: number;
  readonly issuers: readonly IssuerInfo[];
  readonly certs: readonly CertModel[];
  report(res: Resource, code: string, span: Span, message: string, fixes?: Fix[]): void;
  /**
   * True when a missing field at `path` (dotted, e.g. `spec.secretName`) may
   * be supplied elsewhere: a kustomize patch, a template line, or an elision
   * in a doc snippet (kustomize.ts, templates.ts). `keySpan`/`span` name the
   * mapping that lacks it, when the caller knows it.
   */
  supplied(res: Resource, path: string, keySpan?: Span, span?: Span): boolean;
}

/** A duration-valued field: its text, and the parsed ns when valid. */
export interface DurationField {
  readonly field: Field;
  readonly text: string | undefined;
  readonly ns: number | undefined;
}

export interface CertModel {
  readonly res: Resource;
  readonly spec: MapView | undefined;
  readonly duration?: DurationField;
  readonly renewBefore?: DurationField;
  readonly pct?: { readonly field: Field; readonly value: number | undefined };
  readonly issuerRef: { name?: string; kind?: string; group?: string; view?: MapView };
  readonly issuer: IssuerInfo | undefined;
  readonly issuerLifetime: number | undefined;
  readonly isCA: boolean;
  readonly secretName: string | undefined;
  readonly schedule: RenewalSchedule;
  /** Valid renewal window starts over the lifetime of a certificate issued now. */
  readonly windows: WindowStart[];
  /** When windows apply: the windowed renewal instant, or null when none fits. */
  readonly windowedRenewalAt?: Date | null;
}

const WINDOW_RE = /^([0-9]+(\.[0-9]+)?(s|m|h))+$/;

/** Window starts from `spec.renewal.windows`, skipping invalid entries (CM018 reports them). */
export function readWindows(spec: MapView | undefined, fromMs: number, horizonDays: number): WindowStart[] {
  const out: WindowStart[] = [];
  for (const it of spec?.map_('renewal')?.seq('windows')?.items ?? []) {
    if (it.templated || !isMap(it.node)) continue;
    const w = new MapView(spec!.pd, it.node);
    const wd = w.str('windowDuration');
    const cron = w.str('cron');
    const p = wd !== undefined && WINDOW_RE.test(wd) ? parseGoDuration(wd) : undefined;
    const c =
      cron !== undefined
        ? parseCron(cron, (x) => {
            const d = parseGoDuration(x);
            return d.ok ? d.ns : undefined;
          })
        : undefined;
    if (!p?.ok || p.ns <= 0 || !c?.ok) continue;
    for (const start of cronStarts(c.spec, fromMs - 86_400_000, horizonDays)) out.push({ start, len: p.ns / 1e6 });
  }
  return out.sort((a, b) => a.start - b.start);
}

export function readDuration(view: MapView | undefined, key: string): DurationField | undefined {
  const field = view?.field(key);
  if (!field || field.templated) return field ? { field, text: undefined, ns: undefined } : undefined;
  const n = field.node;
  if (!isScalar(n) || typeof n.value !== 'string') return { field, text: undefined, ns: undefined };
  const p = parseGoDuration(n.value);
  return { field, text: n.value, ns: p.ok ? p.ns : undefined };
}

export function buildCertModel(res: Resource, issuers: readonly IssuerInfo[], now: Date): CertModel {
  const spec = res.view.map_('spec');
  const duration = readDuration(spec, 'duration');
  const renewBefore = readDuration(spec, 'renewBefore');
  const pctField = spec?.field('renewBeforePercentage');
  const pctNode = pctField && !pctField.templated && isScalar(pctField.node) ? pctField.node.value : undefined;
  const pctValue = typeof pctNode === 'number' ? pctNode : undefined;
  const refView = spec?.map_('issuerRef');
  const issuerRef = { name: refView?.str('name'), kind: refView?.str('kind'), group: refView?.str('group'), view: refView };
  const issuer = resolveIssuer(issuers, issuerRef, res.namespace, res.file.path);
  const life = issuerLifetime(issuer, now);
  const schedule = computeRenewal(
    {
      ...(duration?.ns !== undefined && duration.ns > 0 ? { duration: duration.ns } : {}),
      ...(renewBefore?.ns !== undefined ? { renewBefore: renewBefore.ns } : {}),
      ...(pctValue !== undefined ? { renewBeforePercentage: pctValue } : {}),
      ...(life !== undefined ? { issuerLifetime: life } : {}),
    },
    now,
  );
  const policy = spec?.map_('renewal')?.str('policy');
  const horizon = Math.min(800, Math.ceil(schedule.lifetime / 8.64e13) + 3);
  const windows = policy === 'Disabled' ? [] : readWindows(spec, now.getTime(), horizon);
  const windowedRenewalAt = windows.length > 0 ? (applyWindows(schedule, windows) ?? null) : undefined;
  return {
    res,
    spec,
    windows,
    ...(windowedRenewalAt !== undefined ? { windowedRenewalAt } : {}),
    ...(duration ? { duration } : {}),
    ...(renewBefore ? { renewBefore } : {}),
    ...(pctField ? { pct: { field: pctField, value: pctValue } } : {}),
    issuerRef,
    issuer,
    issuerLifetime: life,
    isCA: spec?.str('isCA') === 'true',
    secretName: spec?.str('secretName'),
    schedule,
  };
}
