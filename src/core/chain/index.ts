/**
 * RFC 5280 certification path building and validation, web PKI flavoured.
 *
 * @example
 * ```ts
 * const r = await validatePath({
 *   target: { der: leafDer, ref: 'server.crt#0' },
 *   intermediates: [{ der: icaDer, ref: 'server.crt#1' }],
 *   anchors: [{ der: rootDer, ref: 'root.pem#0', source: 'extra' }],
 *   now: new Date('2026-01-01T00:00:00Z'),
 *   peer: { kind: 'dns', value: 'api.example.com' },
 *   requiredEkus: [EKU_OIDS.serverAuth],
 * });
 * if (r.ok) console.log(r.best!.anchor.ref); else console.log(r.reason?.code);
 * ```
 */
import { PathSearch, PoolIndex, type PoolEntry } from './build.js';
import { DEFAULT_BUDGET, TargetTimer, type ScanBudget } from './budget.js';
import type { ParsedCert } from './certificate.js';
import { commonChecks, leafChecks, type CheckContext } from './checks.js';
import { bytesEqual } from '../util/bytes.js';
import { completePath, type CompletedPath } from './path-checks.js';
import { finish } from './path-result.js';
import { carriesPolicies } from './policy.js';
import type { AnchorInput, AnchorSource, CertInput, PathFailure, PathInput, PathResult, ReasonCode } from './types.js';
import { parseCrl } from '../revocation/crl-parse.js';
import { CrlIndex, type IndexedCrl } from '../revocation/crl-status.js';
import { validatorView, validatorViewOnce } from '../analysis/certificate-parse';

export * from './types.js';
export { DEFAULT_BUDGET, ScanBudget, type BudgetLimits } from './budget.js';

const DEFAULTS = { maxDepth: 8, maxPaths: 4 };
/** Steps of the unpruned first search; ordinary chains take a handful. */
const PROBE_STEPS = 128;

/** The validator's parse of a certificate (one per distinct DER, analysis/certificate-parse.ts; pass its SHA-256 when known), or the Error it failed with. Never throws. */
export const parseCached: (der: Uint8Array, sha256?: string) => ParsedCert | Error = validatorView;

/** Options of one validation, everything of PathInput except the certificates. */
export type ValidateOptions = Omit<PathInput, 'target' | 'intermediates' | 'anchors' | 'crls'>;

/** A pool and trust anchors indexed once, to validate many targets against. */
export interface PathValidator<R> {
  /** See validatePath. */
  validate(target: CertInput<R>, options: ValidateOptions): Promise<PathResult<R>>;
  /**
   * Starts checking `target`'s signature by its likeliest issuer, for a
   * `validate` of it soon after: WebCrypto verifies on a thread pool, so a
   * bundle of thousands of leaves keeps it busy instead of waiting for one
   * round trip per leaf. Changes no result: the search counts the check as
   * its own work when it uses it.
   */
  prefetch(target: CertInput<R>): void;
  /** Pool, anchor or CRL inputs that could not be parsed. */
  readonly unparsable: readonly { readonly ref: R; readonly message: string }[];
}

const NO_CRLS = new CrlIndex<never>([]);
const NO_POLICIES: CompletedPath<never> = { policies: [] };

/** How deep CRL-signer validation may nest (a signer's own CRL signer, …). */
const MAX_SIGNER_DEPTH = 3;

/** Per-validator state shared by nested CRL-signer validations. */
interface Shared<R> {
  readonly index: PoolIndex<R>;
  readonly anchors: readonly PoolEntry<R>[];
  readonly crls?: CrlIndex<R>;
  readonly unparsable: readonly { ref: R; message: string }[];
  readonly signerVerdicts: Map<string, Promise<boolean>>;
  readonly crlLabel?: (ref: R) => string;
  /** The scan's path-building budget (budget.ts), for top-level targets. */
  readonly scan?: ScanBudget;
  /** Targets parsed by `prefetch`, by DER buffer, until their validation takes them. */
  readonly ahead: Map<Uint8Array, ParsedCert | Error>;
}

/** Prefetched target parses kept at most (a caller that prefetches and never validates leaks nothing). */
const MAX_AHEAD = 256;

