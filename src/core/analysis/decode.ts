/**
 * Text or bytes in, decoded items out: the one analysis that feeds
 * diagnostics, hovers, CodeLens, badges, the details view and `--json`.
 * Never throws: every failure becomes a problem on the block that caused it.
 */
import { scanPem, type PemBlock } from '../pem/scanner';
import type { Problem, Span } from '../types';
import { readTlv } from '../der/reader';
import type { CertificateSummary } from '../x509/certificate';
import { summarizeOnce } from './certificate-parse';
import { nobleDigest, type DigestFn } from '../x509/digest';
import { summarizeCrl, type CrlSummary } from '../x509/crl';
import { summarizeCsr, verifyCsrSignature, type CsrSummary } from '../x509/csr';
import { describePrivateKey, describePublicKey, type KeyInfo } from '../x509/keys';
import type { Pkcs12Status } from '../x509/pkcs12';
import type { KeystoreEntryType, KeystoreFormat, KeystoreIntegrity } from '../x509/jks';
import type { KeystoreKeyState } from '../x509/jks-keys';
import { sniffDer } from '../x509/sniff';
import { decodeKeystoreInto, decodePkcs12Into, decodePkcs7Into, derMalformed, onSpan, reason } from './containers';
import { findEmbeddedIn, type EmbeddedMaterial, type EmbeddedRole } from '../k8s/embedded';
import { analyzeTlsSecrets, type TlsSecretSummary } from '../k8s/tls-secret';
import { yamlRoots, type YamlRoots } from '../k8s/yaml-roots';
import { decodeSourceMaterial, findSourceMaterial, mayHoldSourceMaterial, type SourceOrigin } from '../source';

export type ItemKind = 'certificate' | 'csr' | 'crl' | 'private-key' | 'public-key' | 'pkcs7' | 'pkcs12' | 'keystore' | 'unknown';

export interface ItemBase {
  readonly kind: ItemKind;
  /** Where the block is; every item of a container shares its span. */
  readonly span: Span;
  /** PEM label, or `DER` for binary input. */
  readonly label: string;
  /** Index of the PKCS#7/PKCS#12/keystore item this one came out of. */
  readonly container?: number;
  /** Set on certificates that came out of a Java keystore entry. */
  readonly keystoreEntry?: KeystoreEntryRef;
  /** The encoded object. Never printed for keys. */
  readonly der: Uint8Array;
  /** Set when the block came out of a YAML/JSON field (Secret, kubeconfig, caBundle, CSR resources). */
  readonly embedded?: { readonly path: string; readonly pairKey?: string; readonly role?: EmbeddedRole };
  /** Set when the block came out of source code: a string literal run or a byte array (src/core/source). */
  readonly source?: SourceOrigin;
}

export interface CertificateItem extends ItemBase {
  readonly kind: 'certificate';
  readonly certificate: CertificateSummary;
}
export interface CsrItem extends ItemBase {
  readonly kind: 'csr';
  readonly csr: CsrSummary;
  readonly signatureValid: boolean | 'unsupported';
}
export interface CrlItem extends ItemBase {
  readonly kind: 'crl';
  readonly crl: CrlSummary;
}
export interface KeyItem extends ItemBase {
  readonly kind: 'private-key' | 'public-key';
  /** Type, size, encryption and the public key only: never key material. */
  readonly key: KeyInfo;
}
export interface Pkcs7Item extends ItemBase {
  readonly kind: 'pkcs7';
  readonly certificateCount: number;
  readonly crlCount: number;
}
export interface Pkcs12Item extends ItemBase {
  readonly kind: 'pkcs12';
  readonly status: Pkcs12Status;
  readonly certificateCount: number;
  readonly keyCount: number;
  /** Encryption schemes found, e.g. `pbeWithSHAAnd40BitRC2-CBC`. */
  readonly encryption: string[];
  readonly macAlgorithm?: string;
}
/**
 * Where a keystore certificate sits: its entry, and its place in a key's
 * chain (0 = the key's own certificate). On the key of a PrivateKeyEntry
 * (once decrypted), `key` is true and `position` 0, the certificate it pairs with.
 */
