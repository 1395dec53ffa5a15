/**
 * Checks that need the whole path, run once the search reaches a trust
 * anchor: certificate policies (RFC 5280 §6.1, `policy.ts`) and revocation
 * of every certificate below the anchor (§6.3, `revocation/crl-status.ts`).
 * The path builder's per-issuer checks (`build.ts`) cannot do these: policy
 * processing runs from the anchor down, and a CRL's signer is validated to
 * the same anchor the path ends at.
 */
import type { PoolEntry } from './build.js';
import type { ParsedCert } from './certificate.js';
import { processPolicies, type PolicyInputs } from './policy.js';
import type { PathFailure, PathRevocation } from './types.js';
import { crlStatus, type CrlIndex, type StatusHooks } from '../revocation/crl-status.js';
import { distributionPoints } from '../revocation/distribution-points.js';

/** Some CRL of the set is named for the certificate's issuer or one of its cRLIssuers. */
function hasCrlFor<R>(c: ParsedCert, crls: CrlIndex<R>): boolean {
  const dps = distributionPoints(c);
  const names = [c.issuer.key, ...(dps instanceof Error ? [] : dps.flatMap((d) => d.crlIssuer ?? []))];
  return names.some((k) => crls.complete.has(k) || crls.deltas.has(k));
}

export interface CompletePathSetup<R> {
  readonly now: number;
  readonly policy?: PolicyInputs;
  /** Absent: no revocation checking. */
  readonly crls?: CrlIndex<R>;
  readonly requireRevocation: boolean;
  /** Apply the RFC 5280 §5 CRL issuer rules too (the web PKI profile). */
  readonly strictCrl: boolean;
  readonly signers: (issuerKey: string) => readonly ParsedCert[];
  /** Validates a CRL signer to `anchor` (§6.3.3 (f)). */
  readonly validSigner: (signer: ParsedCert, anchor: ParsedCert) => Promise<boolean>;
  /** Refs of CRLs, for messages. */
  readonly crlLabel?: (ref: R) => string;
}

export interface CompletedPath<R> {
  readonly failure?: PathFailure<R>;
  readonly policies: readonly string[];
  readonly revocation?: readonly PathRevocation<R>[];
}

/** `path` is leaf first, trust anchor last. Never throws. */
export async function completePath<R>(path: readonly PoolEntry<R>[], setup: CompletePathSetup<R>): Promise<CompletedPath<R>> {
  const refs = path.map((p) => p.ref);
  const fail = (code: PathFailure<R>['code'], message: string, culprit: R): CompletedPath<R> => ({
    failure: { code, message, culprit, path: refs },
    policies: [],
  });
  // §6.1: the anchor is input (d), not part of the path; processing runs from it down.
  const down = path.slice(0, -1).reverse();
  const pol = processPolicies(
    down.map((e) => e.cert),
    setup.policy,
  );
  const [leaf, anchorEntry] = [path[0], path[path.length - 1]];
  if (!leaf || !anchorEntry) return { policies: [] };
  if (!pol.ok) return fail(pol.code, pol.message, down[pol.index]?.ref ?? leaf.ref);
  if (!setup.crls) return { policies: pol.policies };
  const anchor = anchorEntry.cert;
  const hooks: StatusHooks = { signers: setup.signers, validSigner: (s) => setup.validSigner(s, anchor) };
  const revocation: PathRevocation<R>[] = [];
  const label = setup.crlLabel ?? ((r: R) => String(r));
  for (const [i, e] of path.entries()) {
    const issuer = path[i + 1];
    if (!issuer) break; // the anchor: name and key, no revocation (§6.1.1 (d))
    const s = await crlStatus(e.cert, issuer.cert, setup.crls, hooks, {
      now: setup.now,
      allowStale: !setup.requireRevocation,
      strictCrl: setup.strictCrl,
    });
    if (s.state === 'revoked') {
      const hold = s.entry.reason === 'certificateHold';
      const date = new Date(s.entry.revocationDate).toISOString().slice(0, 10);
      return fail(
        'revoked',
        `${hold ? 'on hold (suspended) since' : 'revoked on'} ${date} (${s.entry.reason ?? 'no reason given'}) per ${label(s.crl.ref)}`,
        e.ref,
      );
    }
    if (s.state === 'unknown') {
      if (setup.requireRevocation) return fail('revocation-unknown', `revocation status unknown: ${s.why}`, e.ref);
      // Without a requirement, a certificate whose issuer publishes no CRL here is merely unchecked.
      const state = hasCrlFor(e.cert, setup.crls) ? 'unknown' : 'unchecked';
      revocation.push({ ref: e.ref, state, detail: s.why });
    } else
      revocation.push({
        ref: e.ref,
        state: 'good',
        detail: `not revoked per ${s.crls.map((c) => label(c.ref)).join(', ')}`,
        crls: s.crls.map((c) => c.ref),
        ...(s.stale && { stale: true }),
      });
  }
  return { policies: pol.policies, revocation };
}
