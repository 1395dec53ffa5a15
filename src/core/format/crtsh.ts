/**
 * Certificate Transparency look-ups on crt.sh (pain point 19): links only,
 * opened by an explicit click; nothing here touches the network.
 *
 * crt.sh takes the certificate's SHA-256 (`?sha256=`) or the SHA-256 of its
 * SubjectPublicKeyInfo (`?spkisha256=`, every certificate for the same key),
 * as hex in either case.
 */
import type { Item } from '../analysis/decode';

export interface ExternalLink {
  /** Button or link text. */
  readonly label: string;
  readonly url: string;
  /** Tooltip: what the link finds, and when it will find nothing. */
  readonly title: string;
}

const HEX64 = /^[0-9a-f]{64}$/i;
const CRTSH_URL = /^https:\/\/crt\.sh\/\?(?:sha256|spkisha256)=[0-9a-fA-F]{64}$/;

/**
 * `Search crt.sh` links for a certificate; none for other kinds (keys, CSRs
 * and CRLs are not logged).
 *
 * @example
 * crtShLinks(item)[0].url; // 'https://crt.sh/?sha256=3f2a…'
 */
export function crtShLinks(item: Item): ExternalLink[] {
  if (item.kind !== 'certificate') return [];
  const c = item.certificate;
  // RFC 6962 logs hold what public CAs submit; a private CA or a self-signed certificate never reaches them.
  const caveat = c.selfSigned
    ? 'This certificate is self-signed, so it is not in CT logs and crt.sh will find nothing.'
    : 'Certificates from private CAs are not in CT logs, so crt.sh will find nothing for them.';
  const out: ExternalLink[] = [];
  if (HEX64.test(c.sha256)) {
    out.push({
      label: 'Search crt.sh',
      url: `https://crt.sh/?sha256=${c.sha256.toLowerCase()}`,
      title: `Look up this certificate in Certificate Transparency logs (opens crt.sh in a browser). ${caveat}`,
    });
  }
  if (HEX64.test(c.spkiSha256)) {
    out.push({
      label: 'Search crt.sh by key',
      url: `https://crt.sh/?spkisha256=${c.spkiSha256.toLowerCase()}`,
      title: `Every logged certificate for this public key (opens crt.sh in a browser). ${caveat}`,
    });
  }
  return out;
}

/** The allowlist for links the details view may ask to open: crt.sh look-ups by hash, nothing else. */
export function isCrtShUrl(url: unknown): url is string {
  return typeof url === 'string' && CRTSH_URL.test(url);
}