/** Signer validation in progress: identities on the stack, to stop a CRL issuer covered by its own CRL from looping. */
interface Nesting {
  readonly depth: number;
  readonly stack: ReadonlySet<string>;
}

/**
 * Parses and indexes `intermediates` and `anchors` once (by subject DN and
 * SKI). Signature verdicts are cached inside the validator, so validating
 * every certificate of a workspace verifies each (child, issuer) pair once.
 * `scan`, when given, is the work budget shared by every `validate` call
 * (per-call options still take precedence).
 */
export function createPathValidator<R>(pool: {
  intermediates?: readonly CertInput<R>[];
  anchors: readonly AnchorInput<R>[];
  /** CRLs for revocation checking (RFC 5280 §6.3); unparsable ones are listed in `unparsable`. */
  crls?: readonly CertInput<R>[];
  /** How messages name a CRL (default: String(ref)). */
  crlLabel?: (ref: R) => string;
  scan?: ScanBudget;
}): PathValidator<R> {
  const unparsable: { ref: R; message: string }[] = [];
  const entry = (c: CertInput<R>, anchor?: AnchorSource): PoolEntry<R>[] => {
    const p = parseCached(c.der);
    if (!(p instanceof Error)) return [anchor ? { cert: p, ref: c.ref, anchor } : { cert: p, ref: c.ref }];
    unparsable.push({ ref: c.ref, message: p.message });
    return [];
  };
  const anchors = pool.anchors.flatMap((a) => entry(a, a.source));
  // An untrusted copy of an anchor adds nothing but duplicate work.
  const anchorDer = new Set(anchors.map((a) => a.cert.der));
  const anchorIds = new Set(anchors.map((a) => a.cert.identity));
  const inters = (pool.intermediates ?? [])
    .flatMap((c) => entry(c))
    .filter(
      (e) => !anchorDer.has(e.cert.der) && !(anchorIds.has(e.cert.identity) && anchors.some((a) => bytesEqual(a.cert.der, e.cert.der))),
    );
  const index = new PoolIndex([...anchors, ...inters]);
  const crls: IndexedCrl<R>[] = [];
  for (const c of pool.crls ?? []) {
    try {
      crls.push({ ref: c.ref, crl: parseCrl(c.der) });
    } catch (e) {
      unparsable.push({ ref: c.ref, message: `CRL: ${(e as Error).message}` });
    }
  }
  const shared: Shared<R> = {
    index,
    anchors,
    ...(pool.crls && { crls: new CrlIndex(crls) }),
    unparsable,
    signerVerdicts: new Map(),
    ...(pool.crlLabel && { crlLabel: pool.crlLabel }),
    ...(pool.scan && { scan: pool.scan }),
    ahead: new Map(),
  };
  return {
    unparsable,
    validate: (target, options) => validateOne(shared, target, options),
    prefetch: (target) => {
      const parsed = validatorViewOnce(target.der);
      if (shared.ahead.size >= MAX_AHEAD) shared.ahead.clear();
      shared.ahead.set(target.der, parsed);
      if (parsed instanceof Error || parsed.selfIssued) return;
      const { matched, unknown } = index.candidates(parsed);
      const up = matched[0] ?? unknown[0];
      if (up) index.prefetch(parsed, up.cert);
    },
  };
}

/**
 * Builds and validates certification paths from `input.target` to one of
 * `input.anchors` (RFC 5280 §6.1), trying alternative issuers when one branch
 * fails. Never throws on bad input: unparsable certificates are listed in
 * `unparsable`, every rejected branch in `failures`. To validate many targets
 * against one pool, use createPathValidator.
 */
export async function validatePath<R>(input: PathInput<R>): Promise<PathResult<R>> {
  const { target, intermediates, anchors, crls, ...options } = input;
  return createPathValidator<R>({ anchors, ...(intermediates ? { intermediates } : {}), ...(crls ? { crls } : {}) }).validate(
    target,
    options,
  );
}

