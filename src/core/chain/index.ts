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
import { DEFAULT_BUDGET, type ScanBudget } from './budget.js';
import { parseCertificate, type ParsedCert } from './certificate.js';
import { leafChecks, type CheckContext } from './checks.js';
import { bytesEqual } from './der.js';
import type { AnchorInput, AnchorSource, CertInput, PathCert, PathFailure, PathInput, PathResult, ReasonCode, ValidPath } from './types.js';

export * from './types.js';
export { DEFAULT_BUDGET, ScanBudget, type BudgetLimits } from './budget.js';

const DEFAULTS = { maxDepth: 8, maxPaths: 4 };
/** Steps of the unpruned first search; ordinary chains take a handful. */
const PROBE_STEPS = 128;

/**
 * Parsed-certificate cache keyed by the DER buffer, so a caller validating a
 * whole workspace parses each certificate once across calls.
 */
const parsedCache = new WeakMap<Uint8Array, ParsedCert | Error>();
/** The validator's parse of a certificate (cached per DER buffer), or the Error it failed with. Never throws. */
export function parseCached(der: Uint8Array): ParsedCert | Error {
  let p = parsedCache.get(der);
  if (!p) {
    try {
      p = parseCertificate(der);
    } catch (e) {
      p = e instanceof Error ? e : new Error(String(e));
    }
    parsedCache.set(der, p);
  }
  return p;
}

/** Options of one validation, everything of PathInput except the certificates. */
export type ValidateOptions = Omit<PathInput, 'target' | 'intermediates' | 'anchors'>;

/** A pool and trust anchors indexed once, to validate many targets against. */
export interface PathValidator<R> {
  /** See validatePath. */
  validate(target: CertInput<R>, options: ValidateOptions): Promise<PathResult<R>>;
  /** Pool or anchor inputs that could not be parsed. */
  readonly unparsable: readonly { readonly ref: R; readonly message: string }[];
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
  return { unparsable, validate: (target, options) => validateOne(index, anchors, target, options, unparsable, pool.scan) };
}

/**
 * Builds and validates certification paths from `input.target` to one of
 * `input.anchors` (RFC 5280 §6.1), trying alternative issuers when one branch
 * fails. Never throws on bad input: unparsable certificates are listed in
 * `unparsable`, every rejected branch in `failures`. To validate many targets
 * against one pool, use createPathValidator.
 */
export async function validatePath<R>(input: PathInput<R>): Promise<PathResult<R>> {
  const { target, intermediates, anchors, ...options } = input;
  return createPathValidator<R>({ anchors, ...(intermediates ? { intermediates } : {}) }).validate(target, options);
}

