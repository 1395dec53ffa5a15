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
import { PathSearch, type PoolEntry } from './build.js';
import { parseCertificate, type ParsedCert } from './certificate.js';
import { leafChecks, type CheckContext } from './checks.js';
import { bytesEqual } from './der.js';
import type { AnchorSource, CertInput, PathCert, PathFailure, PathInput, PathResult, ValidPath } from './types.js';

export * from './types.js';
export { parseCertificate, type ParsedCert } from './certificate.js';

const DEFAULTS = { maxDepth: 8, budget: 256, maxPaths: 4 };

/**
 * Parsed-certificate cache keyed by the DER buffer, so a caller validating a
 * whole workspace parses each certificate once across calls.
 */
const parsedCache = new WeakMap<Uint8Array, ParsedCert | Error>();
function parseCached(der: Uint8Array): ParsedCert | Error {
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

/**
 * Builds and validates certification paths from `input.target` to one of
 * `input.anchors` (RFC 5280 §6.1), trying alternative issuers when one branch
 * fails. Never throws on bad input: unparsable certificates are listed in
 * `unparsable`, every rejected branch in `failures`.
 */
export async function validatePath<R>(input: PathInput<R>): Promise<PathResult<R>> {
  const unparsable: { ref: R; message: string }[] = [];
  const entry = (c: CertInput<R>, anchor?: AnchorSource): PoolEntry<R> | undefined => {
    const p = parseCached(c.der);
    if (p instanceof Error) {
      unparsable.push({ ref: c.ref, message: p.message });
      return undefined;
    }
    return anchor ? { cert: p, ref: c.ref, anchor } : { cert: p, ref: c.ref };
  };
  const leaf = entry(input.target);
  const anchors = input.anchors.map((a) => entry(a, a.source)).filter((e): e is PoolEntry<R> => !!e);
  const inters = (input.intermediates ?? []).map((c) => entry(c)).filter((e): e is PoolEntry<R> => !!e);
  const empty = { validPaths: [], unparsable, work: 0 };
  if (!leaf) {
    const f: PathFailure<R> = { code: 'malformed', message: unparsable[0]?.message ?? 'unparsable', culprit: input.target.ref, path: [input.target.ref] };
    return { ok: false, failures: [f], reason: f, ...empty };
  }
  const ctx: CheckContext = {
    now: Math.floor(input.now.getTime() / 1000) * 1000,
    server: (input.kind ?? 'server') === 'server',
    requiredEkus: input.requiredEkus ?? [],
    ...(input.peer ? { peer: input.peer } : {}),
  };
  const bad = leafChecks(leaf.cert, ctx);
  if (bad) {
    const f: PathFailure<R> = { ...bad, culprit: leaf.ref, path: [leaf.ref] };
    return { ok: false, failures: [f], reason: f, ...empty };
  }
  // A target that is itself a trust anchor is its own one-element path.
  const self = anchors.find((a) => bytesEqual(a.cert.der, leaf.cert.der));
  if (self) return finish([[self]], [], unparsable, 0);
  // Untrusted copies of anchors add nothing but duplicate work.
  const anchorDers = new Set(anchors.map((a) => a.cert.identity));
  const pool = [...anchors, ...inters.filter((e) => !anchorDers.has(e.cert.identity) || !anchors.some((a) => bytesEqual(a.cert.der, e.cert.der)))];
  const search = new PathSearch(pool, ctx, {
    maxDepth: input.maxDepth ?? DEFAULTS.maxDepth,
    budget: input.budget ?? DEFAULTS.budget,
    maxPaths: input.maxPaths ?? DEFAULTS.maxPaths,
  });
  await search.extend([leaf]);
  return finish(search.found, search.failures, unparsable, search.work);
}

function finish<R>(found: PoolEntry<R>[][], failures: PathFailure<R>[], unparsable: { ref: R; message: string }[], work: number): PathResult<R> {
  const validPaths = found.map(toValidPath).sort((a, b) => (a.expires < b.expires ? 1 : a.expires > b.expires ? -1 : 0));
  const best = validPaths[0];
  if (best) return { ok: true, best, validPaths, failures, unparsable, work };
  const reason = headline(failures);
  return reason ? { ok: false, validPaths, failures, reason, unparsable, work } : { ok: false, validPaths, failures, unparsable, work };
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
