/**
 * "Is the certificate in this repo the one this endpoint serves?" Compares
 * certificates (and keys) from a workspace file with the served chain by
 * SHA-256 fingerprint and by SubjectPublicKeyInfo hash: the SPKI survives
 * re-issuance, so "same key, different certificate" means the repo holds
 * an older or newer certificate for the key the server uses. Pure.
 */
import type { ServedCertificate } from './served-cert';
import { decodeServed } from './served-cert';

export type CompareVerdict = 'same-certificate' | 'same-key' | 'different';

/** One certificate or key from the workspace file, already hashed. */
export interface FileMaterial {
  readonly kind: 'certificate' | 'key';
  /** Position in the file (block index). */
  readonly index: number;
  /** Certificates only. */
  readonly sha256?: string;
  readonly spkiSha256?: string;
  readonly subject?: string;
  readonly notAfter?: string;
}

export type ServedSummary = Pick<ServedCertificate, 'index' | 'sha256' | 'spkiSha256' | 'subject' | 'notAfter' | 'serialNumber'>;

export interface MaterialMatch {
  readonly material: FileMaterial;
  readonly verdict: CompareVerdict;
  /** The served certificate it matches (by fingerprint, else by key). */
  readonly servedIndex?: number;
}

export interface CompareResult {
  /** The answer about the served leaf: the question users ask. */
  readonly verdict: CompareVerdict;
  /** One line, e.g. `same key, different certificate: …`. */
  readonly text: string;
  readonly matches: readonly MaterialMatch[];
}

const norm = (h: string | undefined): string => (h ?? '').toLowerCase().replace(/[^0-9a-f]/g, '');

/** Hashes DER certificates the way the served chain is hashed (memoised decode). */
export async function certificateMaterial(ders: readonly { readonly index: number; readonly der: Uint8Array }[]): Promise<FileMaterial[]> {
  const out: FileMaterial[] = [];
  for (const { index, der } of ders) {
    const d = await decodeServed(der, index);
    if (d.ok)
      out.push({
        kind: 'certificate',
        index,
        sha256: d.cert.sha256,
        spkiSha256: d.cert.spkiSha256,
        subject: d.cert.subject,
        notAfter: d.cert.notAfter,
      });
  }
  return out;
}

/**
 * @example
 *   compareWithServed([{kind: 'certificate', index: 0, sha256: leaf.sha256, spkiSha256: leaf.spkiSha256}], served)
 *   // {verdict: 'same-certificate', text: 'same certificate: the file's block 1 is the served leaf (…)'}
 */
export function compareWithServed(file: readonly FileMaterial[], served: readonly ServedSummary[]): CompareResult {
  const matches: MaterialMatch[] = file.map((m) => {
    const byCert = m.sha256 ? served.find((s) => s.sha256 && norm(s.sha256) === norm(m.sha256)) : undefined;
    if (byCert) return { material: m, verdict: 'same-certificate', servedIndex: byCert.index };
    const byKey = m.spkiSha256 ? served.find((s) => s.spkiSha256 && norm(s.spkiSha256) === norm(m.spkiSha256)) : undefined;
    if (byKey) return { material: m, verdict: 'same-key', servedIndex: byKey.index };
    return { material: m, verdict: 'different' };
  });
  const leaf = served[0];
  if (!leaf) return { verdict: 'different', text: 'the endpoint served no certificate to compare with', matches };
  if (file.length === 0) return { verdict: 'different', text: 'the file holds no certificate or public key to compare', matches };
  const onLeaf = matches.filter((m) => m.servedIndex === 0);
  const same = onLeaf.find((m) => m.verdict === 'same-certificate');
  if (same)
    return {
      verdict: 'same-certificate',
      text: `same certificate: block ${same.material.index + 1} of the file is the served leaf (${leaf.subject})`,
      matches,
    };
  const key = onLeaf.find((m) => m.verdict === 'same-key');
  if (key) {
    const text =
      key.material.kind === 'key'
        ? `same key: block ${key.material.index + 1} of the file is the key of the served leaf (${leaf.subject})`
        : `same key, different certificate: block ${key.material.index + 1} of the file (expires ${key.material.notAfter ?? '?'}) has the served leaf's key, but the server sends another certificate (serial ${leaf.serialNumber}, expires ${leaf.notAfter})`;
    return { verdict: 'same-key', text, matches };
  }
  const other = matches.find((m) => m.servedIndex !== undefined);
  const also = other
    ? `; block ${other.material.index + 1} matches served certificate #${other.servedIndex! + 1} (${served[other.servedIndex!]?.subject ?? ''})`
    : '';
  return {
    verdict: 'different',
    text: `different: nothing in the file matches the served leaf (${leaf.subject}) by fingerprint or key${also}`,
    matches,
  };
}
