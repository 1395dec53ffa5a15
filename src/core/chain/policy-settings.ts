/**
 * `certlens.trust.requiredPolicies` → the RFC 5280 §6.1.1 policy inputs.
 * Settings come from user JSON, so anything may arrive: entries that are not
 * dotted OIDs are dropped with a message, never thrown.
 *
 * @example
 * ```ts
 * readRequiredPolicies(['2.23.140.1.2.1', 'oops']);
 * // { policy: { initialPolicySet: ['2.23.140.1.2.1'], explicitPolicy: true },
 * //   problems: ['certlens.trust.requiredPolicies: "oops" is not a dotted OID; ignored'] }
 * ```
 */
import { isOid, type PolicyInputs } from './policy.js';

export interface RequiredPolicies {
  /** Empty when no valid OID is required (any policy, none required). */
  readonly policy: PolicyInputs;
  readonly problems: readonly string[];
}

const KEY = 'certlens.trust.requiredPolicies';

/** A required policy is enforced: a non-empty list sets initial-explicit-policy too (like `--policy`). */
export function readRequiredPolicies(raw: unknown): RequiredPolicies {
  if (raw === undefined || raw === null) return { policy: {}, problems: [] };
  if (!Array.isArray(raw)) return { policy: {}, problems: [`${KEY}: expected an array of OIDs; ignored`] };
  const problems: string[] = [];
  const oids: string[] = [];
  for (const v of raw as unknown[]) {
    const s = typeof v === 'string' ? v.trim() : undefined;
    if (s !== undefined && isOid(s)) {
      if (!oids.includes(s)) oids.push(s);
    } else problems.push(`${KEY}: ${JSON.stringify(v)?.slice(0, 80) ?? String(v)} is not a dotted OID; ignored`);
  }
  return { policy: oids.length > 0 ? { initialPolicySet: oids, explicitPolicy: true } : {}, problems };
}
