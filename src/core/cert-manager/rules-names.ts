/**
 * CM009, CM010, CM016, CM019 (SANs and output formats): the certificate's
 * names, as `internal/apis/certmanager/validation/certificate.go` checks them
 * (L77-137, L286-316, L432-446).
 */
import { isMap, isSeq } from 'yaml';
import type { CertModel, RuleContext } from './context';
import { scalarString } from './yaml-doc';

/** CM009, CM010, CM016, CM019 (SANs): the certificate's names. */
export function checkNames(ctx: RuleContext, m: CertModel): void {
  const { res, spec } = m;
  if (!spec) return;
  const cn = spec.field('commonName');
  const lit = spec.field('literalSubject');
  const subject = spec.field('subject');
  if (lit) {
    if (cn)
      ctx.report(
        res,
        'CM016',
        cn.keySpan,
        'When providing a `LiteralSubject` no `commonName` may be provided. Move the CN into literalSubject or drop literalSubject.',
      );
    if (subject)
      ctx.report(
        res,
        'CM016',
        subject.keySpan,
        'When providing a `LiteralSubject` no `Subject` properties may be provided. Move them into literalSubject.',
      );
  }
  const literal = lit && !lit.templated ? parseLiteralSubject(scalarString(lit.node) ?? '') : undefined;
  if (lit && literal?.error) ctx.report(res, 'CM016', lit.span, `spec.literalSubject: ${literal.error}`);
  for (const bad of literal?.unknown ?? []) {
    ctx.report(
      res,
      'CM016',
      lit!.span,
      `Literal subject contains unrecognized key with value [${bad}]; use CN, C, O, OU, L, ST, STREET, POSTALCODE, SERIALNUMBER, DC, UID or a dotted OID.`,
    );
  }
  const litCN = literal?.cn !== undefined || (lit?.templated ?? false);
  const sans = ['dnsNames', 'uris', 'emailAddresses', 'ipAddresses', 'otherNames'].some((k) => {
    const f = spec.field(k);
    // A value of the wrong type (a bare string) is set all the same: CM032 reports its type.
    return f && (f.templated || (isSeq(f.node) ? f.node.items.length > 0 : scalarString(f.node) !== undefined || isMap(f.node)));
  });
  const elsewhere = (): boolean => ['commonName', 'dnsNames', 'uris', 'ipAddresses'].some((k) => ctx.supplied(res, `spec.${k}`));
  if (!res.templated && !cn && !litCN && !sans && !spec.has('uriSANs') && !spec.has('emailSANs') && !elsewhere()) {
    ctx.report(
      res,
      'CM009',
      res.view.field('spec')?.keySpan ?? res.anchor,
      'at least one of commonName (from the commonName field or from a literalSubject), dnsNames, emailSANs, ipAddresses, otherNames, or uriSANs must be set.',
    );
  }
  const cnText = cn && !cn.templated ? scalarString(cn.node) : undefined;
  if (cn && cnText && cnText.length > 64) {
    ctx.report(
      res,
      'CM010',
      cn.span,
      `spec.commonName is ${cnText.length} characters; the limit is 64. Put the long name in dnsNames and shorten or drop commonName.`,
    );
  }
  for (const it of spec.seq('ipAddresses')?.items ?? []) {
    const v = scalarString(it.node);
    if (!it.templated && v !== undefined && !isIP(v)) ctx.report(res, 'CM019', it.span, `spec.ipAddresses "${v}": invalid IP address.`);
  }
  for (const it of spec.seq('emailAddresses')?.items ?? []) {
    const v = scalarString(it.node);
    if (it.templated || v === undefined) continue;
    if (/[<>]/.test(v) || /\s/.test(v.trim()))
      ctx.report(
        res,
        'CM019',
        it.span,
        `spec.emailAddresses: invalid email address: ${v}; make sure the supplied value only contains the email address itself.`,
      );
    else if (!/^[^\s@]+@[^\s@]+$/.test(v)) ctx.report(res, 'CM019', it.span, `spec.emailAddresses: invalid email address: ${v}.`);
  }
  const seen = new Set<string>();
  for (const it of spec.seq('additionalOutputFormats')?.items ?? []) {
    const t = isMap(it.node) ? scalarString((it.node.get('type', true) as never) ?? null) : undefined;
    if (t && seen.has(t))
      ctx.report(res, 'CM019', it.span, `spec.additionalOutputFormats: Duplicate value: type ${t}; list each type once.`);
    if (t) seen.add(t);
  }
}

export function isIP(s: string): boolean {
  if (/^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(s)) return true;
  if (!s.includes(':') || /[^0-9a-fA-F:.]/.test(s)) return false;
  try {
    new URL(`http://[${s}]/`);
    return true;
  } catch {
    return false;
  }
}

/** Attribute types cert-manager maps to OIDs (`pkg/util/pki` literal subject parsing). */
const LITERAL_TYPES = new Set(['CN', 'C', 'O', 'OU', 'L', 'ST', 'STREET', 'POSTALCODE', 'SERIALNUMBER', 'DC', 'UID']);

/**
 * RFC 4514 enough for the webhook's checks: split on unescaped `,` and `+`,
 * each part `type=value`; returns the CN, unknown attribute values and a
 * parse error.
 */
export function parseLiteralSubject(s: string): { cn?: string; unknown: string[]; error?: string } {
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) {
      cur += c + s[++i];
    } else if (c === ',' || c === '+') {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  parts.push(cur);
  const unknown: string[] = [];
  let cn: string | undefined;
  for (const p of parts) {
    const eq = p.indexOf('=');
    if (eq <= 0) return { unknown, error: `DN ended with incomplete type, value pair in "${s}"` };
    const type = p.slice(0, eq).trim();
    const value = p
      .slice(eq + 1)
      .trim()
      .replace(/\\(.)/g, '$1');
    if (type.toUpperCase() === 'CN') cn = value;
    else if (!LITERAL_TYPES.has(type.toUpperCase()) && !/^\d+(\.\d+)+$/.test(type)) unknown.push(value);
  }
  return { ...(cn !== undefined ? { cn } : {}), unknown };
}
