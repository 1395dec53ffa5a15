/**
 * Maps one NIST PKITS case (../shared/conformance/pkits/cases.json, see its
 * README) onto validatePath: the trust anchor as name + key, `path` and
 * `additionalCerts` as untrusted certificates (CRL signers and rollover
 * certificates are path-building candidates and CRL-signer candidates), every
 * listed CRL, the §6.1.1 policy inputs, and hard-fail revocation as PKITS
 * §4.4 expects. Shared by scripts/conformance.ts and the PKITS unit test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validatePath, type CertInput } from '../../../../src/core/chain/index.js';

export interface PkitsCase {
  id: string;
  name: string;
  trustAnchor: string;
  path: string[];
  additionalCerts: string[];
  crls: string[];
  settings: {
    initialPolicySet: string[];
    explicitPolicyRequired: boolean;
    policyMappingInhibited: boolean;
    anyPolicyInhibited: boolean;
  };
  expected: 'valid' | 'invalid';
  expectedPolicySet: string[];
  validationTime: string;
}

export interface PkitsOutcome {
  got: 'valid' | 'invalid';
  reason: string;
  /** The user-constrained-policy-set of the best path, when valid. */
  policies?: readonly string[];
}

const cache = new Map<string, Uint8Array>();
function pemFile(path: string): Uint8Array {
  let der = cache.get(path);
  if (!der) {
    const b64 = readFileSync(path, 'utf8')
      .replace(/-----(BEGIN|END) [A-Z0-9 ]+-----/g, '')
      .replace(/\s+/g, '');
    cache.set(path, (der = new Uint8Array(Buffer.from(b64, 'base64'))));
  }
  return der;
}

/** @param dir the pkits folder (holding certs/ and crls/) */
export async function runPkitsCase(c: PkitsCase, dir: string): Promise<PkitsOutcome> {
  const cert = (f: string): CertInput<string> => ({ der: pemFile(join(dir, 'certs', f)), ref: f });
  const target = c.path[c.path.length - 1] ?? '';
  const r = await validatePath<string>({
    target: cert(target),
    intermediates: [...c.path.slice(0, -1), ...c.additionalCerts].map(cert),
    // RFC 5280 §6.1.1 (d): the anchor is its name and key; constraints in its certificate are not input.
    anchors: [{ ...cert(c.trustAnchor), source: 'store' }],
    crls: c.crls.map((f) => ({ der: pemFile(join(dir, 'crls', f)), ref: f })),
    requireRevocation: true,
    now: new Date(c.validationTime),
    kind: 'client',
    requiredEkus: [],
    profile: 'rfc5280',
    policy: {
      initialPolicySet: c.settings.initialPolicySet,
      explicitPolicy: c.settings.explicitPolicyRequired,
      inhibitPolicyMapping: c.settings.policyMappingInhibited,
      inhibitAnyPolicy: c.settings.anyPolicyInhibited,
    },
  });
  if (r.best) return { got: 'valid', reason: `path ${r.best.certs.map((x) => x.ref).join(' -> ')}`, policies: r.best.policies };
  const why = r.reason ? `${r.reason.code} at ${r.reason.culprit}: ${r.reason.message}` : 'no path';
  return { got: 'invalid', reason: why };
}
