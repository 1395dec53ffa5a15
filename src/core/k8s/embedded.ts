/**
 * Finds certificate material embedded in Kubernetes YAML and JSON, with the
 * exact span of each value in the original text:
 * - Secret `data` (`tls.crt`, `ca.crt`, `tls.key`, any value that decodes to
 *   PEM) and `stringData` PEM,
 * - kubeconfig `certificate-authority-data`, `client-certificate-data`,
 *   `client-key-data`,
 * - webhook and APIService `caBundle`,
 * - Kubernetes `CertificateSigningRequest` (`certificates.k8s.io`)
 *   `spec.request` and `status.certificate`, cert-manager `CertificateRequest`
 *   `spec.request`, `status.certificate` and `status.ca`,
 * - PEM text in any string scalar (Helm values, ConfigMaps).
 *
 * The `yaml` parser resolves block, folded, quoted and JSON-escaped scalars;
 * spans come from its node ranges, so they refer to the original text (CRLF
 * included). Decoding is strict base64 (`core/pem/base64.ts`) after removing
 * whitespace, which folded and multi-line values contain.
 */
import { mapGet, type YNode, type YScalar } from './yaml-node';
import { yamlRoots, type YamlRoots } from './yaml-roots';
import { decodeBase64 } from '../pem/base64';
import type { Analysis, Problem, Span } from '../types';

export type EmbeddedEncoding = 'base64-pem' | 'base64-der' | 'pem';
export type EmbeddedRole = 'certificate' | 'ca' | 'key' | 'csr' | 'unknown';

export interface EmbeddedMaterial {
  /** The value node as written: quotes and block header (`|`) included. */
  readonly span: Span;
  /** The value's content only: inside quotes, after the block header line. */
  readonly contentSpan: Span;
  /** Dotted path with indices, e.g. `data.tls.crt`, `users[0].user.client-key-data`. */
  readonly path: string;
  readonly encoding: EmbeddedEncoding;
  /** PEM text, for `pem` and `base64-pem`. */
  readonly pemText?: string;
  /** DER bytes, for `base64-der`. */
  readonly der?: Uint8Array;
  /** What the field holds by convention. */
  readonly role: EmbeddedRole;
  /** Equal for a Secret's tls.crt and tls.key, or a kubeconfig user's client cert and key. */
  readonly pairKey?: string;
}

const BASE64_FIELDS: Readonly<Record<string, EmbeddedMaterial['role']>> = {
  'certificate-authority-data': 'ca',
  'client-certificate-data': 'certificate',
  'client-key-data': 'key',
  caBundle: 'ca',
};
const SECRET_ROLES: Readonly<Record<string, EmbeddedMaterial['role']>> = {
  'tls.crt': 'certificate',
  'ca.crt': 'ca',
  'tls.key': 'key',
};
const PAIRED = new Set(['tls.crt', 'tls.key', 'client-certificate-data', 'client-key-data']);

/**
 * `[]byte` fields of resources that carry a CSR and what was issued for it,
 * base64 of PEM in YAML and JSON alike. Keyed by API group (any version:
 * `certificates.k8s.io/v1` and `v1beta1`) and kind; paths are relative to the
 * resource.
 */
const RESOURCE_FIELDS: ReadonlyArray<{
  readonly group: string;
  readonly kind: string;
  readonly fields: Readonly<Record<string, EmbeddedRole>>;
}> = [
  // k8s.io/api/certificates/v1 CertificateSigningRequestSpec.Request, CertificateSigningRequestStatus.Certificate
  {
    group: 'certificates.k8s.io',
    kind: 'CertificateSigningRequest',
    fields: { 'spec.request': 'csr', 'status.certificate': 'certificate' },
  },
  // cert-manager pkg/apis/certmanager/v1 CertificateRequestSpec.Request, CertificateRequestStatus.Certificate / .CA
  {
    group: 'cert-manager.io',
    kind: 'CertificateRequest',
    fields: { 'spec.request': 'csr', 'status.certificate': 'certificate', 'status.ca': 'ca' },
  },
];

interface Walk {
  readonly text: string;
  readonly doc: number;
  readonly items: EmbeddedMaterial[];
  readonly problems: Problem[];
  /** Absolute paths of this document's known resource fields (RESOURCE_FIELDS), with their role. */
  readonly fields: Map<string, EmbeddedRole>;
}

/**
 * @example
 * const { items } = findEmbeddedMaterial(secretYaml);
 * items[0]; // { path: 'data.tls.crt', encoding: 'base64-pem', pemText: '-----BEGIN…', pairKey: '0:data', … }
 */
export function findEmbeddedMaterial(text: string, yaml: YamlRoots = yamlRoots(text)): Analysis<EmbeddedMaterial> {
  const out = { items: [] as EmbeddedMaterial[], problems: [] as Problem[] };
  // Within the documented YAML limits; a limit hit is reported here once (the TLS Secret checks read the same roots).
  out.problems.push(...yaml.problems);
  yaml.roots.forEach((root, i) => findEmbeddedIn(text, root, i, out));
  return out;
}

/**
 * The material of document number `doc` of `text`, whose root node is
 * `root`, appended to `out`: what `findEmbeddedMaterial` finds in it, for a
 * reader that parses documents one at a time.
 */
export function findEmbeddedIn(text: string, root: YNode | null, doc: number, out: Analysis<EmbeddedMaterial>): void {
  visit({ text, items: out.items, problems: out.problems, doc, fields: new Map() }, root, '', undefined);
}

