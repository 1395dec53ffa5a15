/**
 * Applies a `.certlens.yaml` policy to the certificates of a scan:
 * `policy-lifetime-exceeded`, `policy-key-not-allowed`,
 * `policy-issuer-not-allowed`, `policy-san-missing`; and gives each file its
 * expiry thresholds (the last `expiry` rule whose glob matches wins).
 * Globs follow VS Code's semantics (core/util/glob, minimatch: `**` spans folders).
 */
import { globToRegExp } from '../util/glob';
import { DAY_MS, type ExpiryThresholds } from '../lint/expiry';
import type { CertificateSummary } from '../x509/certificate';
import { describeLocation, type FleetCertificate, type FleetFinding } from './fleet';
import type { KeyRule, Policy } from './policy';

const matchers = new Map<string, { test(path: string): boolean }>();

/** A compiled glob (cached): matches the file as shown, forward slashes. */
export function globMatch(glob: string, file: string): boolean {
  let m = matchers.get(glob);
  if (!m) {
    m = globToRegExp(glob);
    matchers.set(glob, m);
  }
  return m.test(file.replace(/\\/g, '/'));
}

/** The thresholds for one file: the defaults, overridden field by field by the last matching `expiry` rule. */
export function thresholdsFor(policy: Policy | undefined, file: string, defaults: ExpiryThresholds): ExpiryThresholds {
  let t = defaults;
  for (const r of policy?.expiry ?? []) {
    if (!globMatch(r.files, file)) continue;
    t = {
      warnDays: r.warnDays ?? t.warnDays,
      errorDays: r.errorDays ?? t.errorDays,
      warnLifetimePercent: r.warnPercent ?? t.warnLifetimePercent,
      errorLifetimePercent: r.errorPercent ?? t.errorLifetimePercent,
    };
  }
  return t;
}

/** Policy findings, one per rule a certificate location breaks. */
export function checkPolicy(certs: readonly FleetCertificate[], policy: Policy): FleetFinding[] {
  const out: FleetFinding[] = [];
  for (const loc of certs) {
    const c = loc.certificate;
    const emit = (code: string, message: string, data: Record<string, unknown>) =>
      out.push({ file: loc.file, index: loc.index, span: loc.span, code, severity: 'error', message: `${who(loc)}: ${message}`, data });
    const maxDays = policy.lifetime[c.role];
    // Validity is inclusive of both bounds (RFC 5280 §4.1.2.5).
    const days = (c.notAfter - c.notBefore + 1000) / DAY_MS;
    if (maxDays !== undefined && days > maxDays)
      emit(
        'policy-lifetime-exceeded',
        `lifetime ${Math.round(days)} days exceeds the policy maximum of ${maxDays} days for ${c.role} certificates`,
        {
          days,
          maxDays,
        },
      );
    if (policy.keys && !policy.keys.some((r) => keyAllowed(c, r)))
      emit('policy-key-not-allowed', `key ${keyName(c)} is not allowed (policy allows ${policy.keys.map(ruleName).join(', ')})`, {
        key: keyName(c),
      });
    if (policy.issuers && !c.selfSigned && !policy.issuers.some((g) => globMatch(g, c.issuer)))
      emit('policy-issuer-not-allowed', `issuer "${c.issuer}" is not in the policy's allowed issuers (${policy.issuers.join(', ')})`, {
        issuer: c.issuer,
      });
    if (!c.isCA) {
      for (const rule of policy.san) {
        if (!globMatch(rule.files, loc.file)) continue;
        const missing = rule.require.filter((p) => !c.subjectAltNames.some((san) => sanMatches(p, san)));
        if (missing.length)
          emit(
            'policy-san-missing',
            `no subjectAltName matches ${missing.map((m) => `"${m}"`).join(', ')} (required for ${rule.files}; has ${c.subjectAltNames.join(', ') || 'none'})`,
            { missing },
          );
      }
    }
  }
  return out;
}

function who(loc: FleetCertificate): string {
  return `"${loc.certificate.subjectLabel}"${loc.alias !== undefined ? ` (${describeLocation(loc)})` : ''}`;
}

function keyAllowed(c: CertificateSummary, r: KeyRule): boolean {
  if (c.keyAlgorithm !== r.type) return false;
  if (r.minSize !== undefined && (c.keySize ?? 0) < r.minSize) return false;
  if (r.curves !== undefined && (c.curve === undefined || !r.curves.includes(c.curve))) return false;
  return true;
}

function keyName(c: CertificateSummary): string {
  return [c.keyAlgorithm, c.curve ?? (c.keySize !== undefined ? String(c.keySize) : undefined)].filter(Boolean).join(' ');
}

function ruleName(r: KeyRule): string {
  return `${r.type}${r.minSize !== undefined ? ` ≥ ${r.minSize}` : ''}${r.curves ? ` (${r.curves.join('/')})` : ''}`;
}

/** `DNS:*.example.com` matches the typed SAN; a pattern without a type matches any SAN's value. */
function sanMatches(pattern: string, san: string): boolean {
  const typed = /^(DNS|IP|URI|email):/i.test(pattern);
  const value = typed ? san : san.slice(san.indexOf(':') + 1);
  return globMatch(pattern, value);
}
