/**
 * Public types of the path builder/validator. Everything is JSON-serialisable
 * except the caller's opaque `ref` values, which are passed back untouched.
 */

/**
 * Stable failure reasons; the editor and CLI map them to their own finding codes.
 * - `malformed`: not DER, or an extension that does not decode (RFC 5280 §4.2).
 * - `profile`: decodes but breaks an RFC 5280 / CABF profile rule (serial, AKI/SKI, criticality…).
 * - `bad-signature`: the candidate issuer's key does not verify the certificate (culprit: the candidate).
 * - `unsupported-algorithm`: a signature algorithm WebCrypto cannot check (e.g. SHA-224).
 * - `not-ca` / `key-usage`: an issuer without cA=TRUE / without keyCertSign.
 * - `pathlen-exceeded`, `depth-exceeded`: pathLenConstraint, or the caller's maxDepth.
 * - `name-constraints`: a later name is outside a CA's permitted or inside its excluded subtrees.
 * - `eku`: the leaf or an issuer lacks a required extendedKeyUsage.
 * - `expired` / `not-yet-valid`: outside notBefore..notAfter (inclusive) at `now`.
 * - `missing-issuer`: nothing in pool or anchors carries the issuer name (culprit: the orphan).
 * - `untrusted-root`: the path ends at a self-issued certificate that is not an anchor.
 * - `unknown-critical-extension`, `weak-key`, `weak-signature`, `hostname-mismatch`.
 * - `budget-exceeded`: the signature-check budget, the name-constraint comparison cap or the policy-tree cap ran out.
 * - `policy`: no acceptable certificate policy while one is required (RFC 5280 §6.1.3 (f), §6.1.5 (g)).
 * - `revoked`: a CRL lists a certificate of the path (RFC 5280 §6.3).
 * - `revocation-unknown`: with `requireRevocation`, a certificate whose status no CRL determines.
 */
export type ReasonCode =
  | 'malformed'
  | 'profile'
  | 'bad-signature'
  | 'unsupported-algorithm'
  | 'not-ca'
  | 'key-usage'
  | 'pathlen-exceeded'
  | 'name-constraints'
  | 'eku'
  | 'expired'
  | 'not-yet-valid'
  | 'missing-issuer'
  | 'untrusted-root'
  | 'unknown-critical-extension'
  | 'weak-key'
  | 'weak-signature'
  | 'hostname-mismatch'
  | 'depth-exceeded'
  | 'budget-exceeded'
  | 'policy'
  | 'revoked'
  | 'revocation-unknown';

import type { PolicyInputs } from './policy.js';

export type { PolicyInputs };

/** A certificate handed in by the caller: DER plus an opaque reference (file + block, …). */
export interface CertInput<R = unknown> {
  readonly der: Uint8Array;
  readonly ref: R;
}

/** Where a trust anchor came from: the trust store or an explicitly added anchor. */
export type AnchorSource = 'store' | 'extra';

export interface AnchorInput<R = unknown> extends CertInput<R> {
  readonly source: AnchorSource;
}

export type PeerName = { readonly kind: 'dns'; readonly value: string } | { readonly kind: 'ip'; readonly value: string };

export const EKU_OIDS = {
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  codeSigning: '1.3.6.1.5.5.7.3.3',
  emailProtection: '1.3.6.1.5.5.7.3.4',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  ocspSigning: '1.3.6.1.5.5.7.3.9',
  any: '2.5.29.37.0',
} as const;

