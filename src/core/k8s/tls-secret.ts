/**
 * What a `kubernetes.io/tls` Secret holds (pain point 14: is the chain in
 * `tls.crt`? what is `ca.crt`?): one summary line per Secret, on its
 * `tls.crt` key, and findings for the mistakes that break servers.
 *
 * Works on decoded items (base64 `data` and PEM `stringData` alike): an item
 * belongs to a field when its span lies inside the field's value. Key
 * mismatches are `key-mismatch` (key-pairing.ts) and a root inside `tls.crt`
 * is `chain-root-included` (chain-findings.ts); neither is repeated here.
 */
import { mapGet, mapNode, type YMap, type YNode } from './yaml-node';
import { yamlRoots } from './yaml-roots';
import type { CertificateItem, Item, KeyItem } from '../analysis/decode';
import type { Analysis, Problem, Span } from '../types';

export interface TlsSecretSummary {
  /** The `tls.crt` key (CodeLens and hover anchor). */
  readonly span: Span;
  /** Dotted path of the field, e.g. `data.tls.crt`, `items[1].stringData.tls.crt`. */
  readonly path: string;
  readonly name?: string;
  /** `tls.crt: leaf CN=api.example.com + 1 intermediate (CN=R11) · ca.crt: root CN=ISRG Root X1` */
  readonly text: string;
}

/** Stable codes of this module, with their meaning (README, SARIF). */
export const TLS_SECRET_CODES = {
  'secret-leaf-not-first':
    "tls.crt does not start with the server's own certificate: tls.key belongs to a later one, or a CA comes before the leaf.",
  'secret-ca-crt-not-ca': 'ca.crt holds a certificate that is not a CA (and not self-signed), so nothing can be verified against it.',
  'secret-tls-crt-invalid':
    'tls.crt holds no certificate (empty, a key, a CSR, or bytes that are not PEM or DER): servers and ingress controllers refuse the Secret.',
} as const;

interface Field {
  readonly keySpan: Span;
  readonly value: Span;
  readonly path: string;
}
/** One TLS Secret's fields, where they are written (plain data). */
export interface SecretFields {
  readonly name?: string;
  readonly crt?: Field;
  readonly key?: Field;
  readonly ca?: Field;
}

/**
 * @example
 * const { items: summaries, problems } = analyzeTlsSecrets(text, decoded.items);
 * summaries[0].text; // 'tls.crt: leaf CN=web.example.com + 1 intermediate (CN=R11) · ca.crt: root CN=ISRG Root X1'
 */
export function analyzeTlsSecrets(text: string, items: readonly Item[], roots = yamlRoots(text).roots): Analysis<TlsSecretSummary> {
  const secrets: SecretFields[] = [];
  for (const root of roots) tlsSecretsIn(root, secrets);
  return analyzeSecretFields(text, secrets, items);
}

/**
 * `analyzeTlsSecrets` on Secrets already found (`tlsSecretsIn`, plain data):
 * a reader that parses documents one at a time need not keep them.
 */
export function analyzeSecretFields(text: string, secrets: readonly SecretFields[], items: readonly Item[]): Analysis<TlsSecretSummary> {
  const summaries: TlsSecretSummary[] = [];
  const problems: Problem[] = [];
  const inField = fieldIndex(items);
  for (const s of secrets) {
    if (!s.crt) continue;
    const crt = inField(s.crt).filter((i): i is CertificateItem => i.kind === 'certificate');
    const ca = s.ca ? inField(s.ca).filter((i): i is CertificateItem => i.kind === 'certificate') : undefined;
    const key = s.key ? inField(s.key).find((i): i is KeyItem => i.kind === 'private-key') : undefined;
    summaries.push({ span: s.crt.keySpan, path: s.crt.path, ...(s.name !== undefined && { name: s.name }), text: summaryText(crt, ca) });
    if (crt.length === 0) problems.push(noCertificate(text, s.crt, inField(s.crt)));
    leafNotFirst(crt, key, problems);
    for (const c of ca ?? []) {
      const cert = c.certificate;
      // cert-manager's selfSigned issuer writes the certificate itself to ca.crt: a pinned self-signed certificate is a fair anchor.
      if (cert.isCA || cert.selfSigned) continue;
      problems.push({
        code: 'secret-ca-crt-not-ca',
        severity: 'warning',
        message: `ca.crt holds "${cert.subjectLabel}", which is not a CA certificate: clients and cert-manager use ca.crt as the issuing CA to verify against, so it should hold the CA (usually the root) that signed tls.crt`,
        span: c.span,
      });
    }
  }
  return { items: summaries, problems };
}

