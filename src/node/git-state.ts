/**
 * Which files git tracks and does not ignore, for `private-key-committed`
 * (src/core/lint/committed-keys.ts). Asks the `git` binary, as it knows
 * every index version, split and sparse indexes and every ignore source:
 *
 *   git rev-parse --show-toplevel                          the repository of a scanned path
 *   git ls-files -z --cached -- <path>                     tracked files under it
 *   git ls-files -z --cached -i --exclude-standard -- <path>   tracked files an ignore rule matches
 *
 * Bounded: each call has a timeout and an output cap, and any failure (no
 * git, not a repository, a repository owned by someone else) means "unknown",
 * so no finding. `core.fsmonitor` is switched off: a hostile repository's
 * config must not run a command.
 */
import { execFile } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { GitFileState } from '../core/lint/committed-keys';

export interface GitOptions {
  /** Per git call; default 5 s. */
  readonly timeoutMs?: number;
  /** The git binary; default `git` from PATH. */
  readonly git?: string;
}

/** Git's view of the scanned files; `undefined` outside a repository or when git could not answer. */
export type GitLookup = (absolutePath: string) => GitFileState | undefined;

const MAX_OUTPUT = 64 * 1024 * 1024;
const SAFE = ['-c', 'core.fsmonitor=false', '-c', 'core.untrackedCache=false'];

function git(args: readonly string[], cwd: string, o: GitOptions): Promise<string | undefined> {
  return new Promise((done) => {
    execFile(
      o.git ?? 'git',
      [...SAFE, ...args],
      {
        cwd,
        timeout: o.timeoutMs ?? 5000,
        maxBuffer: MAX_OUTPUT,
        encoding: 'utf8',
        windowsHide: true,
        env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' },
      },
      (err, stdout) => done(err ? undefined : stdout),
    );
  });
}

/**
 * Asks git once per repository about the files under `paths` (files or
 * folders, absolute).
 *
 * @example const lookup = await gitStateFor(['/repo/certs']); lookup('/repo/certs/tls.key') // { tracked: true, ignored: false }
 */
export async function gitStateFor(paths: readonly string[], options: GitOptions = {}): Promise<GitLookup> {
  const tracked = new Set<string>();
  const ignored = new Set<string>();
  const repos = new Set<string>();
  for (const p of paths) {
    const dir = (await stat(p).catch(() => undefined))?.isDirectory() ? p : dirname(p);
    const top = (await git(['rev-parse', '--show-toplevel'], dir, options))?.trim();
    if (!top) continue;
    // git prints real paths (/tmp may be a link): compare real paths.
    const spec = await realpath(p).catch(() => p);
    const list = await git(['ls-files', '-z', '--cached', '--full-name', '--', spec], top, options);
    const ign = await git(['ls-files', '-z', '--cached', '--full-name', '-i', '--exclude-standard', '--', spec], top, options);
    if (list === undefined || ign === undefined) continue;
    repos.add(top);
    for (const f of list.split('\0')) if (f) tracked.add(join(top, f));
    for (const f of ign.split('\0')) if (f) ignored.add(join(top, f));
  }
  if (repos.size === 0) return () => undefined;
  return (absolutePath) => {
    const p = realFile(absolutePath);
    if (![...repos].some((top) => p.startsWith(`${top}/`))) return undefined;
    return { tracked: tracked.has(p), ignored: ignored.has(p) };
  };
}

/** The path with its folder's links resolved; the file name itself is kept (git tracks a link as a link). */
function realFile(path: string): string {
  try {
    return join(realpathSync(dirname(path)), basename(path));
  } catch {
    return path;
  }
}