export interface KeystoreEntryRef {
  readonly alias: string;
  readonly type: KeystoreEntryType;
  readonly position: number;
  readonly chainLength: number;
  readonly key?: true;
}
/** One keystore entry as shown to people; secret keys are named, never read. */
export interface KeystoreEntrySummary {
  readonly alias: string;
  readonly type: KeystoreEntryType;
  /** ms since the epoch; undefined when out of the Date range. */
  readonly created?: number;
  readonly certificateCount: number;
  /** PrivateKeyEntry: the key's algorithm, read from its certificate (the key itself stays encrypted). */
  readonly keyAlgorithm?: string;
  readonly protection?: string;
  /** PrivateKeyEntry of an unlocked keystore: `decrypted` with the store password, or why not. */
  readonly keyState?: KeystoreKeyState;
  /** With `keyState` 'decrypted' and a certificate: whether the key's public key is its certificate's. */
  readonly keyMatchesCertificate?: boolean;
}
export interface KeystoreItem extends ItemBase {
  readonly kind: 'keystore';
  readonly format: KeystoreFormat;
  readonly version?: number;
  readonly integrity: KeystoreIntegrity;
  readonly entries: KeystoreEntrySummary[];
}
export interface UnknownItem extends ItemBase {
  readonly kind: 'unknown';
}

export type Item = CertificateItem | CsrItem | CrlItem | KeyItem | Pkcs7Item | Pkcs12Item | KeystoreItem | UnknownItem;

export interface DecodeOptions {
  /** PKCS#12 or keystore password (kept in memory by the caller, never logged). */
  readonly password?: string;
  /**
   * The text is YAML or JSON: also decode base64 certificate material in
   * Kubernetes fields (`data.tls.crt`, `*-data`, `caBundle`, …).
   */
  readonly structured?: boolean;
  /** The source language, when known (`c`, `python`, …): only labels items found in source literals. */
  readonly language?: string;
  /**
   * Fingerprints (SHA-1, SHA-256). Default: @noble/hashes, pure and
   * synchronous; Node callers pass node:crypto's, about 5× cheaper.
   */
  readonly digest?: DigestFn;
}

/** Where one decode run puts its results, and the digest it fingerprints with. */
export interface DecodeSink {
  readonly items: Item[];
  readonly problems: Problem[];
  readonly digest: DigestFn;
}

export interface DecodedFile {
  readonly items: Item[];
  /** Problems found while decoding (`pem-malformed`, `der-malformed`, …). */
  readonly problems: Problem[];
  /** What each `kubernetes.io/tls` Secret of a YAML/JSON file holds (structured text only). */
  readonly secrets?: readonly TlsSecretSummary[];
}

