import * as vscode from 'vscode';
import type { FileReports } from './reports';
import { bindDetailsWebview } from './webview/details-view';

/** One details panel, reused and re-targeted (created on first use). */
export class CertificateDetailsPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private binding: vscode.Disposable | undefined;
  private selected: number | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly reports: FileReports,
  ) {}

  show(uri: vscode.Uri, index?: number): vscode.WebviewPanel {
    this.selected = index;
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel('certlens.details', 'Certificate details', vscode.ViewColumn.Beside, {
        enableScripts: true,
        localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'media')],
      });
      this.panel.onDidDispose(() => {
        this.binding?.dispose();
        this.panel = undefined;
      });
    }
    this.panel.title = `Details: ${uri.path.split('/').pop() ?? ''}`;
    this.binding?.dispose();
    this.binding = bindDetailsWebview(this.panel.webview, this.extensionUri, uri, this.reports, () => this.selected);
    this.panel.reveal(undefined, true);
    return this.panel;
  }

  get current(): vscode.WebviewPanel | undefined {
    return this.panel;
  }

  dispose(): void {
    this.binding?.dispose();
    this.panel?.dispose();
  }
}
