/**
 * Listing the files under the paths a user named. Symbolic links are
 * followed and reported under the link's own path; a link back to a folder
 * already walked is cut (one `file-symlink-loop` finding), so every file is
 * visited a bounded number of times. A folder that cannot be listed is a
 * finding on that folder, and the walk goes on.
 */
import type { Dirent, Stats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Problem } from '../core/types';
import { describeError, fileProblem } from './file-read';

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

/** A path to read, or a path with the finding that stopped the walk there. */
export interface WalkEntry {
  readonly path: string;
  /** True for a path named on the command line (always reported). */
  readonly explicit: boolean;
  /** The folder listing said regular file (not a link, FIFO, device …). */
  readonly regular?: true;
  readonly problem?: Problem;
}

/** The calls the walker makes, injectable for tests. */
export interface WalkFs {
  stat(path: string): Promise<Stats>;
  readdir(path: string, options: { withFileTypes: true }): Promise<Dirent[]>;
}
const nodeWalkFs: WalkFs = { stat, readdir };

export class UnreadablePathError extends Error {}

/**
 * Lists the files under `paths`. A named path that does not exist is a usage
 * error (`UnreadablePathError`); every other failure is an entry with a problem.
 */
export async function* walkEntries(paths: readonly string[], fs: WalkFs = nodeWalkFs): AsyncGenerator<WalkEntry> {
  const seen = new Set<string>();
  for (const p of paths) {
    let s: Stats;
    try {
      s = await fs.stat(p);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new UnreadablePathError(`cannot read ${p}: ${code}`);
      yield { path: p, explicit: true }; // the reader names the failure (ELOOP, EACCES …) on the file
      continue;
    }
    if (s.isDirectory()) yield* walkDir(p, `${s.dev}:${s.ino}`, seen, fs);
    else yield { path: p, explicit: true };
  }
}

/** The legacy listing: paths only, problems left to the reader. */
export async function* walk(paths: readonly string[]): AsyncGenerator<string> {
  for await (const e of walkEntries(paths)) if (!e.problem) yield e.path;
}

/** `id` is the folder's device and inode; undefined when it could not be read (a real folder cannot loop). */
async function* walkDir(dir: string, id: string | undefined, seen: Set<string>, fs: WalkFs): AsyncGenerator<WalkEntry> {
  if (id !== undefined && seen.has(id)) {
    yield {
      path: dir,
      explicit: false,
      problem: fileProblem('file-symlink-loop', 'info', 'this folder was already scanned through another path (a link): not scanned again'),
    };
    return;
  }
  if (id !== undefined) seen.add(id);
  let entries: Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (err) {
    yield {
      path: dir,
      explicit: false,
      problem: fileProblem('file-unreadable', 'error', `cannot list this folder: ${describeError(err)}`),
    };
    return;
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const full = join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) yield* walkDir(full, await statId(full, fs), seen, fs);
    } else if (e.isSymbolicLink()) {
      let target: Stats | undefined;
      try {
        target = await fs.stat(full);
      } catch {
        // Dangling or looping: the reader reports it if the name looks like a certificate file.
      }
      if (target?.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) yield* walkDir(full, `${target.dev}:${target.ino}`, seen, fs);
      } else yield { path: full, explicit: false };
    } else yield { path: full, explicit: false, ...(e.isFile() && { regular: true as const }) };
  }
}

async function statId(path: string, fs: WalkFs): Promise<string | undefined> {
  try {
    const s = await fs.stat(path);
    return `${s.dev}:${s.ino}`;
  } catch {
    return undefined;
  }
}