/** `doc:parent`: the document's index in the text and the mapping holding the pair. */
function pairKeyOf(doc: number, parent: string): string {
  return `${doc}:${parent}`;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/** `secretKind` is set while inside a Secret's `data` or `stringData`. */
function visit(w: Walk, node: YNode | null, path: string, secretField: 'data' | 'stringData' | undefined): void {
  if (node?.kind === 'map') {
    const kind = mapGet(node, 'kind');
    const apiVersion = mapGet(node, 'apiVersion');
    const group = typeof apiVersion === 'string' ? apiVersion.slice(0, Math.max(0, apiVersion.lastIndexOf('/'))) : '';
    const resource = RESOURCE_FIELDS.find((r) => r.kind === kind && r.group === group);
    if (resource) for (const [rel, role] of Object.entries(resource.fields)) w.fields.set(join(path, rel), role);
    for (const pair of node.pairs) {
      if (pair.key?.kind !== 'scalar') continue;
      const key = String(pair.key.value);
      const value = pair.value;
      const p = join(path, key);
      const inSecret = kind === 'Secret' && (key === 'data' || key === 'stringData') ? key : undefined;
      if (value?.kind === 'scalar') onScalar(w, value, p, key, path, secretField);
      else visit(w, value, p, inSecret);
    }
  } else if (node?.kind === 'seq') {
    node.items.forEach((it, i) => {
      const p = `${path}[${i}]`;
      if (it?.kind === 'scalar') onScalar(w, it, p, '', path, undefined);
      else visit(w, it, p, undefined);
    });
  }
}

function onScalar(w: Walk, node: YScalar, path: string, key: string, parent: string, secretField: 'data' | 'stringData' | undefined): void {
  if (typeof node.value !== 'string') return;
  const value = node.value;
  const fieldRole = w.fields.get(path);
  const role = fieldRole ?? SECRET_ROLES[key] ?? BASE64_FIELDS[key] ?? 'unknown';
  const pairKey = PAIRED.has(key) ? pairKeyOf(w.doc, parent) : undefined;
  const span = { start: node.start, end: node.end };
  const knownBase64 = fieldRole !== undefined || (secretField === 'data' ? key in SECRET_ROLES : key in BASE64_FIELDS);
  if (secretField === 'data' || knownBase64) {
    if (value === '') return;
    // Most values are one line: decoded as written, and only when that fails (white space is never base64)
    // searched for white space, instead of searching every value first (~40 MB in a 20 MB file of Secrets).
    let r = decodeBase64(value);
    if (!r.ok && /\s/.test(value)) {
      const compact = value.replace(/\s+/g, '');
      if (compact === '') return;
      r = decodeBase64(compact);
    }
    if (!r.ok) {
      if (knownBase64)
        w.problems.push({
          code: 'embedded-base64-invalid',
          severity: 'warning',
          message: `${path}: ${r.reason}; the value is not valid base64.`,
          span,
        });
      return;
    }
    const pem = asPem(r.bytes);
    if (pem !== undefined) w.items.push({ ...base(w, node, span, path, role, pairKey), encoding: 'base64-pem', pemText: pem });
    else if (knownBase64 && r.bytes[0] === 0x30)
      w.items.push({ ...base(w, node, span, path, role, pairKey), encoding: 'base64-der', der: r.bytes });
    return;
  }
  if (value.includes('-----BEGIN ')) w.items.push({ ...base(w, node, span, path, role, pairKey), encoding: 'pem', pemText: value });
}

/** A kept value's place; built only for those (most scalars of a manifest are names, kinds and labels). */
function base(w: Walk, node: YScalar, span: Span, path: string, role: EmbeddedRole, pairKey: string | undefined) {
  return { span, contentSpan: contentSpan(w.text, node, span), path, role, ...(pairKey ? { pairKey } : {}) };
}

/** Decoded bytes that are PEM text (ASCII with a BEGIN line), else undefined. */
function asPem(bytes: Uint8Array): string | undefined {
  const head = Math.min(bytes.length, 4096);
  // Checked in place, decoded once: building the head char by char was a hot spot on a 20 MB file of Secrets.
  for (let i = 0; i < head; i++) {
    const b = bytes[i]!;
    if (b > 0x7e || (b < 0x20 && b !== 9 && b !== 10 && b !== 13)) return undefined;
  }
  const text = UTF8.decode(bytes);
  const marker = text.indexOf('-----BEGIN ');
  return marker >= 0 && marker < head ? text : undefined;
}

const UTF8 = new TextDecoder('utf-8', { fatal: false });

/** The value without quotes or the block scalar header line. */
function contentSpan(text: string, node: YScalar, span: Span): Span {
  const t = node.type;
  if (t === 'QUOTE_DOUBLE' || t === 'QUOTE_SINGLE') return { start: span.start + 1, end: Math.max(span.start + 1, span.end - 1) };
  if (t === 'BLOCK_LITERAL' || t === 'BLOCK_FOLDED') {
    let s = span.start;
    while (s < span.end && text[s] !== '\n') s++;
    s = Math.min(span.end, s + 1);
    while (s < span.end && (text[s] === ' ' || text[s] === '\t')) s++;
    let e = span.end;
    while (e > s && /\s/.test(text[e - 1]!)) e--;
    return { start: s, end: e };
  }
  return span;
}
