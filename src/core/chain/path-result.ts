/**
 * The PathResult of one validation: valid paths (latest-expiring first) or
 * the failure that says most, from the search's paths and what the
 * whole-path checks (path-checks.ts) made of them.
 */
import type { PoolEntry } from './build.js';
import type { ParsedCert } from './certificate.js';
import type { CompletedPath } from './path-checks.js';
import type { PathCert, PathFailure, PathResult, ValidPath } from './types.js';

/** Puts a validation's outcome together; the target's own failure, when it has one, comes first. */
export function finish<R>(
  found: PoolEntry<R>[][],
  failures: PathFailure<R>[],
  leafFailure: PathFailure<R> | undefined,
  unparsable: { ref: R; message: string }[],
  work: number,
  done: ReadonlyMap<PoolEntry<R>[], CompletedPath<R>>,
  steps = 0,
): PathResult<R> {
  const paths = found.map((p) => toValidPath(p, done.get(p))).sort((a, b) => (a.expires < b.expires ? 1 : a.expires > b.expires ? -1 : 0));
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

/** A certificate as a path shows it: its DN as text and its validity bounds in ISO form. */
interface CertText {
  readonly subject: string;
  readonly notBefore: string;
  readonly notAfter: string;
}

/** Per parsed certificate: a workspace validates each CA on thousands of paths. */
const TEXTS = new WeakMap<ParsedCert, CertText>();
function certText(c: ParsedCert): CertText {
  let t = TEXTS.get(c);
  if (!t) {
    t = {
      subject: c.subject.rdns.map((r) => r.map((a) => a.text ?? a.oid).join('+')).join(', '),
      notBefore: new Date(c.notBefore).toISOString(),
      notAfter: new Date(c.notAfter).toISOString(),
    };
    TEXTS.set(c, t);
  }
  return t;
}

function toValidPath<R>(path: PoolEntry<R>[], done: CompletedPath<R> | undefined): ValidPath<R> {
  const certs: PathCert<R>[] = path.map((e) => {
    const t = certText(e.cert);
    return { ref: e.ref, subject: t.subject, notBefore: t.notBefore, notAfter: t.notAfter };
  });
  let first = path[0]!;
  for (const e of path) if (e.cert.notAfter < first.cert.notAfter) first = e;
  const top = path[path.length - 1]!;
  return {
    certs,
    anchor: { ref: top.ref, source: top.anchor ?? 'extra' },
    expires: certText(first.cert).notAfter,
    expiresFirst: first.ref,
    policies: done?.policies ?? [],
    ...(done?.revocation && { revocation: done.revocation }),
  };
}