async function validateOne<R>(
  shared: Shared<R>,
  target: CertInput<R>,
  options: ValidateOptions,
  nesting: Nesting = { depth: 0, stack: new Set() },
): Promise<PathResult<R>> {
  const poolUnparsable = shared.unparsable;
  // A target's parse is not kept past its validation (validatorViewOnce): pool members' are, by the index.
  const parsed = shared.ahead.get(target.der) ?? (nesting.depth > 0 ? parseCached(target.der) : validatorViewOnce(target.der));
  shared.ahead.delete(target.der);
  if (parsed instanceof Error) {
    const f: PathFailure<R> = { code: 'malformed', message: parsed.message, culprit: target.ref, path: [target.ref] };
    return {
      ok: false,
      validPaths: [],
      chainPaths: [],
      failures: [f],
      reason: f,
      unparsable: [{ ref: target.ref, message: parsed.message }, ...poolUnparsable],
      work: 0,
    };
  }
  const leaf: PoolEntry<R> = { cert: parsed, ref: target.ref };
  const ctx: CheckContext = {
    now: Math.floor(options.now.getTime() / 1000) * 1000,
    server: (options.kind ?? 'server') === 'server',
    requiredEkus: options.requiredEkus ?? [],
    ...(options.peer ? { peer: options.peer } : {}),
    ...(options.profile === 'rfc5280' && { validationOnly: true }),
  };
  // A CRL signer (nesting.depth > 0) is validated as a certificate, not as a TLS leaf.
  const bad = nesting.depth > 0 ? commonChecks(parsed, ctx, 'intermediate') : leafChecks(parsed, ctx);
  const leafFailure = bad ? { ...bad, culprit: leaf.ref, path: [leaf.ref] } : undefined;
  // A target that is itself a trust anchor is its own one-element path.
  const self = shared.anchors.find((a) => bytesEqual(a.cert.der, parsed.der));
  if (self) return finish([[self]], [], leafFailure, [...poolUnparsable], 0, new Map());
  const search = await buildPaths(shared, leaf, ctx, options, nesting);
  const done = new Map<PoolEntry<R>[], CompletedPath<R>>();
  const found: PoolEntry<R>[][] = [];
  const failures = [...search.failures];
  for (const path of search.found) {
    const c = await completeOne(shared, path, options, ctx.now, nesting);
    if (c.failure) failures.push(c.failure);
    else {
      done.set(path, c);
      found.push(path);
    }
  }
  return finish(found, failures, leafFailure, [...poolUnparsable], search.work, done, search.steps);
}

/**
 * Path building under the work budget (budget.ts): first the plain search on
 * a small step budget (its failures name what is wrong); only when that runs
 * out without a path, the search that prunes branches leading to no usable
 * anchor (build.ts), with what is left of the budget. A budget that runs out
 * before a path is found puts `budget-exceeded` first among the failures.
 */
async function buildPaths<R>(
  shared: Shared<R>,
  leaf: PoolEntry<R>,
  ctx: CheckContext,
  options: ValidateOptions,
  nesting: Nesting,
): Promise<{ found: PoolEntry<R>[][]; failures: PathFailure<R>[]; work: number; steps: number }> {
  // Nested CRL-signer validations run on the per-target defaults, not the scan's pool.
  const scan = nesting.depth === 0 ? shared.scan : undefined;
  const t = scan?.next();
  const clock = options.clock ?? t?.clock;
  const timeMs = options.timeBudgetMs ?? (options.clock ? DEFAULT_BUDGET.targetMs : t?.ms);
  const timer = clock && timeMs !== undefined ? new TargetTimer(clock, timeMs) : undefined;
  const limits = {
    maxDepth: options.maxDepth ?? DEFAULTS.maxDepth,
    maxPaths: options.maxPaths ?? DEFAULTS.maxPaths,
    signatures: options.budget ?? t?.signatures ?? DEFAULT_BUDGET.signatures,
    steps: options.maxSteps ?? t?.steps ?? DEFAULT_BUDGET.steps,
    ...(timer && { timer }),
  };
  const probe = new PathSearch(shared.index, ctx, { ...limits, steps: Math.min(limits.steps, PROBE_STEPS) });
  await probe.extend([leaf]);
  let search = probe;
  if (probe.stopped && probe.found.length === 0 && limits.steps > PROBE_STEPS) {
    search = new PathSearch(
      shared.index,
      ctx,
      { ...limits, steps: limits.steps - probe.steps, signatures: limits.signatures - probe.work },
      true,
    );
    await search.extend([leaf]);
  }
  const steps = probe.steps + (search === probe ? 0 : search.steps);
  const work = probe.work + (search === probe ? 0 : search.work);
  scan?.charge(steps, timer ? timer.elapsed() : 0);
  let failures = search.budgetFailure ? [search.budgetFailure, ...search.failures] : search.failures;
  // The pruned search proves that no path is valid but names only `no-anchor`;
  // what the probe saw wrong with a certificate itself (an expired root, a
  // non-CA issuer) on the paths it walked says why, in the old words.
  if (search !== probe && search.found.length === 0 && !search.budgetFailure)
    failures = [...failures, ...probe.failures.filter((f) => INTRINSIC.has(f.code))];
  return { found: search.found, failures, work, steps };
}

