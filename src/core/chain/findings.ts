/**
 * User-facing chain findings (issue 4) on top of the RFC 5280 validator in
 * `chain/`: which certificates of a file (or of a served chain) are targets,
 * what their best path is, and every problem on the exact block at fault.
 *
 * A file is judged by what breaks a chain for everyone: a workspace root the
 * trust store lacks is a private root (info), not an error. A served chain is
 * judged as a strict client would: that same root is `chain-untrusted-root`.
 *
 * @example
 * ```ts
 * const prepared = prepareChains(pool, anchors, 'file');
 * const { problems, verdicts } = await analyzeChains(prepared, fileCerts, { now });
 * verdicts[0].text; // 'chain OK → ISRG Root X1'
 * ```
 */
import { countPerFile, poolKey, prepareChains, withTargets, type ChainPoolCert, type PreparedChains } from './pool';
import { FileRun } from './file-run';
import type { ChainFindings, ChainFindingsOptions } from './verdict';

export * from './codes';
export * from './pool';

export type { ChainFindings, ChainFindingsOptions, ChainProblem, ChainStep, ChainVerdict } from './verdict';

/**
 * Chain findings for the certificates of one file (`fileCerts`, in file
 * order) or of a served chain (in served order, `mode: 'endpoint'`). Targets
 * are the certificates that issue no other certificate of the file, except
 * self-signed CAs (a root alone is no problem); in endpoint mode the first
 * served certificate. Never throws on bad input.
 */
export async function analyzeChains(
  prepared: PreparedChains,
  fileCerts: readonly ChainPoolCert[],
  options: ChainFindingsOptions,
): Promise<ChainFindings> {
  // An unsaved editor buffer may hold certificates the pool has not seen.
  // (A pool of issuers only, prepareWorkspace's `issuersOnly`, sees every leaf this way: it shares the validator.)
  if (fileCerts.some((c) => !prepared.byKey.has(poolKey(c)))) {
    prepared =
      withTargets(prepared, fileCerts) ??
      prepareChains(
        [...fileCerts, ...prepared.pool],
        prepared.anchors,
        prepared.mode,
        prepared.validation,
        prepared.certsPerFile && addCounts(prepared.certsPerFile, countPerFile(fileCerts)),
      );
  }
  const run = new FileRun(prepared, fileCerts, options);
  const targets = run.targets();
  // Keep the signature checks of the next targets in flight (PathValidator.prefetch): a bundle of 30,000 leaves.
  for (let i = 0; i < Math.min(PREFETCH_AHEAD, targets.length); i++) run.prefetch(targets[i]);
  for (const [i, t] of targets.entries()) {
    run.prefetch(targets[i + PREFETCH_AHEAD]);
    await run.analyzeTarget(t);
  }
  await run.rootsIncluded();
  run.privateRoots();
  run.countMisordered();
  return { problems: run.problems, verdicts: run.verdicts };
}

/** Targets whose leaf signature check runs ahead of their validation. */
const PREFETCH_AHEAD = 16;

/** Two per-file counts added up. */
function addCounts(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): Map<string, number> {
  const out = new Map(a);
  for (const [f, n] of b) out.set(f, (out.get(f) ?? 0) + n);
  return out;
}
