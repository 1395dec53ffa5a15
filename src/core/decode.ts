/**
 * Text or bytes in, decoded items out: the one analysis that feeds
 * diagnostics, hovers, CodeLens, badges, the details view and `--json`.
 * Never throws: every failure becomes a problem on the block that caused it.
 */
import { scanPem, type PemBlock } from './pem-scanner';
import type { Problem, Span } from './types';
import { DerError, readTlv } from './x509/der';
import { summarizeCertificate, type CertificateSummary } from './x509/certificate';
import { summarizeCrl, type CrlSummary } from './x509/crl';
import { summarizeCsr, verifyCsrSignature, type CsrSummary } from './x509/csr';

export type ItemKind = 'certificate' | 'csr' | 'crl' | 'private-key' | 'public-key' | 'pkcs7' | 'pkcs12' | 'unknown';

interface ItemBase {
  readonly kind: ItemKind;
  /** Where the block is; every item of a container shares its span. */
  readonly span: Span;
  /** PEM label, or `DER` for binary input. */
  readonly label: string;
  /** Index of the PKCS#7/PKCS#12 item this one came out of. */
  readonly container?: number;
  /** The encoded object. Never printed for keys. */
  readonly der: Uint8Array;
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
export interface UnknownItem extends ItemBase {
  readonly kind: 'unknown';
}

export type Item = CertificateItem | CsrItem | CrlItem | UnknownItem;

export interface DecodedFile {
  readonly items: Item[];
  /** Problems found while decoding (`pem-malformed`, `der-malformed`, …). */
  readonly problems: Problem[];
}

const CERTIFICATE_LABELS = new Set(['CERTIFICATE', 'X509 CERTIFICATE', 'TRUSTED CERTIFICATE']);
const CSR_LABELS = new Set(['CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST']);
const CRL_LABELS = new Set(['X509 CRL']);

/**
 * Decodes every PEM block in `text`.
 *
 * @example
 * const { items, problems } = await decodeText(readFileSync('chain.pem', 'utf8'));
 */
export async function decodeText(text: string): Promise<DecodedFile> {
  const scan = scanPem(text);
  const items: Item[] = [];
  const problems = [...scan.problems];
  for (const block of scan.blocks) {
    await decodeBlock(block, items, problems);
  }
  return { items, problems };
}

async function decodeBlock(block: PemBlock, items: Item[], problems: Problem[]): Promise<void> {
  const der = block.der!;
  const base = { span: block.span, label: block.label, der };
  try {
    if (CERTIFICATE_LABELS.has(block.label)) {
      // OpenSSL's TRUSTED CERTIFICATE appends an X509_AUX trust record.
      if (block.label !== 'TRUSTED CERTIFICATE') checkTrailing(der, block.span, problems);
      const first = der.subarray(0, readTlv(der, 0).end);
      items.push({ ...base, der: first, kind: 'certificate', certificate: await summarizeCertificate(first) });
    } else if (CSR_LABELS.has(block.label)) {
      checkTrailing(der, block.span, problems);
      items.push({ ...base, kind: 'csr', csr: await summarizeCsr(der), signatureValid: await verifyCsrSignature(der) });
    } else if (CRL_LABELS.has(block.label)) {
      checkTrailing(der, block.span, problems);
      items.push({ ...base, kind: 'crl', crl: await summarizeCrl(der) });
    } else {
      items.push({ ...base, kind: 'unknown' });
    }
  } catch (err) {
    problems.push(derMalformed(block.span, `${block.label}: ${reason(err)}`));
  }
}

/**
 * Decodes a binary file by content, not by extension. `span` is empty: a
 * binary file has no text positions.
 */
export async function decodeBinary(bytes: Uint8Array): Promise<DecodedFile> {
  const span: Span = { start: 0, end: 0 };
  const items: Item[] = [];
  const problems: Problem[] = [];
  try {
    const top = readTlv(bytes, 0);
    if (top.end < bytes.length) problems.push(trailing(span, bytes.length - top.end));
    const der = bytes.subarray(0, top.end);
    const guess = await decodeBlockGuessing(der, span);
    items.push(...guess.items);
    problems.push(...guess.problems);
  } catch (err) {
    problems.push(derMalformed(span, reason(err)));
  }
  return { items, problems };
}

/** Tries each DER type in turn for unlabelled bytes. */
async function decodeBlockGuessing(der: Uint8Array, span: Span): Promise<DecodedFile> {
  for (const label of ['CERTIFICATE', 'X509 CRL', 'CERTIFICATE REQUEST']) {
    const items: Item[] = [];
    const problems: Problem[] = [];
    await decodeBlock({ label, span, headers: {}, der }, items, problems);
    if (problems.length === 0) return { items: items.map((i) => ({ ...i, label: 'DER' })), problems };
  }
  return { items: [], problems: [derMalformed(span, 'not a certificate, CRL, CSR, key, PKCS#7 or PKCS#12 structure')] };
}

/** True when the bytes look like text that may hold PEM. */
export function looksLikeText(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 4096);
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0 || (b < 9 && b !== 0)) return false;
  }
  // A DER SEQUENCE starts with 0x30 '0' followed by a length byte ≥ 0x80 for anything non-trivial.
  return !(bytes[0] === 0x30 && (bytes[1] ?? 0) >= 0x80);
}

function checkTrailing(der: Uint8Array, span: Span, problems: Problem[]): void {
  const end = readTlv(der, 0).end;
  if (end < der.length) problems.push(trailing(span, der.length - end));
}

function trailing(span: Span, n: number): Problem {
  return { code: 'der-malformed', severity: 'warning', message: `${n} unexpected byte(s) after the DER structure`, span };
}

function derMalformed(span: Span, message: string): Problem {
  return { code: 'der-malformed', severity: 'error', message: `malformed DER: ${message}`, span };
}

function reason(err: unknown): string {
  if (err instanceof DerError) return err.message;
  return err instanceof Error ? err.message : String(err);
}
