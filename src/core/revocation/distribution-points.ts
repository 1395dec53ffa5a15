/**
 * CRL distribution points (RFC 5280 §4.2.1.13) and the names they share with
 * a CRL's issuingDistributionPoint (§5.2.5), as comparable keys: `dn:<name
 * key>` for a directoryName (nameRelativeToCRLIssuer resolved against the
 * CRL issuer), `uri:<text>` for a URI, `raw:<hex>` for anything else.
 */
import type { ParsedCert } from '../chain/certificate.js';
import { DerError, TAG, children, decodeBitString, expectTag, parseDer, value, whole, type Tlv } from '../der/reader.js';
import { toHex as hex } from '../util/bytes.js';
import { parseGeneralName, parseName } from '../chain/names.js';
import { decodeOnce } from '../util/memo';

export type DpName = string;

export interface DistributionPoint {
  /** distributionPoint names; absent when the DP names only a cRLIssuer. */
  readonly names?: readonly DpName[];
  /** ReasonFlags bit mask (bit n = reason n); absent = all reasons. */
  readonly reasons?: number;
  /** cRLIssuer directoryName keys; absent = the certificate's issuer. */
  readonly crlIssuer?: readonly string[];
}

/** keyCompromise (1) … aACompromise (8): every reason a CRL can be limited to (§6.3.2 (a)). */
export const ALL_REASONS = 0x1fe;

export const EXT_CRL_DP = '2.5.29.31';

/** ReasonFlags BIT STRING (implicitly tagged) → bit mask, bit n = named bit n. */
export function reasonFlags(t: Tlv): number {
  const { bytes } = decodeBitString({ ...t, tag: TAG.BIT_STRING });
  let mask = 0;
  for (let n = 0; n < 9; n++) if ((bytes[n >> 3] ?? 0) & (0x80 >> (n & 7))) mask |= 1 << n;
  return mask;
}

function derLength(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return [0x80 | out.length, ...out];
}

/** The key of `base` extended by one RDN given as the contents of a SET (nameRelativeToCRLIssuer). */
function relativeKey(base: string, rdn: Tlv): string {
  const content = value(rdn);
  const set = [0x31, ...derLength(content.length), ...content];
  const name = parseName(parseDer(new Uint8Array([0x30, ...derLength(set.length), ...set]), 'der'));
  return base === '' ? name.key : `${base}/${name.key}`;
}

/** DistributionPointName ([0] of a DP or IDP) → name keys; `bases` are the issuer names a relative name extends. */
export function distributionPointName(dp: Tlv, bases: readonly string[]): DpName[] {
  const [choice, extra] = children(dp);
  if (!choice || extra) throw new DerError('bad DistributionPointName');
  if (choice.tag === 0xa0) {
    const names = children(choice);
    if (names.length === 0) throw new DerError('empty fullName');
    return names.map((g) => {
      const n = parseGeneralName(g);
      return n.kind === 'dn' ? `dn:${n.dn.key}` : n.kind === 'uri' ? `uri:${n.text}` : `raw:${hex(whole(g))}`;
    });
  }
  if (choice.tag === 0xa1) return bases.map((b) => `dn:${relativeKey(b, choice)}`);
  throw new DerError('bad DistributionPointName choice');
}

/** The certificate's cRLDistributionPoints ([] when absent); an Error when malformed. Cached. */
export const distributionPoints: (c: ParsedCert) => readonly DistributionPoint[] | Error = decodeOnce((c: ParsedCert) => decode(c));

function decode(c: ParsedCert): DistributionPoint[] {
  const ext = c.extensions.get(EXT_CRL_DP);
  if (!ext) return [];
  const list = children(expectTag(parseDer(ext.value, 'der'), TAG.SEQUENCE, 'CRLDistributionPoints'));
  if (list.length === 0) throw new DerError('empty cRLDistributionPoints');
  return list.map((d) => {
    const parts = children(expectTag(d, TAG.SEQUENCE, 'DistributionPoint'));
    const at = (tag: number): Tlv | undefined => parts.find((p) => p.tag === tag);
    const issuerT = at(0xa2);
    const crlIssuer = issuerT
      ? children(issuerT).flatMap((g) => {
          const n = parseGeneralName(g);
          return n.kind === 'dn' ? [n.dn.key] : [];
        })
      : undefined;
    if (crlIssuer && crlIssuer.length === 0) throw new DerError('cRLIssuer without a directoryName');
    const dpT = at(0xa0);
    const reasonsT = at(0x81);
    // §4.2.1.13: a DP MUST NOT consist of only the reasons field.
    if (!dpT && !issuerT) throw new DerError('DistributionPoint with neither distributionPoint nor cRLIssuer');
    const names = dpT ? distributionPointName(dpT, crlIssuer ?? [c.issuer.key]) : undefined;
    return {
      ...(names && { names }),
      ...(reasonsT && { reasons: reasonFlags(reasonsT) }),
      ...(crlIssuer && { crlIssuer }),
    };
  });
}
