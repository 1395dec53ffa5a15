/** SubjectPublicKeyInfo (RFC 5280 §4.1.2.7): algorithm, size and curve. */
import { children, decodeOid, DerError, expect, integerBitLength, readTlv, TAG, type Tlv } from '../der/reader';
import { CURVES, KEY_ALGORITHMS, nameOf, rsaKeyWeakness } from './oids';

export interface PublicKeyInfo {
  /** `RSA`, `EC`, `Ed25519`, … or the dotted OID. */
  readonly keyAlgorithm: string;
  readonly keySize?: number;
  /** Named curve for EC keys (`P-256`). */
  readonly curve?: string;
}

const FIXED_SIZE: Readonly<Record<string, number>> = { Ed25519: 256, Ed448: 456, X25519: 256, X448: 448 };

/** Describes the SPKI TLV at `spki` inside `bytes`. */
export function describeSpki(bytes: Uint8Array, spki: Tlv): PublicKeyInfo {
  const [algId, keyBits] = children(spki);
  if (!algId || !keyBits || keyBits.tag !== TAG.BIT_STRING) throw new DerError('bad SubjectPublicKeyInfo');
  const [oidTlv, params] = children(algId);
  if (!oidTlv) throw new DerError('AlgorithmIdentifier without OID');
  const oid = decodeOid(oidTlv);
  const keyAlgorithm = nameOf(KEY_ALGORITHMS, oid);
  switch (keyAlgorithm) {
    case 'RSA':
    case 'RSA-PSS': {
      // subjectPublicKey wraps RSAPublicKey ::= SEQUENCE { modulus, publicExponent } (RFC 8017 A.1.1)
      const rsa = expect(bytes, keyBits.valueStart + 1, TAG.SEQUENCE, keyBits.end);
      const modulus = expect(bytes, rsa.valueStart, TAG.INTEGER, rsa.end);
      return { keyAlgorithm, keySize: integerBitLength(modulus) };
    }
    case 'EC': {
      if (params?.tag !== TAG.OID) return { keyAlgorithm, curve: 'explicit parameters' };
      const curveOid = decodeOid(params);
      const curve = CURVES[curveOid];
      if (curve) return { keyAlgorithm, keySize: curve.bits, curve: curve.name };
      // Unnamed here: the field size follows from the public point (SEC 1 §2.3.3).
      const point = keyBits.end - keyBits.valueStart - 1;
      const first = bytes[keyBits.valueStart + 1];
      const fieldBytes = first === 4 ? (point - 1) / 2 : point - 1;
      return { keyAlgorithm, curve: curveOid, ...(fieldBytes > 0 && { keySize: Math.floor(fieldBytes) * 8 }) };
    }
    case 'DSA': {
      if (params?.tag !== TAG.SEQUENCE) return { keyAlgorithm };
      const p = readTlv(bytes, params.valueStart, params.end);
      return { keyAlgorithm, keySize: integerBitLength(p) };
    }
    default: {
      const size = FIXED_SIZE[keyAlgorithm];
      return size ? { keyAlgorithm, keySize: size } : { keyAlgorithm };
    }
  }
}

/** Why a key is too weak to trust, or undefined (CA/B BR §6.1.5, NIST SP 800-131A). */
export function weakKeyReason(k: PublicKeyInfo): string | undefined {
  if ((k.keyAlgorithm === 'RSA' || k.keyAlgorithm === 'RSA-PSS') && k.keySize !== undefined) {
    const weak = rsaKeyWeakness(k.keySize);
    if (weak) return weak;
  }
  if (k.keyAlgorithm === 'EC' && k.keySize !== undefined && k.keySize < 256) return `EC key on ${k.curve} (minimum 256 bits)`;
  if (k.keyAlgorithm === 'DSA') return 'DSA keys are deprecated and rejected by TLS clients';
  return undefined;
}
