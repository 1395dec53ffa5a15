/**
 * `private-key-committed`: a private key in a file that git tracks and does
 * not ignore is in every clone and in the history for good. Unencrypted, it
 * is a warning; encrypted (PKCS#8 `ENCRYPTED PRIVATE KEY`, OpenSSL
 * `Proc-Type: 4,ENCRYPTED`), an info: its safety rests on the passphrase.
 * Keys inside PKCS#12 files and Java keystores are password-protected
 * containers and are left alone.
 *
 * Git state comes from the caller (src/node/git-state.ts): core runs no git.
 */
import type { Item } from '../analysis/decode';
import type { Problem } from '../types';

export const PRIVATE_KEY_COMMITTED = 'private-key-committed';

/** What git says about one file. */
export interface GitFileState {
  /** In the index (`git ls-files`). */
  readonly tracked: boolean;
  /** Matched by .gitignore / info/exclude (tracked files can be: added before the rule, or with -f). */
  readonly ignored: boolean;
}

const REMEDY =
  'rotate it (new key and certificate; revoke the old certificate), then remove the file from the history ' +
  '(git filter-repo or BFG) and add it to .gitignore: deleting it in a new commit leaves it in every clone';

/**
 * One finding per private key in a tracked, not-ignored file. Messages name
 * the key type only, never its bytes.
 *
 * @example committedKeyProblems(decoded.items, { tracked: true, ignored: false })
 *   // [{ code: 'private-key-committed', severity: 'warning', message: 'an unencrypted EC private key is committed to git: rotate it …' }]
 */
export function committedKeyProblems(items: readonly Item[], git: GitFileState | undefined): Problem[] {
  if (!git?.tracked || git.ignored) return [];
  const problems: Problem[] = [];
  for (const item of items) {
    if (item.kind !== 'private-key' || item.container !== undefined || item.keystoreEntry) continue;
    const type = item.key.keyAlgorithm && item.key.keyAlgorithm !== 'unknown' ? `${item.key.keyAlgorithm} ` : '';
    problems.push(
      item.key.encrypted
        ? {
            code: PRIVATE_KEY_COMMITTED,
            severity: 'info',
            message: `an encrypted ${type}private key is committed to git: its safety rests on the passphrase alone; consider removing it from the repository`,
            span: item.span,
          }
        : {
            code: PRIVATE_KEY_COMMITTED,
            severity: 'warning',
            message: `an unencrypted ${type}private key is committed to git: ${REMEDY}`,
            span: item.span,
          },
    );
  }
  return problems;
}