export interface PathInput<R = unknown> {
  readonly target: CertInput<R>;
  /** Untrusted certificates in any order; duplicates and junk are fine. */
  readonly intermediates?: readonly CertInput<R>[];
  readonly anchors: readonly AnchorInput<R>[];
  /** Validation time (RFC 5280 §6.1.1 (b)); compared at whole-second precision. */
  readonly now: Date;
  readonly peer?: PeerName;
  /** Required EKU OIDs. Defaults: SERVER → serverAuth is not implied; pass it explicitly. */
  readonly requiredEkus?: readonly string[];
  /** Maximum number of non-self-issued intermediates (default 8). */
  readonly maxDepth?: number;
  /** SERVER applies the web PKI leaf profile (SAN-only hostnames, CN consistency). */
  readonly kind?: 'server' | 'client';
  /** Maximum number of signature verifications per call (default 256). */
  readonly budget?: number;
  /** Stop after this many valid paths (default 4). */
  readonly maxPaths?: number;
  /**
   * `webpki` (default): RFC 5280 §6 plus the §4 conforming-CA rules and the
   * CABF profile. `rfc5280`: §6 path validation only, as NIST PKITS expects.
   */
  readonly profile?: 'webpki' | 'rfc5280';
  /** RFC 5280 §6.1.1 (c), (e), (f), (g); default: any policy, nothing required. */
  readonly policy?: PolicyInputs;
  /** CRLs for revocation checking of every certificate on the path (RFC 5280 §6.3). */
  readonly crls?: readonly CertInput<R>[];
  /**
   * A path is valid only when every certificate's revocation status is
   * determined (hard fail). Without it, an undetermined status is reported in
   * `ValidPath.revocation` and a stale CRL still counts.
   */
  readonly requireRevocation?: boolean;
}

/**
 * The revocation status of one certificate of a valid path; `revoked` never
 * reaches a valid path. `unknown`: CRLs of its issuer exist but do not decide
 * it; `unchecked`: no CRL of its issuer was given (only without
 * `requireRevocation`, where both are failures).
 */
export interface PathRevocation<R = unknown> {
  readonly ref: R;
  readonly state: 'good' | 'unknown' | 'unchecked';
  /** Why the status is unknown, or which CRLs decided it. */
  readonly detail: string;
  /** The CRLs that decided a `good` status. */
  readonly crls?: readonly R[];
  /** A CRL past its nextUpdate was used. */
  readonly stale?: boolean;
}

/** One certificate position in a path, leaf first. */
export interface PathCert<R = unknown> {
  readonly ref: R;
  readonly subject: string;
  readonly notBefore: string;
  readonly notAfter: string;
}

export interface ValidPath<R = unknown> {
  /** Leaf first, trust anchor last. */
  readonly certs: readonly PathCert<R>[];
  readonly anchor: { readonly ref: R; readonly source: AnchorSource };
  /** Earliest notAfter over the path, and which certificate sets it. */
  readonly expires: string;
  readonly expiresFirst: R;
  /**
   * The user-constrained-policy-set (RFC 5280 §6.1.6), dotted OIDs:
   * `['2.5.29.32.0']` for any policy, `[]` when the path asserts none.
   */
  readonly policies: readonly string[];
  /** Per certificate below the anchor, leaf first; absent when no revocation check ran. */
  readonly revocation?: readonly PathRevocation<R>[];
}

/**
 * A profile rule a rejection restates, typed so the chain layer can tell a
 * profile finding it already reports (lint/profile.ts) without reading messages.
 */
export type ProfileRule = 'serial' | 'version' | 'ca-profile' | 'san-empty-subject' | 'duplicate-extension' | 'cn-not-in-san';

export interface PathFailure<R = unknown> {
  readonly code: ReasonCode;
  readonly message: string;
  /** Set when the failure is one of the profile rules the profile lint also reports. */
  readonly rule?: ProfileRule;
  /** The certificate the failure is attributed to. */
  readonly culprit: R;
  /** The partial or complete path tried, leaf first. */
  readonly path: readonly R[];
}

export interface PathResult<R = unknown> {
  readonly ok: boolean;
  /** The preferred valid path (latest `expires`), when `ok`. */
  readonly best?: ValidPath<R>;
  /** All valid paths found, up to `maxPaths`, latest-expiring first. */
  readonly validPaths: readonly ValidPath<R>[];
  /**
   * Paths whose issuers all validate, even when the target itself fails
   * (expired leaf, hostname or EKU mismatch): lets callers tell "the chain is
   * sound but the leaf is expired" from "the chain is broken". Equals
   * `validPaths` when `ok`.
   */
  readonly chainPaths: readonly ValidPath<R>[];
  /** Why each rejected candidate failed, in the order they were tried. */
  readonly failures: readonly PathFailure<R>[];
  /** The headline reason when not `ok` (the failure that got furthest). */
  readonly reason?: PathFailure<R>;
  /** Inputs that could not be parsed at all. */
  readonly unparsable: readonly { readonly ref: R; readonly message: string }[];
  /** Signature verifications spent. */
  readonly work: number;
}
