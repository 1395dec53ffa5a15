import 'reflect-metadata';
import type * as vscode from 'vscode';

/** Wires features only; each feature registers itself (STYLE.md §1). */
export function activate(context: vscode.ExtensionContext): void {
  void context;
}

export function deactivate(): void {}
