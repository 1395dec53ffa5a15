/**
 * Every extension of a certificate for the details view: decoded text for
 * the ones CertLens knows, raw OID and hex for the rest.
 */
import { children, expect, TAG } from '../der/reader';
import { toHex } from '../util/bytes';
import * as extensions from './extensions';
import { EXTENSIONS } from './oids';

export interface ExtensionDetail {
  readonly oid: string;
  /** Human name, or undefined when unknown. */
  readonly name?: string;
  readonly critical: boolean;
  /** Decoded text, or undefined when only the hex is known. */
  readonly text?: string;
  readonly hex: string;
}

type Decoder = (value: Uint8Array) => string;

const DECODERS: Readonly<Record<string, Decoder>> = {
  '2.5.29.17': (v) => extensions.decodeGeneralNames(v).join(', '),
  '2.5.29.18': (v) => extensions.decodeGeneralNames(v).join(', '),
  '2.5.29.19': (v) => {
    const bc = extensions.decodeBasicConstraints(v);
    return `CA: ${bc.ca}${bc.pathLen !== undefined ? `, pathLen: ${bc.pathLen}` : ''}`;
  },
  '2.5.29.15': (v) => extensions.decodeKeyUsage(v).join(', '),
  '2.5.29.37': (v) => extensions.decodeExtendedKeyUsage(v).join(', '),
  '2.5.29.14': (v) => extensions.decodeSubjectKeyId(v),
  '2.5.29.35': (v) => extensions.decodeAuthorityKeyId(v) ?? '(no key identifier)',
  '1.3.6.1.5.5.7.1.1': (v) => {
    const a = extensions.decodeAuthorityInfoAccess(v);
    return [...a.ocsp.map((u) => `OCSP: ${u}`), ...a.caIssuers.map((u) => `CA issuers: ${u}`)].join(', ');
  },
  '2.5.29.31': (v) => extensions.decodeCrlDistributionPoints(v).join(', '),
  '1.3.6.1.4.1.11129.2.4.2': (v) => `${extensions.countScts(v)} signed certificate timestamp(s)`,
  '2.5.29.30': decodeNameConstraints,
};

/** Lists the extensions of a DER certificate; never throws (undecodable ones keep their hex). */
export function listExtensions(der: Uint8Array): ExtensionDetail[] {
  try {
    const cert = expect(der, 0, TAG.SEQUENCE);
    const tbs = children(cert)[0];
    const ext = tbs && children(tbs).find((t) => t.tag === 0xa3);
    if (!ext) return [];
    return extensions.decodeExtensions(der, ext).map((e) => {
      const name = EXTENSIONS[e.oid];
      let text: string | undefined;
      try {
        text = DECODERS[e.oid]?.(e.value);
      } catch {
        text = undefined;
      }
      return { oid: e.oid, ...(name && { name }), critical: e.critical, ...(text !== undefined && { text }), hex: toHex(e.value, ':') };
    });
  } catch {
    return [];
  }
}

/** NameConstraints (RFC 5280 §4.2.1.10): `permitted: DNS:example.com; excluded: IP:…`. */
function decodeNameConstraints(v: Uint8Array): string {
  const parts: string[] = [];
  for (const subtrees of children(expect(v, 0, TAG.SEQUENCE))) {
    const kind = subtrees.tag === 0xa0 ? 'permitted' : subtrees.tag === 0xa1 ? 'excluded' : undefined;
    if (!kind) continue;
    const names = children(subtrees).map((st) => {
      const base = children(st)[0];
      return base ? extensions.formatGeneralName(v, base) : '?';
    });
    parts.push(`${kind}: ${names.join(', ')}`);
  }
  return parts.join('; ');
}
