/**
 * Standard 5-field cron (minute hour day-of-month month day-of-week) and the
 * `@daily`-style descriptors, as robfig/cron `ParseStandard` accepts them
 * for cert-manager `renewal.windows[].cron`. Used to validate (CM018) and to
 * find the longest gap between renewal windows (CM116).
 */
import { DAY, MINUTE } from './duration';

export interface CronSpec {
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly dom: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  readonly dow: ReadonlySet<number>;
  readonly domStar: boolean;
  readonly dowStar: boolean;
  /** `@every <duration>`: fixed period in ns. */
  readonly every?: number;
}

const DESCRIPTORS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

export type CronResult = { ok: true; spec: CronSpec } | { ok: false; error: string };

export function parseCron(expr: string, parseEvery?: (s: string) => number | undefined): CronResult {
  const e = expr.trim();
  if (e.startsWith('@every ')) {
    const ns = parseEvery?.(e.slice(7).trim());
    if (ns === undefined || ns <= 0) return { ok: false, error: `failed to parse duration ${e}` };
    const all = new Set<number>();
    return { ok: true, spec: { minutes: all, hours: all, dom: all, months: all, dow: all, domStar: true, dowStar: true, every: ns } };
  }
  const text = DESCRIPTORS[e.toLowerCase()] ?? e;
  if (text.startsWith('@')) return { ok: false, error: `unrecognized descriptor: ${e}` };
  const f = text.split(/\s+/);
  if (f.length !== 5) return { ok: false, error: `expected exactly 5 fields, found ${f.length}: [${f.join(' ')}]` };
  const parts = [
    field(f[0]!, 0, 59),
    field(f[1]!, 0, 23),
    field(f[2]!, 1, 31),
    field(f[3]!, 1, 12, MONTHS, 1),
    field(f[4]!, 0, 6, DAYS, 0),
  ];
  for (const p of parts) if (typeof p === 'string') return { ok: false, error: p };
  const [mi, h, dm, mo, dw] = parts as Set<number>[];
  return {
    ok: true,
    spec: {
      minutes: mi!,
      hours: h!,
      dom: dm!,
      months: mo!,
      dow: dw!,
      domStar: f[2]!.startsWith('*') || f[2] === '?',
      dowStar: f[4]!.startsWith('*') || f[4] === '?',
    },
  };
}

function field(s: string, min: number, max: number, names?: string[], base = 0): Set<number> | string {
  const out = new Set<number>();
  for (const part of s.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step <= 0) return `invalid step in "${part}"`;
    let lo = min;
    let hi = max;
    if (range !== '*' && range !== '?') {
      const [a, b] = (range ?? '').split('-');
      const va = value(a ?? '', names, base);
      const vb = b === undefined ? (stepText === undefined ? va : max) : value(b, names, base);
      if (va === undefined || vb === undefined) return `failed to parse "${part}"`;
      lo = va;
      hi = vb;
      if (max === 6 && hi === 7) hi = 6;
    }
    if (lo < min || hi > max || lo > hi) return `value out of range (${min}-${max}): "${part}"`;
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

function value(s: string, names: string[] | undefined, base: number): number | undefined {
  if (/^\d+$/.test(s)) return Number(s);
  const i = names?.indexOf(s.toLowerCase()) ?? -1;
  return i >= 0 ? i + base : undefined;
}

/** At most this many starts: `* * * * *` over two years would be a million. */
const MAX_STARTS = 100_000;

/** Window start times (ms, UTC; time zones are not applied) in [fromMs, fromMs + horizon). */
export function cronStarts(spec: CronSpec, fromMs: number, horizonDays: number): number[] {
  const out: number[] = [];
  if (spec.every !== undefined) {
    for (let t = fromMs; t < fromMs + horizonDays * (DAY / 1e6); t += spec.every / 1e6) out.push(t);
    return out;
  }
  const day0 = Math.floor(fromMs / (DAY / 1e6)) * (DAY / 1e6);
  for (let d = 0; d < horizonDays; d++) {
    const t = day0 + d * (DAY / 1e6);
    const date = new Date(t);
    if (!spec.months.has(date.getUTCMonth() + 1)) continue;
    const domOk = spec.dom.has(date.getUTCDate());
    const dowOk = spec.dow.has(date.getUTCDay());
    // robfig/cron: when both day fields are restricted, either may match.
    const dayOk = spec.domStar || spec.dowStar ? domOk && dowOk : domOk || dowOk;
    if (!dayOk) continue;
    if (out.length > MAX_STARTS) break;
    for (const h of [...spec.hours].sort((a, b) => a - b)) {
      for (const m of [...spec.minutes].sort((a, b) => a - b)) out.push(t + h * 3.6e6 + m * (MINUTE / 1e6));
    }
  }
  return out;
}
