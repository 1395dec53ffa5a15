/**
 * Every command declares its options as one table of typed flags; this
 * module checks the command line against it with `node:util parseArgs` and
 * returns typed values. One usage line per mistake (all of them, not only
 * the first).
 *
 * Adding a flag is one row:
 *   policy: { kind: 'string', multiple: true },
 *   format: { kind: 'enum', values: ['text', 'json', 'sarif'] },
 *
 * `parseArgs` refuses `--warn-days -5` ("argument is ambiguous") because the
 * value starts with a dash; numeric flags take it as a value here, so the
 * range check answers instead.
 */
import { parseArgs } from 'node:util';
import { UsageError } from './cli-context';
import { readDate, readDuration, readNumber, type NumberRange, type Read } from './flag-values';

export type Flag =
  | { readonly kind: 'boolean' }
  | { readonly kind: 'string'; readonly multiple?: boolean }
  /** Comma-separated and repeatable: `--disable a,b --disable c` → `['a', 'b', 'c']`. */
  | { readonly kind: 'list' }
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  | ({ readonly kind: 'number' } & NumberRange)
  /** A Go duration greater than zero, in nanoseconds. */
  | { readonly kind: 'duration' }
  /** A strict ISO-8601 date. */
  | { readonly kind: 'date' };

export type FlagTable = Readonly<Record<string, Flag>>;

type ValueOf<F extends Flag> = F extends { kind: 'boolean' }
  ? boolean
  : F extends { kind: 'list' }
    ? string[]
    : F extends { kind: 'string'; multiple: true }
      ? string[]
      : F extends { kind: 'number' } | { kind: 'duration' }
        ? number | undefined
        : F extends { kind: 'date' }
          ? Date | undefined
          : string | undefined;

export type FlagValues<T extends FlagTable> = { -readonly [K in keyof T]: ValueOf<T[K]> };

/** Flags several commands share, so that they read the same everywhere. */
export const COMMON_FLAGS = {
  json: { kind: 'boolean' },
  now: { kind: 'date' },
  'keystore-password': { kind: 'string' },
} as const satisfies FlagTable;

const NEGATIVE_NUMBER = /^-(\d|\.\d)/;

/**
 * Parses `args` against `table`. Throws one `UsageError` listing every
 * mistake, one per line.
 *
 * @example parseFlags(['a.pem', '--warn-days', '10'], { 'warn-days': { kind: 'number', min: 0, max: 36500 } })
 *   // { values: { 'warn-days': 10 }, positionals: ['a.pem'] }
 */
export function parseFlags<const T extends FlagTable>(args: readonly string[], table: T): { values: FlagValues<T>; positionals: string[] } {
  const { normalized, mistakes } = normalize(args, table);
  if (mistakes.length) throw new UsageError(mistakes);
  const options: Record<string, { type: 'boolean' | 'string'; multiple?: boolean }> = {};
  for (const [name, f] of Object.entries(table)) {
    options[name] =
      f.kind === 'boolean'
        ? { type: 'boolean' }
        : { type: 'string', multiple: f.kind === 'list' || (f.kind === 'string' && f.multiple === true) };
  }
  const parsed = parseArgs({ args: normalized, options, allowPositionals: true, strict: true });
  const values: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(table)) {
    const raw = parsed.values[name];
    const read = convert(name, f, raw);
    if (read.ok) values[name] = read.value;
    else mistakes.push(`--${name}: ${read.error}`);
  }
  if (mistakes.length) throw new UsageError(mistakes);
  return { values: values as FlagValues<T>, positionals: parsed.positionals };
}

/**
 * Rewrites `--flag value` as `--flag=value` so that `parseArgs` accepts
 * negative numbers, and names the mistakes `parseArgs` would report in its
 * own multi-line words: unknown options, missing values, values on switches.
 */
function normalize(args: readonly string[], table: FlagTable): { normalized: string[]; mistakes: string[] } {
  const normalized: string[] = [];
  const mistakes: string[] = [];
  let skip = false;
  for (const [i, a] of args.entries()) {
    if (skip) {
      skip = false;
      continue;
    }
    if (a === '--') {
      normalized.push(...args.slice(i));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      normalized.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.startsWith('--') ? a.slice(2, eq > 0 ? eq : undefined) : a;
    const flag = a.startsWith('--') ? table[name] : undefined;
    if (!flag) {
      mistakes.push(`unknown option ${a.startsWith('--') ? `--${name}` : a}`);
      continue;
    }
    if (flag.kind === 'boolean') {
      if (eq > 0) mistakes.push(`--${name} takes no value`);
      else normalized.push(a);
      continue;
    }
    if (eq > 0) {
      normalized.push(a);
      continue;
    }
    const next = args[i + 1];
    const numeric = flag.kind === 'number' || flag.kind === 'duration';
    if (next === undefined || (next.startsWith('-') && !(numeric && NEGATIVE_NUMBER.test(next)))) {
      mistakes.push(
        `--${name} needs a value${next === undefined ? '' : ` (got the option ${next}; write --${name}=${next} if that is the value)`}`,
      );
      continue;
    }
    normalized.push(`--${name}=${next}`);
    skip = true;
  }
  return { normalized, mistakes };
}

function convert(name: string, f: Flag, raw: string | boolean | (string | boolean)[] | undefined): Read<unknown> {
  const ok = (value: unknown): Read<unknown> => ({ ok: true, value });
  switch (f.kind) {
    case 'boolean':
      return ok(raw === true);
    case 'list':
      return ok(
        ((raw ?? []) as string[])
          .flatMap((s) => s.split(','))
          .map((s) => s.trim())
          .filter(Boolean),
      );
    case 'string':
      return ok(f.multiple ? (raw ?? []) : raw);
    default:
      break;
  }
  if (typeof raw !== 'string') return ok(undefined);
  switch (f.kind) {
    case 'enum':
      return f.values.includes(raw) ? ok(raw) : { ok: false, error: `one of ${f.values.join(', ')}; got ${JSON.stringify(raw)}` };
    case 'number':
      return readNumber(raw, f);
    case 'duration':
      return readDuration(raw);
    case 'date':
      return readDate(raw);
  }
  return { ok: false, error: `unsupported flag type for --${name}` };
}
