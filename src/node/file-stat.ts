/**
 * `stat` for the editor's workspace index: node:fs for local files (the
 * extension host sees them directly; 10,000 stats through the workbench's
 * file service cost seconds), in the shape of `vscode.FileStat`'s fields
 * the index keys on.
 */
import { stat } from 'node:fs/promises';

export interface LocalStat {
  readonly isFile: boolean;
  /** ms since the epoch, integral (as `vscode.FileStat.mtime`). */
  readonly mtime: number;
  readonly size: number;
}

/** Undefined when the path cannot be stat'ed. Follows links, as the file service does. */
export async function statLocal(path: string): Promise<LocalStat | undefined> {
  try {
    const s = await stat(path);
    return { isFile: s.isFile(), mtime: s.mtime.getTime(), size: s.size };
  } catch {
    return undefined;
  }
}
