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
import { parseCertificate, type ParsedCert } from './certificate.js';
import { leafChecks, type CheckContext } from './checks.js';
import { bytesEqual } from './der.js';
import type { AnchorInput, AnchorSource, CertInput, PathCert, PathFailure, PathInput, PathResult, ValidPath } from './types.js';

export * from './types.js';

const DEFAULTS = { maxDepth: 8, budget: 256, maxPaths: 4 };

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
 */
export function createPathValidator<R>(pool: {
  intermediates?: readonly CertInput<R>[];
  anchors: readonly AnchorInput<R>[];
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
  return { unparsable, validate: (target, options) => validateOne(index, anchors, target, options, unparsable) };
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
  const search = new PathSearch(index, ctx, {
    maxDepth: options.maxDepth ?? DEFAULTS.maxDepth,
    budget: options.budget ?? DEFAULTS.budget,
    maxPaths: options.maxPaths ?? DEFAULTS.maxPaths,
  });
  await search.extend([leaf]);
  return finish(search.found, search.failures, leafFailure, [...poolUnparsable], search.work);
}

function finish<R>(
  found: PoolEntry<R>[][],
  failures: PathFailure<R>[],
  leafFailure: PathFailure<R> | undefined,
  unparsable: { ref: R; message: string }[],
  work: number,
): PathResult<R> {
  const paths = found.map(toValidPath).sort((a, b) => (a.expires < b.expires ? 1 : a.expires > b.expires ? -1 : 0));
  if (leafFailure) {
    // The target itself fails: no path is valid, but say whether the issuers above it hold.
    return { ok: false, validPaths: [], chainPaths: paths, failures: [leafFailure, ...failures], reason: leafFailure, unparsable, work };
  }
  const best = paths[0];
  if (best) return { ok: true, best, validPaths: paths, chainPaths: paths, failures, unparsable, work };
  const reason = headline(failures);
  return reason
    ? { ok: false, validPaths: [], chainPaths: [], failures, reason, unparsable, work }
    : { ok: false, validPaths: [], chainPaths: [], failures, unparsable, work };
}

/** The most informative failure: the longest path tried, preferring ones that reached a trust decision. */
function headline<R>(failures: PathFailure<R>[]): PathFailure<R> | undefined {
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
