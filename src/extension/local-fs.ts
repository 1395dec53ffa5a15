/**
 * The file access `Analyses` reads through: node:fs for local files (the
 * extension host runs where they are; through the workbench's file service
 * each stat and read is a round trip, tens of ms when busy), the workspace
 * file system for every other scheme.
 */
import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { statLocal } from '../node/file-stat';

export const localFirstFs: Pick<vscode.FileSystem, 'readFile' | 'stat'> = {
  async stat(uri) {
    if (uri.scheme !== 'file') return vscode.workspace.fs.stat(uri);
    const s = await statLocal(uri.fsPath);
    if (!s) throw vscode.FileSystemError.FileNotFound(uri);
    return { type: s.isFile ? vscode.FileType.File : vscode.FileType.Unknown, ctime: s.mtime, mtime: s.mtime, size: s.size };
  },
  async readFile(uri) {
    if (uri.scheme !== 'file') return vscode.workspace.fs.readFile(uri);
    return new Uint8Array(await readFile(uri.fsPath));
  },
};
