/**
 * Big PEM bundles of realistic non-root chains, for the hostile bench's
 * `pemchain` section (issue 16: a 20 MB bundle with chains). Three roots with
 * two issuing CAs each (fleet-gen's template leaves, fresh P-256 keys), in
 * one of these shapes:
 *
 * - `fullchain`: concatenated fullchain.pem files: each leaf, its issuing CA
 *   and its root, so every CA appears thousands of times;
 * - `leaves`: one issuing CA and its root, then distinct leaves from it;
 * - `mixed`: `fullchain` interleaved with system roots (`extraRoots`), one
 *   root after every leaf chain.
 */
import { Buffer } from 'node:buffer';
import { ca, leafFactory, pemOf, type Ca } from './fleet-gen';

export type BundleShape = 'fullchain' | 'leaves' | 'mixed';

export interface ChainBundle {
  readonly pem: string;
  readonly certificates: number;
  readonly leaves: number;
}

/** A bundle of about `bytes` bytes (at most) in `shape`. */
export async function chainBundle(bytes: number, shape: BundleShape, extraRoots: readonly Uint8Array[] = []): Promise<ChainBundle> {
  const roots: Ca[] = [];
  const issuers: Ca[] = [];
  for (let r = 0; r < (shape === 'leaves' ? 1 : 3); r++) {
    const root = await ca(`Bench Bundle Root ${r + 1}`);
    roots.push(root);
    for (let k = 0; k < (shape === 'leaves' ? 1 : 2); k++) issuers.push(await ca(`Bench Bundle Issuing CA ${r + 1}.${k + 1}`, root));
  }
  const caPem = (c: Ca) => pemOf(Buffer.from(c.cert.rawData));
  const leaf = await leafFactory(issuers);
  const parts: string[] = [];
  let size = 0;
  const push = (p: string): boolean => {
    if (size + p.length > bytes) return false;
    parts.push(p);
    size += p.length;
    return true;
  };
  if (shape === 'leaves') {
    push(caPem(issuers[0] as Ca));
    push(caPem(roots[0] as Ca));
  }
  let leaves = 0;
  for (let i = 0; ; i++) {
    if (!push(pemOf(leaf(i)))) break;
    leaves++;
    if (shape === 'leaves') continue;
    // leafFactory alternates over `issuers`; issuer k sits under root k >> 1.
    const k = i % issuers.length;
    if (!push(caPem(issuers[k] as Ca)) || !push(caPem(roots[k >> 1] as Ca))) break;
    const extra = extraRoots[i % Math.max(1, extraRoots.length)];
    if (shape === 'mixed' && extra && !push(pemOf(Buffer.from(extra)))) break;
  }
  return { pem: parts.join(''), certificates: parts.length, leaves };
}