/** tls.crt without a certificate: say what is there instead, on the value. */
function noCertificate(text: string, f: Field, found: readonly Item[]): Problem {
  const raw = text.slice(f.value.start, f.value.end).trim();
  const empty = raw === '' || raw === '""' || raw === "''" || raw === '~' || raw === 'null';
  const kinds = [...new Set(found.map((i) => i.kind))];
  const what = empty
    ? 'is empty'
    : kinds.length
      ? `holds ${kinds.map((k) => (k === 'csr' ? 'a certificate request' : `a ${k.replace('-', ' ')}`)).join(' and ')} but no certificate`
      : 'holds no certificate: its value is neither PEM nor base64 of a certificate';
  return {
    code: 'secret-tls-crt-invalid',
    severity: empty ? 'warning' : 'error',
    message: `${f.path} ${what}; servers and ingress controllers refuse a kubernetes.io/tls Secret without a certificate in tls.crt`,
    span: empty ? f.keySpan : f.value,
  };
}

function leafNotFirst(crt: readonly CertificateItem[], key: KeyItem | undefined, problems: Problem[]): void {
  const first = crt[0];
  if (!first || crt.length < 2) return;
  const spki = key?.key.spkiSha256;
  const keyAt = spki ? crt.findIndex((c) => c.certificate.spkiSha256 === spki) : -1;
  const what = `tls.crt starts with "${first.certificate.subjectLabel}" (${roleOf(first)})`;
  const why = 'servers (nginx, Envoy, Go, Java) take the first certificate of tls.crt as their own and pair it with tls.key';
  if (keyAt > 0) {
    problems.push({
      code: 'secret-leaf-not-first',
      severity: 'warning',
      message: `${what}, but tls.key belongs to certificate #${keyAt + 1} "${crt[keyAt]!.certificate.subjectLabel}"; ${why}, so they fail with "key values mismatch". Put that certificate first`,
      span: first.span,
      data: { keyCertificate: keyAt },
    });
    return;
  }
  const leafAt = crt.findIndex((c) => !c.certificate.isCA);
  // keyAt === 0: the key matches the first certificate, whatever it is (a CA key pair for cert-manager's CA issuer).
  if (keyAt !== 0 && first.certificate.isCA && leafAt > 0) {
    problems.push({
      code: 'secret-leaf-not-first',
      severity: 'warning',
      message: `${what}, a CA, before the leaf "${crt[leafAt]!.certificate.subjectLabel}" (#${leafAt + 1}); ${why}. Put the leaf first, then its intermediates`,
      span: first.span,
      data: { leaf: leafAt },
    });
  }
}

/** `tls.crt: leaf CN=a + 1 intermediate (CN=b) + root (CN=c) · ca.crt: root CN=d` */
export function summaryText(crt: readonly CertificateItem[], ca: readonly CertificateItem[] | undefined): string {
  const parts = [`tls.crt: ${listText(crt, 'no certificate')}`];
  parts.push(ca === undefined ? 'no ca.crt' : `ca.crt: ${listText(ca, 'no certificate')}`);
  return parts.join(' · ');
}

