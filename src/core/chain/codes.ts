/**
 * The user-facing chain codes (issue 4) with their severities in a workspace
 * file and on a live endpoint. `undefined` means the code is never emitted in
 * that mode (a private root is fine in a file, an error on an endpoint).
 */
import type { Severity } from '../types';

export type ChainMode = 'file' | 'endpoint';

export const CHAIN_CODES = {
  'chain-ok': { file: 'info', endpoint: 'info', doc: 'The certificate chains to a trust anchor; the message names it.' },
  'chain-misordered': {
    file: 'warning',
    endpoint: 'warning',
    doc: "The file's or server's order differs from issuing order (leaf first). A lint, not a failure.",
  },
  'chain-missing-intermediate': {
    file: 'warning',
    endpoint: 'error',
    doc: 'No certificate in the pool or trust store issued this one; names the missing issuer and its AIA caIssuers URL.',
  },
  'chain-private-root': {
    file: 'info',
    endpoint: undefined,
    doc: 'The path ends at a self-signed root found in the workspace but not trusted; add it to certlens.trust.extraAnchors.',
  },
  'chain-untrusted-root': { file: undefined, endpoint: 'error', doc: 'The served chain ends at a root no trust anchor matches.' },
  'chain-self-signed': { file: 'info', endpoint: 'warning', doc: 'A self-signed certificate that is not a CA.' },
  'chain-bad-signature': { file: 'error', endpoint: 'error', doc: "The issuer's key does not verify the signature." },
  'chain-not-ca': { file: 'error', endpoint: 'error', doc: 'An issuer without basicConstraints cA=TRUE or without keyCertSign.' },
  'chain-pathlen-exceeded': { file: 'error', endpoint: 'error', doc: "A CA's pathLenConstraint (or the depth limit) is exceeded." },
  'chain-name-constraints': {
    file: 'error',
    endpoint: 'error',
    doc: "A name is outside a CA's permitted subtrees or inside its excluded ones.",
  },
  'chain-eku': {
    file: 'error',
    endpoint: 'error',
    doc: "An issuer restricts extendedKeyUsage so the leaf cannot serve its purpose (serverAuth on endpoints; the leaf's own EKU in files).",
  },
  'chain-expired-intermediate': { file: 'error', endpoint: 'error', doc: 'An issuing CA certificate is expired or not yet valid.' },
  'chain-invalid': {
    file: 'warning',
    endpoint: 'error',
    doc: 'Any other RFC 5280 / CABF rejection (profile violation, unknown critical extension, unsupported algorithm, work budget).',
  },
  'chain-root-included': {
    file: 'info',
    endpoint: 'info',
    doc: 'The bundle or served chain carries its own root; clients use their own copy.',
  },
  'chain-cross-signed': { file: 'info', endpoint: 'info', doc: 'Several valid paths exist; says which one expires last.' },
  'chain-policy': {
    file: 'error',
    endpoint: 'error',
    doc: "No certificate policy acceptable to certlens.trust.requiredPolicies (CLI: --policy) holds along the path while one is required: by --explicit-policy or a CA's requireExplicitPolicy (RFC 5280 §6.1).",
  },
  'revocation-unknown': {
    file: 'info',
    endpoint: 'info',
    doc: 'A certificate on the path whose revocation status the CRLs of its issuer (workspace or --crl) do not determine: bad signature, out of scope, not every reason covered, not yet issued. Error, and reported for every certificate without a CRL, with --require-revocation (RFC 5280 §6.3).',
  },
  'chain-expires-early': {
    file: 'warning',
    endpoint: 'warning',
    doc: 'The best path expires before the leaf because an issuer expires first; gives the date and the culprit.',
  },
} as const satisfies Record<string, { file: Severity | undefined; endpoint: Severity | undefined; doc: string }>;

export type ChainCode = keyof typeof CHAIN_CODES;

/** `revocation-unknown` is an error when revocation is required (`--require-revocation`, RFC 5280 §6.3 hard fail). */
export function chainSeverity(code: ChainCode, mode: ChainMode, validation?: { readonly requireRevocation?: boolean }): Severity {
  if (code === 'revocation-unknown' && validation?.requireRevocation) return 'error';
  return CHAIN_CODES[code][mode] ?? 'info';
}
