/**
 * The policy file `.certlens.yaml`: an organisation's rules for its own
 * certificates, read by the editor and by `certlens scan --policy-file-file`.
 *
 * ```yaml
 * version: 1
 * lifetime: { leaf: 398, intermediate: 1825 }     # maximum days per profile
 * keys:                                           # allowed key types and sizes
 *   - { type: RSA, minSize: 3072 }
 *   - { type: EC, curves: [P-256, P-384] }
 * issuers: ['CN=Example Issuing CA*']              # allowed issuer DNs (globs)
 * rotation: { overlapMinimumDays: 14, keyReuse: warning }
 * san:                                            # required SAN patterns per file glob
 *   - { files: 'web/**', require: ['DNS:*.example.com'] }
 * expiry:                                         # thresholds per folder glob (last match wins)
 *   - { files: 'devices/**', warnDays: 60, errorDays: 14 }
 * ```
 *
 * A bad policy file never stops a scan: `parsePolicy` returns no policy and
 * one `policy-invalid` problem listing what is wrong, on the first bad node.
 */
import { isMap, isSeq, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import type { Problem, Span } from '../types';
import type { CertificateRole } from '../x509/certificate';

export const POLICY_FILE = '.certlens.yaml';
const PROFILES: readonly CertificateRole[] = ['leaf', 'intermediate', 'root', 'self-signed'];
const KEY_TYPES = ['RSA', 'RSA-PSS', 'EC', 'Ed25519', 'Ed448', 'DSA'];

export interface KeyRule {
  readonly type: string;
  readonly minSize?: number;
  readonly curves?: readonly string[];
}
export interface SanRule {
  readonly files: string;
  readonly require: readonly string[];
}
export interface ExpiryRule {
  readonly files: string;
  readonly warnDays?: number;
  readonly errorDays?: number;
  readonly warnPercent?: number;
  readonly errorPercent?: number;
}
export interface Policy {
  readonly lifetime: Partial<Record<CertificateRole, number>>;
  readonly keys?: readonly KeyRule[];
  readonly issuers?: readonly string[];
  readonly rotation: { readonly overlapMinimumDays?: number; readonly keyReuse?: 'info' | 'warning' };
  readonly san: readonly SanRule[];
  readonly expiry: readonly ExpiryRule[];
}

export interface ParsedPolicy {
  /** Undefined when the file is not valid: no rule of a half-read policy is applied. */
  readonly policy?: Policy;
  readonly problems: Problem[];
}

interface Issue {
  readonly message: string;
  readonly span: Span;
}

/**
 * Reads a policy file.
 *
 * @example
 * const { policy, problems } = parsePolicy(readFileSync('.certlens.yaml', 'utf8'));
 */
export function parsePolicy(text: string): ParsedPolicy {
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  } catch (err) {
    return invalid([{ message: `not YAML: ${(err as Error).message}`, span: { start: 0, end: 0 } }]);
  }
  const e = doc.errors[0];
  if (e) {
    return invalid([{ message: `YAML syntax: ${e.message.split('\n')[0]}`, span: { start: e.pos[0], end: e.pos[1] } }]);
  }
  const issues: Issue[] = [];
  const spanOf = (n: unknown): Span => {
    const r = (n as YamlNode | null)?.range;
    return r ? { start: r[0], end: r[1] } : { start: 0, end: 0 };
  };
  const root = doc.contents;
  if (root === null || root === undefined) return { policy: emptyPolicy(), problems: [] };
  if (!isMap(root)) return invalid([{ message: 'expected a mapping of rules at the top level', span: spanOf(root) }]);
  const policy: {
    lifetime: Partial<Record<CertificateRole, number>>;
    keys?: KeyRule[];
    issuers?: string[];
    rotation: { overlapMinimumDays?: number; keyReuse?: 'info' | 'warning' };
    san: SanRule[];
    expiry: ExpiryRule[];
  } = { lifetime: {}, rotation: {}, san: [], expiry: [] };
  for (const pair of root.items) {
    const key = String((pair.key as { value?: unknown } | null)?.value ?? '');
    const value = pair.value as YamlNode | null;
    const js = value && 'toJSON' in value ? (value as { toJSON(): unknown }).toJSON() : value;
    const bad = (message: string, node: unknown = value ?? pair.key) => issues.push({ message: `${key}: ${message}`, span: spanOf(node) });
    switch (key) {
      case 'version':
        if (js !== 1) bad('only version 1 is known');
        break;
      case 'lifetime':
        if (!isMap(value)) bad(`expected a mapping of profile → days (${PROFILES.join(', ')})`);
        else
          for (const p of value.items) {
            const profile = String((p.key as { value?: unknown }).value) as CertificateRole;
            const days = (p.value as { value?: unknown } | null)?.value;
            if (!PROFILES.includes(profile)) bad(`unknown profile "${profile}" (known: ${PROFILES.join(', ')})`, p.key);
            else if (!positive(days)) bad(`${profile}: expected a positive number of days`, p.value);
            else policy.lifetime[profile] = days;
          }
        break;
      case 'keys':
        policy.keys = readKeys(value, bad);
        break;
      case 'issuers':
        if (!isSeq(value) || !(js as unknown[]).every((s) => typeof s === 'string')) bad('expected a list of issuer DN patterns');
        else policy.issuers = js as string[];
        break;
      case 'rotation':
        readRotation(js, policy.rotation, bad);
        break;
      case 'san':
        policy.san = readRules(value, js, bad, (r, at) =>
          Array.isArray(r.require) && r.require.length > 0 && r.require.every((s) => typeof s === 'string')
            ? { files: r.files as string, require: r.require as string[] }
            : at('require: expected a non-empty list of SAN patterns'),
        );
        break;
      case 'expiry':
        policy.expiry = readRules(value, js, bad, (r, at) => {
          const out: { -readonly [K in keyof ExpiryRule]: ExpiryRule[K] } = { files: r.files as string };
          for (const [k, f] of [
            ['warnDays', 'warnDays'],
            ['errorDays', 'errorDays'],
            ['warnPercent', 'warnPercent'],
            ['errorPercent', 'errorPercent'],
          ] as const) {
            if (r[k] === undefined) continue;
            if (typeof r[k] !== 'number' || !(r[k] >= 0)) return at(`${k}: expected a non-negative number`);
            out[f] = r[k];
          }
          if (out.warnDays !== undefined && out.errorDays !== undefined && out.errorDays > out.warnDays)
            return at('errorDays must not exceed warnDays');
          return out;
        });
        break;
      default:
        bad(`unknown rule (known: version, lifetime, keys, issuers, rotation, san, expiry)`, pair.key);
    }
  }
  return issues.length ? invalid(issues) : { policy, problems: [] };
}

