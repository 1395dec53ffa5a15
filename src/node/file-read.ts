/**
 * Reading one file as it really is: only regular files are opened (a FIFO
 * would block forever, a socket cannot be opened, `/dev/zero` never ends),
 * every read stops at the size cap, and a failure is a finding on that file
 * rather than an exception that ends the scan.
 */
import * as nodeFs from 'node:fs';
import type { Problem } from '../core/types';

/** Larger files are reported, not read: a certificate file is never this big. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

/** The calls this module makes, so that tests can inject failures that root cannot provoke. */
export type ReadFs = Pick<typeof nodeFs, 'statSync' | 'openSync' | 'fstatSync' | 'readSync' | 'closeSync'>;

export type ReadResult = { readonly ok: true; readonly bytes: Uint8Array } | { readonly ok: false; readonly problem: Problem };

/** `file-not-regular`, `file-unreadable`, `file-too-large`, `file-symlink-loop`: on the file, at offset 0. */
export function fileProblem(code: string, severity: Problem['severity'], message: string): Problem {
  return { code, severity, message, span: { start: 0, end: 0 } };
}

/** What kind of non-regular file a stat describes, in plain words. */
export function specialKind(s: nodeFs.Stats): string | undefined {
  if (s.isFile()) return undefined;
  if (s.isFIFO()) return 'a named pipe (FIFO)';
  if (s.isSocket()) return 'a socket';
  if (s.isCharacterDevice()) return 'a character device';
  if (s.isBlockDevice()) return 'a block device';
  if (s.isDirectory()) return 'a folder';
  return 'not a regular file';
}

/** One line for an error from the file system: `EACCES (permission denied)`. */
export function describeError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  const known: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EIO: 'input/output error',
    ELOOP: 'too many levels of symbolic links',
    ENXIO: 'no such device',
    EISDIR: 'is a folder',
  };
  if (code) return known[code] ? `${code} (${known[code]})` : code;
  return err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err);
}

/**
 * Reads a regular file, at most `max` bytes. Follows symbolic links (the
 * walker has already cut loops). `listedRegular`: the folder listing said
 * regular file, so the stat before opening is skipped; the fstat after
 * opening (O_NONBLOCK) still refuses a path swapped for a FIFO or device
 * since, as it does when the swap falls between stat and open. Never throws.
 */
export function readRegularFile(path: string, fs: ReadFs = nodeFs, max = MAX_FILE_BYTES, listedRegular = false): ReadResult {
  const unreadable = (err: unknown): ReadResult => {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP')
      return {
        ok: false,
        problem: fileProblem('file-symlink-loop', 'warning', 'symbolic link loop: the link never reaches a file; not read'),
      };
    if (code === 'ENOENT')
      return { ok: false, problem: fileProblem('file-unreadable', 'warning', 'cannot read (ENOENT): no such file, or a link to nothing') };
    return { ok: false, problem: fileProblem('file-unreadable', 'error', `cannot read this file: ${describeError(err)}`) };
  };
  let fd: number;
  try {
    const kind = listedRegular ? undefined : specialKind(fs.statSync(path));
    if (kind) return { ok: false, problem: notRegular(kind) };
    // O_NONBLOCK: if the path was swapped for a FIFO since the stat, open() still returns at once.
    fd = fs.openSync(path, nodeFs.constants.O_RDONLY | (nodeFs.constants.O_NONBLOCK ?? 0));
  } catch (err) {
    return unreadable(err);
  }
  try {
    const s = fs.fstatSync(fd);
    const kind = specialKind(s);
    if (kind) return { ok: false, problem: notRegular(kind) };
    if (s.size > max) return { ok: false, problem: tooLarge(`${s.size} bytes: larger than ${max} bytes`) };
    // The size from fstat is a hint: /proc files say 0 and a file may grow while read.
    const bytes = new Uint8Array(Math.min(max + 1, s.size > 0 ? s.size + 1 : 64 * 1024));
    let buf = bytes;
    let n = 0;
    for (;;) {
      if (n === buf.length) {
        if (buf.length > max) break;
        const bigger = new Uint8Array(Math.min(max + 1, buf.length * 2));
        bigger.set(buf);
        buf = bigger;
      }
      const r = fs.readSync(fd, buf, n, buf.length - n, null);
      if (r === 0) break;
      n += r;
      // As fs.readFileSync: a regular file is read up to its fstat size, without a second read to see EOF.
      if (s.isFile() && s.size > 0 && n === s.size) break;
    }
    if (n > max) return { ok: false, problem: tooLarge(`more than ${max} bytes`) };
    return { ok: true, bytes: buf.subarray(0, n) };
  } catch (err) {
    return unreadable(err);
  } finally {
    try {
      fs.closeSync(fd);
    } catch {
      // Nothing to do: the descriptor is gone either way.
    }
  }
}

function notRegular(kind: string): Problem {
  return fileProblem('file-not-regular', 'warning', `${kind}, not a regular file: not read`);
}

function tooLarge(what: string): Problem {
  return fileProblem('file-too-large', 'warning', `${what}, not read`);
}