async function validateOne<R>(
  index: PoolIndex<R>,
  anchors: readonly PoolEntry<R>[],
  target: CertInput<R>,
  options: ValidateOptions,
  poolUnparsable: readonly { ref: R; message: string }[],
  scan: ScanBudget | undefined,
): Promise<PathResult<R>> {
  const parsed = parseCached(target.der);
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
  };
  const bad = leafChecks(parsed, ctx);
  const leafFailure = bad ? { ...bad, culprit: leaf.ref, path: [leaf.ref] } : undefined;
  // A target that is itself a trust anchor is its own one-element path.
  const self = anchors.find((a) => bytesEqual(a.cert.der, parsed.der));
  if (self) return finish([[self]], [], leafFailure, [...poolUnparsable], 0);
  const shared = scan?.next();
  const clock = options.clock ?? shared?.clock;
  const started = clock?.();
  const timeMs = options.timeBudgetMs ?? (options.clock ? DEFAULT_BUDGET.targetMs : undefined);
  const deadline = started !== undefined && timeMs !== undefined ? started + timeMs : shared?.deadline;
  const limits = {
    maxDepth: options.maxDepth ?? DEFAULTS.maxDepth,
    maxPaths: options.maxPaths ?? DEFAULTS.maxPaths,
    signatures: options.budget ?? shared?.signatures ?? DEFAULT_BUDGET.signatures,
    steps: options.maxSteps ?? shared?.steps ?? DEFAULT_BUDGET.steps,
    ...(clock && deadline !== undefined && { clock, deadline }),
  };
  // First the plain search on a small step budget (its failures name what is
  // wrong); only when that runs out without a path, the pruned one (build.ts).
  const probe = new PathSearch(index, ctx, { ...limits, steps: Math.min(limits.steps, PROBE_STEPS) });
  await probe.extend([leaf]);
  let search = probe;
  if (probe.stopped && probe.found.length === 0 && limits.steps > PROBE_STEPS) {
    search = new PathSearch(index, ctx, { ...limits, steps: limits.steps - probe.steps, signatures: limits.signatures - probe.work }, true);
    await search.extend([leaf]);
  }
  const steps = probe.steps + (search === probe ? 0 : search.steps);
  const work = probe.work + (search === probe ? 0 : search.work);
  scan?.charge(steps, clock && started !== undefined ? clock() - started : 0);
  let failures = search.budgetFailure ? [search.budgetFailure, ...search.failures] : search.failures;
  // The pruned search proves that no path is valid but names only `no-anchor`;
  // what the probe saw wrong with a certificate itself (an expired root, a
  // non-CA issuer) on the paths it walked says why, in the old words.
  if (search !== probe && search.found.length === 0 && !search.budgetFailure)
    failures = [...failures, ...probe.failures.filter((f) => INTRINSIC.has(f.code))];
  return finish(search.found, failures, leafFailure, [...poolUnparsable], work, steps);
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

function finish<R>(
  found: PoolEntry<R>[][],
  failures: PathFailure<R>[],
  leafFailure: PathFailure<R> | undefined,
  unparsable: { ref: R; message: string }[],
  work: number,
  steps = 0,
): PathResult<R> {
  const paths = found.map(toValidPath).sort((a, b) => (a.expires < b.expires ? 1 : a.expires > b.expires ? -1 : 0));
  if (leafFailure) {
    // The target itself fails: no path is valid, but say whether the issuers above it hold.
    return {
      ok: false,
      validPaths: [],
      chainPaths: paths,
      failures: [leafFailure, ...failures],
      reason: leafFailure,
      unparsable,
      work,
      steps,
    };
  }
  const best = paths[0];
  if (best) return { ok: true, best, validPaths: paths, chainPaths: paths, failures, unparsable, work, steps };
  const reason = headline(failures);
  return reason
    ? { ok: false, validPaths: [], chainPaths: [], failures, reason, unparsable, work, steps }
    : { ok: false, validPaths: [], chainPaths: [], failures, unparsable, work, steps };
}

/**
 * The most informative failure: a budget that ran out (the other failures
 * then say nothing of the paths never tried), else the longest path tried.
 */
function headline<R>(failures: PathFailure<R>[]): PathFailure<R> | undefined {
  const budget = failures.find((f) => f.code === 'budget-exceeded');
  if (budget) return budget;
  let best: PathFailure<R> | undefined;
  for (const f of failures) if (!best || f.path.length > best.path.length) best = f;
  return best;
}

function toValidPath<R>(path: PoolEntry<R>[]): ValidPath<R> {
  const certs: PathCert<R>[] = path.map((e) => ({
    ref: e.ref,
    subject: e.cert.subject.rdns.map((r) => r.map((a) => a.text ?? a.oid).join('+')).join(', '),
    notBefore: new Date(e.cert.notBefore).toISOString(),
    notAfter: new Date(e.cert.notAfter).toISOString(),
  }));
  let first = path[0]!;
  for (const e of path) if (e.cert.notAfter < first.cert.notAfter) first = e;
  const top = path[path.length - 1]!;
  return {
    certs,
    anchor: { ref: top.ref, source: top.anchor ?? 'extra' },
    expires: new Date(first.cert.notAfter).toISOString(),
    expiresFirst: first.ref,
  };
}