function listText(certs: readonly CertificateItem[], empty: string): string {
  const [first, ...rest] = certs;
  if (!first) return empty;
  const groups = new Map<string, string[]>();
  for (const c of rest) {
    const r = roleOf(c);
    groups.set(r, [...(groups.get(r) ?? []), nameOf(c)]);
  }
  const more = [...groups].map(([role, names]) =>
    role === 'root' || role === 'self-signed'
      ? `+ ${names.length > 1 ? `${names.length} ${role}s` : role} (${names.join(', ')})`
      : `+ ${names.length} ${role}${names.length > 1 ? 's' : ''} (${names.join(', ')})`,
  );
  return [`${roleOf(first)} ${nameOf(first)}`, ...more].join(' ');
}

function roleOf(c: CertificateItem): string {
  return c.certificate.role;
}

function nameOf(c: CertificateItem): string {
  const s = c.certificate;
  return s.commonName !== undefined ? `CN=${s.commonName}` : s.subjectLabel || '(empty subject)';
}

/**
 * The items whose span lies inside a field's value, found by binary search
 * over the items sorted by start: a file of 10,000 Secrets took minutes when
 * every field filtered every item.
 */
function fieldIndex(items: readonly Item[]): (f: Field) => Item[] {
  const sorted = items.filter((i) => i.container === undefined && i.span.end > i.span.start).sort((a, b) => a.span.start - b.span.start);
  return (f) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((sorted[mid]?.span.start ?? Infinity) < f.value.start) lo = mid + 1;
      else hi = mid;
    }
    const out: Item[] = [];
    for (let i = lo; i < sorted.length; i++) {
      const item = sorted[i];
      if (!item || item.span.start >= f.value.end) break;
      if (item.span.end <= f.value.end) out.push(item);
    }
    return out;
  };
}

/** The TLS Secrets (`type: kubernetes.io/tls`, also inside `kind: List`) of the document whose root node is `root`, appended to `out`. */
export function tlsSecretsIn(root: YNode | null, out: SecretFields[]): void {
  if (root?.kind !== 'map') return;
  const list = mapNode(root, 'items');
  const kind = mapGet(root, 'kind');
  if (typeof kind === 'string' && kind.endsWith('List') && list?.kind === 'seq') {
    list.items.forEach((it, i) => {
      if (it?.kind === 'map') pushSecret(it, `items[${i}].`, out);
    });
  } else pushSecret(root, '', out);
}

function pushSecret(map: YMap, prefix: string, out: SecretFields[]): void {
  if (mapGet(map, 'kind') !== 'Secret' || mapGet(map, 'type') !== 'kubernetes.io/tls') return;
  const meta = mapNode(map, 'metadata');
  const name = meta?.kind === 'map' ? mapGet(meta, 'name') : undefined;
  // Written field by field (a Secret of 10,000 took ~4 µs each with spreads); `name` first, as before.
  const secret: { name?: string; crt?: Field; key?: Field; ca?: Field } = {};
  if (typeof name === 'string') secret.name = name;
  // stringData wins over data for the same key (the API server merges stringData last).
  for (const section of SECTIONS) {
    const m = mapNode(map, section);
    if (m?.kind !== 'map') continue;
    for (const pair of m.pairs) {
      const key = pair.key;
      if (key?.kind !== 'scalar') continue;
      const k = String(key.value);
      const field = k === 'tls.crt' ? 'crt' : k === 'tls.key' ? 'key' : k === 'ca.crt' ? 'ca' : undefined;
      const v = pair.value;
      if (!field) continue;
      // A pair without a value node: an empty field, placed just after its key.
      const value = v === null ? { start: key.end, end: key.end } : v.kind === 'scalar' ? { start: v.start, end: v.end } : undefined;
      if (value) secret[field] = { keySpan: { start: key.start, end: key.end }, value, path: `${prefix}${section}.${k}` };
    }
  }
  out.push(secret);
}

const SECTIONS = ['data', 'stringData'] as const;
