/**
 * The question firmware and SDK users ask of a certificate compiled into
 * their code: how long will devices built with it keep working?
 *
 * A trust anchor compiled into firmware cannot be renewed in the field: once
 * it expires, TLS stacks that check the anchor's validity (mbedTLS on
 * ESP32/ESP-IDF, OpenSSL, wolfSSL) refuse every server chaining to it until
 * the device is rebuilt and reflashed. (BearSSL's trust anchors carry no
 * dates and keep working; the sentence says what the common stacks do.)
 */
import type { CertificateSummary } from '../x509/certificate';
import { formatDuration } from '../lint/expiry';

export interface EmbeddedLifetimeOptions {
  /** What the certificate is built into: `this header`, `this sketch`; default `this code`. */
  readonly builtWith?: string;
}

/**
 * One sentence for the hover of a certificate embedded in source code.
 *
 * @example
 * embeddedLifetime(root, new Date('2027-03-01T00:00:00Z'), { builtWith: 'this header' });
 * // 'Devices built with this header will reject servers chaining to it after 2031-03-01 (in 4 years).'
 */
export function embeddedLifetime(
  cert: Pick<CertificateSummary, 'isCA' | 'notBefore' | 'notAfter'>,
  now: Date,
  options: EmbeddedLifetimeOptions = {},
): string {
  const who = `Devices built with ${options.builtWith ?? 'this code'}`;
  const t = now.getTime();
  const until = day(cert.notAfter);
  const left = formatDuration(cert.notAfter - t);
  if (!Number.isFinite(cert.notAfter)) return `${who} carry a certificate whose expiry date could not be read.`;
  if (cert.isCA) {
    if (t > cert.notAfter)
      return `${who} have rejected servers chaining to it since ${until} (${left} ago): the embedded trust anchor has expired.`;
    const early =
      t < cert.notBefore ? ` It is not valid before ${day(cert.notBefore)} (in ${formatDuration(cert.notBefore - t)}) either.` : '';
    return `${who} will reject servers chaining to it after ${until} (in ${left}).${early}`;
  }
  if (t > cert.notAfter)
    return `${who} have presented an expired certificate since ${until} (${left} ago): peers that check dates reject it.`;
  return `${who} will present an expired certificate after ${until} (in ${left}): peers that check dates will reject it.`;
}

function day(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : 'an unknown date';
}

/**
 * How the hover names the file: `this header`, `this sketch`, or `this code`.
 *
 * @example builtWithFor('main/aws_root_ca.h') // 'this header'
 */
export function builtWithFor(path: string): string {
  if (/\.(?:h|hh|hpp|hxx)$/i.test(path)) return 'this header';
  if (/\.(?:ino|pde)$/i.test(path)) return 'this sketch';
  return 'this code';
}