const CERTIFICATE_LABELS = new Set(['CERTIFICATE', 'X509 CERTIFICATE', 'TRUSTED CERTIFICATE']);
const CSR_LABELS = new Set(['CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST']);
const CRL_LABELS = new Set(['X509 CRL']);
const PRIVATE_KEY_LABELS = new Set(['PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'DSA PRIVATE KEY']);
const PUBLIC_KEY_LABELS = new Set(['PUBLIC KEY', 'RSA PUBLIC KEY']);
const PKCS7_LABELS = new Set(['PKCS7', 'CMS', 'PKCS #7 SIGNED DATA']);

/**
 * Decodes every PEM block in `text`.
 *
 * @example
 * const { items, problems } = await decodeText(readFileSync('chain.pem', 'utf8'));
 */
export async function decodeText(text: string, options: DecodeOptions = {}): Promise<DecodedFile> {
  // Certificates in string literals and byte arrays (source code); YAML/JSON keep their own reader.
  const source = options.structured ? undefined : findSourceMaterial(text);
  const items: Item[] = [];
  const problems: Problem[] = [];
  const sink: DecodeSink = { items, problems, digest: options.digest ?? nobleDigest };
  await decodePemInto(source?.masked ?? text, sink);
  if (source) {
    const decoders = {
      text: (t: string) => decodeText(t, { digest: sink.digest }),
      binary: (b: Uint8Array) => decodeBinary(b, { digest: sink.digest }),
    };
    await decodeSourceMaterial(source, decoders, items, problems, options.language);
  }
  const embedded = options.structured && mayHoldEmbedded(text);
  const tls = options.structured && text.includes('kubernetes.io/tls');
  // One read of the documents for both readers.
  const yaml = embedded || tls ? yamlRoots(text) : undefined;
  if (embedded) await decodeEmbedded(text, sink, yaml);
  if (tls) {
    const secrets = analyzeTlsSecrets(text, items, yaml?.roots);
    problems.push(...secrets.problems);
    if (secrets.items.length) return { items, problems, secrets: secrets.items };
  }
  return { items, problems };
}

/** The PEM blocks of `text`: the scanner's problems first, then each block's item or problem. */
export async function decodePemInto(text: string, sink: DecodeSink): Promise<void> {
  const scan = scanPem(text);
  sink.problems.push(...scan.problems);
  for (const block of scan.blocks) await decodeBlock(block, sink);
}

/** Cheap pre-check before parsing YAML: a Kubernetes field name or base64 of `-----`. */
export function mayHoldEmbedded(text: string): boolean {
  return /LS0tLS1CRUdJT|tls\.crt|ca\.crt|tls\.key|-data\b|caBundle|CertificateSigningRequest|CertificateRequest/.test(text);
}

/**
 * Base64 certificate material in YAML/JSON values, decoded like any block and
 * placed on the value's exact range. PEM block scalars are left to the PEM
 * scanner, which already sees them. The reader's own problems come first,
 * then those of each value; returns how many are the reader's.
 */
export async function decodeEmbedded(text: string, sink: DecodeSink, yaml: YamlRoots = yamlRoots(text)): Promise<number> {
  // Document by document, each value decoded as soon as it is found: the decoded PEM texts die young
  // (a 20 MB file of Secrets holds ~18 MB of them, which the garbage collector copied while all were kept).
  const reader = { items: [] as EmbeddedMaterial[], problems: [...yaml.problems] };
  const values: DecodeSink = { items: sink.items, problems: [], digest: sink.digest };
  for (const [doc, root] of yaml.roots.entries()) {
    findEmbeddedIn(text, root, doc, reader);
    await decodeEmbeddedMaterial(reader.items, values);
    reader.items.length = 0;
  }
  for (const p of reader.problems) sink.problems.push(p);
  for (const p of values.problems) sink.problems.push(p);
  return reader.problems.length;
}

/** Each value the embedded reader found, decoded into the sink (items on the value's range). */
export async function decodeEmbeddedMaterial(found: readonly EmbeddedMaterial[], { items, problems, digest }: DecodeSink): Promise<void> {
  for (const m of found) {
    if (m.encoding === 'pem') continue;
    const inner =
      m.encoding === 'base64-pem'
        ? await decodeText(m.pemText ?? '', { digest })
        : await decodeBinary(m.der ?? new Uint8Array(0), { digest });
    const offset = items.length;
    const embedded = {
      path: m.path,
      ...(m.pairKey !== undefined && { pairKey: m.pairKey }),
      ...(m.role !== 'unknown' && { role: m.role }),
    };
    for (const it of inner.items) {
      items.push({ ...it, span: m.contentSpan, embedded, ...(it.container !== undefined && { container: it.container + offset }) });
    }
    problems.push(...inner.problems.map((p) => ({ ...p, span: m.contentSpan, message: `${m.path}: ${p.message}` })));
  }
}

async function decodeBlock(block: PemBlock, sink: DecodeSink): Promise<void> {
  const { items, problems, digest } = sink;
  const der = block.der!;
  const base = { span: block.span, label: block.label, der };
  try {
    if (CERTIFICATE_LABELS.has(block.label)) {
      // OpenSSL's TRUSTED CERTIFICATE appends an X509_AUX trust record.
      if (block.label !== 'TRUSTED CERTIFICATE') checkTrailing(der, block.span, problems);
      const first = der.subarray(0, readTlv(der, 0).end);
      const certificate = await summarizeOnce(first, digest);
      items.push({ span: block.span, label: block.label, der: first, kind: 'certificate', certificate });
    } else if (CSR_LABELS.has(block.label)) {
      checkTrailing(der, block.span, problems);
      items.push({ ...base, kind: 'csr', csr: await summarizeCsr(der, digest), signatureValid: await verifyCsrSignature(der) });
    } else if (CRL_LABELS.has(block.label)) {
      checkTrailing(der, block.span, problems);
      items.push({ ...base, kind: 'crl', crl: await summarizeCrl(der, digest) });
    } else if (PRIVATE_KEY_LABELS.has(block.label) || PUBLIC_KEY_LABELS.has(block.label)) {
      const r = PRIVATE_KEY_LABELS.has(block.label)
        ? await describePrivateKey(block.label, der, block.headers)
        : await describePublicKey(block.label, der);
      problems.push(...onSpan(r.problems, block.span));
      if (r.key) items.push({ ...base, kind: r.key.kind, key: r.key });
    } else if (PKCS7_LABELS.has(block.label)) {
      await decodePkcs7Into(der, base, sink);
    } else {
      items.push({ ...base, kind: 'unknown' });
    }
  } catch (err) {
    problems.push(derMalformed(block.span, `${block.label}: ${reason(err)}`));
  }
}

/** The PEM label a sniffed DER structure would carry. */
const LABEL_OF_KIND: Readonly<Record<string, string>> = {
  certificate: 'CERTIFICATE',
  crl: 'X509 CRL',
  csr: 'CERTIFICATE REQUEST',
  pkcs7: 'PKCS7',
  'private-key': 'PRIVATE KEY',
  'encrypted-private-key': 'ENCRYPTED PRIVATE KEY',
  'rsa-private-key': 'RSA PRIVATE KEY',
  'ec-private-key': 'EC PRIVATE KEY',
  'dsa-private-key': 'DSA PRIVATE KEY',
  'public-key': 'PUBLIC KEY',
  'rsa-public-key': 'RSA PUBLIC KEY',
};

/**
 * Decodes a binary file by content, not by extension (`sniffDer`). `span` is
 * empty: a binary file has no text positions.
 */
export async function decodeBinary(bytes: Uint8Array, options: DecodeOptions = {}): Promise<DecodedFile> {
  const span: Span = { start: 0, end: 0 };
  const items: Item[] = [];
  const problems: Problem[] = [];
  if (bytes.length < 2) {
    // A DER element needs at least a tag and a length byte (X.690 §8.1.1).
    const what = bytes.length === 0 ? 'empty file (0 bytes)' : 'only 1 byte: too short for a DER element (2 bytes at least)';
    return { items, problems: [derMalformed(span, what)] };
  }
  const sink: DecodeSink = { items, problems, digest: options.digest ?? nobleDigest };
  try {
    const kind = sniffDer(bytes);
    if (kind === 'pkcs12') {
      await decodePkcs12Into(bytes, options.password, span, sink);
      return { items, problems };
    }
    if (kind === 'jks' || kind === 'jceks') {
      await decodeKeystoreInto(bytes, options.password, span, sink);
      return { items, problems };
    }
    const top = readTlv(bytes, 0);
    if (top.end < bytes.length) problems.push(trailing(span, bytes.length - top.end));
    const der = bytes.subarray(0, top.end);
    const label = LABEL_OF_KIND[kind];
    if (!label) {
      problems.push(derMalformed(span, 'not a certificate, CRL, CSR, key, PKCS#7, PKCS#12 or Java keystore structure'));
      return { items, problems };
    }
    await decodeBlock({ label, span, headers: {}, der }, sink);
    return { items: items.map((i) => ({ ...i, label: 'DER' })), problems };
  } catch (err) {
    problems.push(derMalformed(span, reason(err)));
  }
  return { items, problems };
}

/** YAML, JSON and kubeconfig files may embed base64 certificate material. */
export function isStructuredPath(path: string): boolean {
  return /\.(ya?ml|json)$/i.test(path) || /(^|[\\/])(kube)?config$/i.test(path);
}

/** True when a text holds anything worth decoding. */
export function mayHoldMaterial(text: string, structured: boolean): boolean {
  return text.includes('-----BEGIN ') || (structured ? mayHoldEmbedded(text) : mayHoldSourceMaterial(text));
}

/** True when the bytes look like text that may hold PEM. */
export function looksLikeText(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 4096);
  // A PEM marker makes it text even with a stray NUL or control byte, so the
  // PEM scanner names the bad base64 and its line instead of "malformed DER".
  if (!isDerSequenceStart(bytes) && hasPemMarker(bytes, n)) return true;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0 || (b < 9 && b !== 0)) return false;
  }
  return !isDerSequenceStart(bytes);
}

/** A DER SEQUENCE starts with 0x30 '0' followed by a length byte ≥ 0x80 for anything non-trivial. */
function isDerSequenceStart(bytes: Uint8Array): boolean {
  return bytes[0] === 0x30 && (bytes[1] ?? 0) >= 0x80;
}

const PEM_MARKER = Array.from('-----BEGIN ', (c) => c.charCodeAt(0));

function hasPemMarker(bytes: Uint8Array, n: number): boolean {
  outer: for (let i = 0; i + PEM_MARKER.length <= n; i++) {
    for (let j = 0; j < PEM_MARKER.length; j++) if (bytes[i + j] !== PEM_MARKER[j]) continue outer;
    return true;
  }
  return false;
}

function checkTrailing(der: Uint8Array, span: Span, problems: Problem[]): void {
  const end = readTlv(der, 0).end;
  if (end < der.length) problems.push(trailing(span, der.length - end));
}

function trailing(span: Span, n: number): Problem {
  return { code: 'der-malformed', severity: 'warning', message: `${n} unexpected byte(s) after the DER structure`, span };
}
