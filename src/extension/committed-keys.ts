/**
 * `private-key-committed` in the editor: the same core rule as `certlens
 * scan`, with git's answer from the same node helper. Only for files on disk
 * in a trusted workspace (restricted mode runs no git), and only when the
 * file holds a private key, so most reports never start a process.
 */
import * as vscode from 'vscode';
import { committedKeyProblems } from '../core/lint/committed-keys';
import type { Problem } from '../core/types';
import { gitStateFor } from '../node/git-state';
import type { FileAnalysis } from './analyses';

export async function committedKeyFindings(a: FileAnalysis): Promise<Problem[]> {
  if (a.uri.scheme !== 'file' || !vscode.workspace.isTrusted) return [];
  if (!a.decoded.items.some((i) => i.kind === 'private-key')) return [];
  const git = await gitStateFor([a.uri.fsPath]);
  return committedKeyProblems(a.decoded.items, git(a.uri.fsPath));
}