/** Failures that belong to a certificate itself, whatever path it is on (not depth, pathLen, name constraints or loops). */
const INTRINSIC: ReadonlySet<ReasonCode> = new Set<ReasonCode>([
  'malformed',
  'profile',
  'bad-signature',
  'unsupported-algorithm',
  'not-ca',
  'key-usage',
  'eku',
  'expired',
  'not-yet-valid',
  'unknown-critical-extension',
  'weak-key',
  'weak-signature',
  'untrusted-root',
  'missing-issuer',
]);

/** Policy and revocation checks of one complete path (path-checks.ts), with CRL signers validated through this validator. */
function completeOne<R>(
  shared: Shared<R>,
  path: PoolEntry<R>[],
  options: ValidateOptions,
  now: number,
  nesting: Nesting,
): Promise<CompletedPath<R>> {
  // Revocation runs when CRLs were given, or when it is required (then no CRL means no status).
  const crls = options.requireRevocation ? (shared.crls ?? NO_CRLS) : shared.crls?.size ? shared.crls : undefined;
  // Without CRLs, policy inputs or a policy extension below the anchor, §6.1 policy processing ends with an empty set.
  if (!crls && !options.policy && !path.some((e) => !e.anchor && carriesPolicies(e.cert))) return Promise.resolve(NO_POLICIES);
  const leafRef = path[0]?.ref as R;
  // completePath never throws on bad input; this net keeps a defect in it from crashing a whole run.
  const failed = (e: unknown): CompletedPath<R> => ({
    failure: { code: 'malformed', message: `path check failed: ${(e as Error).message}`, culprit: leafRef, path: path.map((p) => p.ref) },
    policies: [],
  });
  return completePath(path, {
    now,
    ...(options.policy && { policy: options.policy }),
    ...(crls && { crls }),
    requireRevocation: options.requireRevocation === true,
    strictCrl: options.profile !== 'rfc5280',
    ...(shared.crlLabel && { crlLabel: shared.crlLabel }),
    signers: (key) => (shared.index.bySubject.get(key) ?? []).map((e) => e.cert),
    validSigner: async (signer, anchor) => {
      if (nesting.stack.has(signer.identity)) return true; // its own CRL covers it (PKITS 4.14.30)
      if (nesting.depth >= MAX_SIGNER_DEPTH) return false;
      const key = `${signer.identity}>${anchor.identity}@${now}:${options.requireRevocation === true}`;
      let v = shared.signerVerdicts.get(key);
      if (!v) {
        const entry = (shared.index.bySubject.get(signer.subject.key) ?? []).find((e) => e.cert === signer);
        const ref = entry?.ref ?? leafRef;
        const stack = new Set([...nesting.stack, ...path.map((p) => p.cert.identity), signer.identity]);
        v = validateOne(
          shared,
          { der: signer.der, ref },
          {
            now: options.now,
            kind: 'client',
            ...(options.requireRevocation && { requireRevocation: true }),
            ...(options.profile && { profile: options.profile }),
          },
          { depth: nesting.depth + 1, stack },
        ).then((r) => r.validPaths.length > 0 && r.validPaths.some((p) => sameAnchor(shared, p.anchor.ref, anchor)));
        shared.signerVerdicts.set(key, v);
      }
      return v;
    },
  }).catch(failed);
}

function sameAnchor<R>(shared: Shared<R>, ref: R, anchor: ParsedCert): boolean {
  return shared.anchors.some((a) => a.ref === ref && a.cert.identity === anchor.identity);
}
