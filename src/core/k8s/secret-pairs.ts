/**
 * `key-mismatch` for keys and certificates embedded as pairs: a Secret's
 * `tls.key` / `tls.crt`, a kubeconfig user's `client-key-data` /
 * `client-certificate-data` (`EmbeddedMaterial.pairKey`). Plugs the
 * embedded-material finder into `checkDeclaredPairs`; problems sit on the
 * key's YAML value.
 */
import { decodeBinary, decodeText, type CertificateItem, type Item, type KeyItem } from '../decode';
import { checkDeclaredPairs, type DeclaredPair } from '../key-pairing';
import type { Problem } from '../types';
import type { EmbeddedMaterial } from './embedded';

/**
 * @example
 * const { items } = findEmbeddedMaterial(secretYaml);
 * await embeddedKeyMismatches(items); // [{ code: 'key-mismatch', span: <data.tls.key value>, … }]
 */
export async function embeddedKeyMismatches(materials: readonly EmbeddedMaterial[]): Promise<Problem[]> {
  const groups = new Map<string, EmbeddedMaterial[]>();
  for (const m of materials) {
    if (m.pairKey === undefined) continue;
    const g = groups.get(m.pairKey);
    if (g) g.push(m);
    else groups.set(m.pairKey, [m]);
  }
  const pairs: DeclaredPair[] = [];
  for (const group of groups.values()) {
    const keyMaterial = group.find((m) => m.role === 'key');
    const certMaterial = group.find((m) => m.role === 'certificate');
    if (!keyMaterial || !certMaterial) continue;
    const key = (await itemsOf(keyMaterial)).find((i): i is KeyItem => i.kind === 'private-key');
    const certificates = (await itemsOf(certMaterial)).filter((i): i is CertificateItem => i.kind === 'certificate');
    if (!key) continue;
    const why = keyMaterial.path.endsWith('tls.key')
      ? 'tls.key and tls.crt of one Secret'
      : 'the client key and certificate of one kubeconfig user';
    pairs.push({ key: { ...key, span: keyMaterial.span }, certificates, why });
  }
  return checkDeclaredPairs(pairs);
}

async function itemsOf(m: EmbeddedMaterial): Promise<Item[]> {
  if (m.pemText !== undefined) return (await decodeText(m.pemText)).items;
  if (m.der) return (await decodeBinary(m.der)).items;
  return [];
}
