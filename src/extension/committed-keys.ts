/**
 * `private-key-committed` in the editor: the same core rule as `certlens
 * scan`, with git's answer from the same node helper. Only for files on disk
 * in a trusted workspace (restricted mode runs no git), and only when the
 * file holds a private key, so most reports never start a process.
 *
 * Git is asked once per decoded file version, not on every report (a report
 * is rebuilt on every clock tick): staging or ignoring a key file shows after
 * the next edit or reload.
 */
import * as vscode from 'vscode';
import { committedKeyProblems } from '../core/lint/committed-keys';
import type { Problem } from '../core/types';
import { gitStateFor } from '../node/git-state';
import type { FileAnalysis } from './analyses';

const asked = new WeakMap<FileAnalysis['decoded'], Promise<Problem[]>>();

export function committedKeyFindings(a: FileAnalysis): Promise<Problem[]> {
  if (a.uri.scheme !== 'file' || !vscode.workspace.isTrusted) return Promise.resolve([]);
  if (!a.decoded.items.some((i) => i.kind === 'private-key')) return Promise.resolve([]);
  let found = asked.get(a.decoded);
  if (!found) {
    const path = a.uri.fsPath;
    found = gitStateFor([path]).then((git) => committedKeyProblems(a.decoded.items, git(path)));
    asked.set(a.decoded, found);
  }
  return found;
}
