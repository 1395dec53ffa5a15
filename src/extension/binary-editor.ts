import * as vscode from 'vscode';
import type { FeatureContext } from './feature';
import type { FileReports } from './reports';
import { bindDetailsWebview } from './webview/details-view';

export const BINARY_VIEW_TYPE = 'certlens.binaryViewer';

/** Read-only viewer for DER, PKCS#7, PKCS#12 and Java keystore files: the same details as the panel. */
export class BinaryCertificateEditorProvider implements vscode.CustomReadonlyEditorProvider {
  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly reports: FileReports,
  ) {}

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): void {
    const watcher = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(vscode.Uri.joinPath(document.uri, '..'), document.uri.path.split('/').pop()!),
    );
    const binding = bindDetailsWebview(panel.webview, this.extensionUri, document.uri, this.reports, () => undefined);
    watcher.onDidChange(() => this.reports.analyses.invalidate(document.uri));
    panel.onDidDispose(() => {
      binding.dispose();
      watcher.dispose();
    });
  }
}

/** The read-only viewer for binary certificate files. */
export function register(ctx: FeatureContext): vscode.Disposable {
  return vscode.Disposable.from(
    ...[BINARY_VIEW_TYPE, `${BINARY_VIEW_TYPE}Optional`].map((viewType) =>
      vscode.window.registerCustomEditorProvider(viewType, new BinaryCertificateEditorProvider(ctx.extension.extensionUri, ctx.reports), {
        supportsMultipleEditorsPerDocument: true,
      }),
    ),
  );
}