function emptyPolicy(): Policy {
  return { lifetime: {}, rotation: {}, san: [], expiry: [] };
}

function positive(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0;
}

function invalid(issues: readonly [Issue, ...Issue[]] | Issue[]): ParsedPolicy {
  const first = issues[0] ?? { message: 'invalid', span: { start: 0, end: 0 } };
  const more =
    issues.length > 1
      ? ` (and ${issues.length - 1} more: ${issues
          .slice(1, 4)
          .map((i) => i.message)
          .join('; ')})`
      : '';
  return {
    problems: [
      {
        code: 'policy-invalid',
        severity: 'error',
        message: `policy not applied: ${first.message}${more}`,
        span: first.span,
      },
    ],
  };
}

type Bad = (message: string, node?: unknown) => void;

function readKeys(value: YamlNode | null, bad: Bad): KeyRule[] | undefined {
  if (!isSeq(value)) {
    bad('expected a list of {type, minSize?, curves?}');
    return undefined;
  }
  const out: KeyRule[] = [];
  for (const item of value.items) {
    const r = (item as { toJSON?: () => unknown }).toJSON?.() as Record<string, unknown> | undefined;
    if (!r || typeof r !== 'object' || typeof r.type !== 'string' || !KEY_TYPES.includes(r.type)) {
      bad(`each entry needs a type (${KEY_TYPES.join(', ')})`, item);
      continue;
    }
    if (r.minSize !== undefined && !positive(r.minSize)) bad('minSize: expected a positive number of bits', item);
    else if (r.curves !== undefined && !(Array.isArray(r.curves) && r.curves.every((c) => typeof c === 'string')))
      bad('curves: expected a list of curve names (P-256, P-384, …)', item);
    else
      out.push({
        type: r.type,
        ...(r.minSize !== undefined && { minSize: r.minSize as number }),
        ...(r.curves !== undefined && { curves: r.curves as string[] }),
      });
  }
  return out;
}

function readRotation(js: unknown, out: { overlapMinimumDays?: number; keyReuse?: 'info' | 'warning' }, bad: Bad): void {
  if (!js || typeof js !== 'object' || Array.isArray(js)) return bad('expected {overlapMinimumDays?, keyReuse?}');
  const r = js as Record<string, unknown>;
  for (const k of Object.keys(r)) if (k !== 'overlapMinimumDays' && k !== 'keyReuse') bad(`unknown key "${k}"`);
  if (r.overlapMinimumDays !== undefined) {
    if (typeof r.overlapMinimumDays === 'number' && r.overlapMinimumDays >= 0) out.overlapMinimumDays = r.overlapMinimumDays;
    else bad('overlapMinimumDays: expected a non-negative number of days');
  }
  if (r.keyReuse !== undefined) {
    if (r.keyReuse === 'info' || r.keyReuse === 'warning') out.keyReuse = r.keyReuse;
    else bad('keyReuse: expected info or warning');
  }
}

function readRules<T>(
  value: YamlNode | null,
  js: unknown,
  bad: Bad,
  read: (r: Record<string, unknown>, at: (m: string) => undefined) => T | undefined,
): T[] {
  if (!isSeq(value) || !Array.isArray(js)) {
    bad('expected a list of {files, …} rules');
    return [];
  }
  const out: T[] = [];
  js.forEach((r: unknown, i) => {
    const node = value.items[i];
    const at = (m: string): undefined => {
      bad(`entry ${i + 1}: ${m}`, node);
      return undefined;
    };
    if (!r || typeof r !== 'object' || typeof (r as Record<string, unknown>).files !== 'string') return void at('files: expected a glob');
    const rule = read(r as Record<string, unknown>, at);
    if (rule !== undefined) out.push(rule);
  });
  return out;
}
