import * as vscode from 'vscode';
import type { FeatureContext } from './feature';
import type { Analyses } from './analyses';
import { registerCommand } from './log';
import { promptUnlock } from './unlock-prompt';
import { exportItem } from './webview/details-view';

/** `uri` may arrive as a Uri (CodeLens), a string (hover links) or not at all (palette). */
function toUri(value: unknown): vscode.Uri | undefined {
  if (value instanceof vscode.Uri) return value;
  if (typeof value === 'string') return vscode.Uri.parse(value);
  if (value && typeof value === 'object' && 'scheme' in value) return vscode.Uri.from(value as vscode.Uri);
  return vscode.window.activeTextEditor?.document.uri ?? activeCustomEditorUri();
}

function activeCustomEditorUri(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputCustom ? input.uri : undefined;
}

/** The block under the cursor when a command comes from the palette. */
async function toIndex(analyses: Analyses, uri: vscode.Uri, value: unknown): Promise<number | undefined> {
  if (typeof value === 'number') return value;
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.uri.toString() !== uri.toString()) return undefined;
  const a = await analyses.forDocument(editor.document);
  const offset = editor.document.offsetAt(editor.selection.active);
  const i = a.decoded.items.findIndex((it) => it.span.start <= offset && offset <= it.span.end);
  return i >= 0 ? i : undefined;
}

export function register({ analyses, details }: FeatureContext): vscode.Disposable {
  const need = (uri: vscode.Uri | undefined): vscode.Uri => {
    if (!uri) throw new Error('open a certificate file first');
    return uri;
  };
  return vscode.Disposable.from(
    registerCommand('certlens.showDetails', async (u?: unknown, i?: unknown) => {
      const uri = need(toUri(u));
      details.show(uri, await toIndex(analyses, uri, i));
    }),
    registerCommand('certlens.exportPem', async (u?: unknown, i?: unknown, target?: vscode.Uri) => {
      const uri = need(toUri(u));
      return exportItem(analyses, uri, (await toIndex(analyses, uri, i)) ?? 0, 'pem', target);
    }),
    registerCommand('certlens.exportDer', async (u?: unknown, i?: unknown, target?: vscode.Uri) => {
      const uri = need(toUri(u));
      return exportItem(analyses, uri, (await toIndex(analyses, uri, i)) ?? 0, 'der', target);
    }),
    registerCommand('certlens.unlockPkcs12', async (u?: unknown, password?: unknown) => {
      const uri = need(toUri(u));
      // Tests and callers pass the password; the user gets a prompt that survives a wrong one.
      if (typeof password === 'string') analyses.setPassword(uri, password);
      else await promptUnlock(uri, analyses);
    }),
    registerCommand('certlens.refresh', () => analyses.invalidate()),
  );
}
