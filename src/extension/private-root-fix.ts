import * as vscode from 'vscode';
import type { FeatureContext } from './feature';
import { Config } from './config';
import { registerCommand } from './log';

const TRUST_ROOT = 'certlens.trustRoot';

/**
 * The quick fix on `chain-private-root`: "Trust this root in this workspace"
 * adds the root's file to `certlens.trust.extraAnchors` (workspace settings).
 * Offered only in a trusted workspace, where that setting is read.
 */
export function register(_ctx: FeatureContext): vscode.Disposable {
  return vscode.Disposable.from(
    registerCommand(TRUST_ROOT, async (uri: unknown) => {
      if (!(uri instanceof vscode.Uri)) throw new Error('run this from the quick fix on a chain-private-root problem');
      const rel = vscode.workspace.asRelativePath(uri, false);
      const current = Config.extraAnchors();
      if (current.includes(rel)) return;
      await vscode.workspace
        .getConfiguration('certlens')
        .update('trust.extraAnchors', [...current, rel], vscode.ConfigurationTarget.Workspace);
      void vscode.window.showInformationMessage(`CertLens: ${rel} is now a trust anchor in this workspace.`);
    }),
    vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, new PrivateRootActions(), {
      providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
    }),
  );
}

export class PrivateRootActions implements vscode.CodeActionProvider {
  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (!vscode.workspace.isTrusted) return [];
    return context.diagnostics
      .filter((d) => d.source === 'certlens' && d.code === 'chain-private-root')
      .map((d) => {
        const action = new vscode.CodeAction('Trust this root in this workspace', vscode.CodeActionKind.QuickFix);
        action.diagnostics = [d];
        action.isPreferred = true;
        action.command = { title: action.title, command: TRUST_ROOT, arguments: [doc.uri] };
        return action;
      });
  }
}
