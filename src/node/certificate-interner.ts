/**
 * One copy of each certificate in memory across a scan: files that hold the
 * same certificate (a CA in every bundle, a leaf copied to many devices) share
 * its DER and its summary, keyed by SHA-256 (issue 11: one parse per DER
 * across the workspace). Worker results arrive as fresh copies; interning
 * them as they arrive keeps a 100,000-file scan's memory per distinct
 * certificate, and lets every identity-keyed cache downstream (the chain
 * pool's DER keys, parsed certificates) hit for the copies.
 */
import type { CertificateItem, Item } from '../core/analysis/decode';

export class CertificateInterner {
  private readonly seen = new Map<string, CertificateItem>();

  /** The items with each certificate's `der` and `certificate` replaced by the first copy seen. */
  items(items: Item[]): Item[] {
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (item?.kind !== 'certificate') continue;
      const key = item.certificate.sha256;
      const first = this.seen.get(key);
      if (!first) this.seen.set(key, item);
      else if (first !== item && sameBytes(first.der, item.der)) items[i] = { ...item, der: first.der, certificate: first.certificate };
    }
    return items;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
