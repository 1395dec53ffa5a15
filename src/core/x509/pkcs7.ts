/**
 * Extracts certificates and CRLs from PKCS#7 / CMS SignedData (RFC 5652 §5),
 * the `.p7b`/`.p7c` "certs-only" bundles and PEM `PKCS7`/`CMS` blocks.
 * Signatures are not checked: degenerate SignedData has none, and listing the
 * certificates of a signed message does not depend on them.
 *
 * @example
 * const { certificates } = decodePkcs7(der);
 */
import { type Tlv, TAG, elementsOf, oidOf, readBer } from '../der/reader';
import type { Problem } from '../types';

export interface Pkcs7Result {
  /** DER of each certificate, in file order. */
  readonly certificates: Uint8Array[];
  readonly crls: Uint8Array[];
  /** Spans are byte offsets into the input. */
  readonly problems: Problem[];
}

const SIGNED_DATA = '1.2.840.113549.1.7.2';

/** Decodes a PKCS#7 ContentInfo holding SignedData. Never throws. */
export function decodePkcs7(der: Uint8Array): Pkcs7Result {
  const certificates: Uint8Array[] = [];
  const crls: Uint8Array[] = [];
  const problems: Problem[] = [];
  const report = (severity: Problem['severity'], message: string, span: { start: number; end: number } = { start: 0, end: der.length }) =>
    problems.push({ code: severity === 'error' || severity === 'warning' ? 'der-malformed' : 'pkcs7-skipped', severity, message, span });
  try {
    const outer = readBer(der);
    const ci = outer?.tag === TAG.SEQUENCE ? elementsOf(outer) : undefined;
    const type = oidOf(ci?.[0]);
    if (!outer || !ci || !type) {
      report('error', 'PKCS#7: not a ContentInfo (truncated or not PKCS#7)');
      return { certificates, crls, problems };
    }
    if (outer.end < der.length)
      report('warning', `PKCS#7: ${der.length - outer.end} trailing bytes after the ContentInfo`, { start: outer.end, end: der.length });
    if (type !== SIGNED_DATA) {
      problems.push({
        code: 'pkcs7-unsupported',
        severity: 'info',
        message: `PKCS#7: content type ${type} holds no certificates`,
        span: { start: 0, end: der.length },
      });
      return { certificates, crls, problems };
    }
    const explicit = ci[1]?.tag === 0xa0 ? readBer(der, ci[1].valueStart, ci[1].valueEnd) : undefined;
    // SignedData ::= SEQUENCE { version, digestAlgorithms SET, encapContentInfo,
    //   certificates [0] IMPLICIT SET OPTIONAL, crls [1] IMPLICIT SET OPTIONAL, signerInfos SET }
    const sd = explicit?.tag === TAG.SEQUENCE ? elementsOf(explicit) : undefined;
    if (!sd || sd[0]?.tag !== TAG.INTEGER || sd[1]?.tag !== TAG.SET || sd[2]?.tag !== TAG.SEQUENCE) {
      report('error', 'PKCS#7: SignedData is malformed');
      return { certificates, crls, problems };
    }
    for (const field of sd.slice(3)) {
      if (field.tag === 0xa0) collect(der, field, certificates, 'certificate', report);
      else if (field.tag === 0xa1) collect(der, field, crls, 'CRL', report);
    }
  } catch {
    report('error', 'PKCS#7: the structure could not be decoded');
  }
  return { certificates, crls, problems };
}

function collect(
  der: Uint8Array,
  set: Tlv,
  into: Uint8Array[],
  what: string,
  report: (s: Problem['severity'], m: string, span?: { start: number; end: number }) => void,
) {
  const items = elementsOf(set);
  if (!items) return report('error', `PKCS#7: the ${what} set is malformed`, { start: set.start, end: set.end });
  for (const item of items) {
    // Only plain X.509 (SEQUENCE); attribute certificates and "other" formats are tagged.
    if (item.tag === TAG.SEQUENCE) into.push(Uint8Array.from(der.subarray(item.start, item.end)));
    else report('info', `PKCS#7: a non-X.509 ${what} entry (tag [${item.tag & 0x1f}]) is skipped`, { start: item.start, end: item.end });
  }
}
