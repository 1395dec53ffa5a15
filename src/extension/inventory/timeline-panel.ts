/**
 * "CertLens: Show Certificate Timeline": one webview with the validity chart
 * of the workspace's identities and its table twin. Created on first use,
 * re-rendered when the fleet changes; clicking a bar or a row opens the block.
 */
import * as vscode from 'vscode';
import { buildTimeline } from '../../core/report/timeline';
import { registerCommand } from '../log';
import { pageResources } from '../webview/resources';
import { renderTimelinePage } from '../webview/timeline-html';
import type { FleetModel } from './fleet-model';

type FromPage = { type: 'open'; file: string; line: number };

export class TimelinePanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private highlight: string | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly model: FleetModel,
  ) {
    this.subscription = model.onDidChange(() => void this.render());
  }

  async show(highlight?: string): Promise<void> {
    this.highlight = highlight;
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel('certlens.timeline', 'Certificate Timeline', vscode.ViewColumn.Active, {
        enableScripts: true,
        localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'media')],
      });
      this.panel.onDidDispose(() => (this.panel = undefined));
      this.panel.webview.onDidReceiveMessage((m: FromPage) => void this.open(m));
    } else this.panel.reveal();
    await this.render();
  }

  private async render(): Promise<void> {
    if (!this.panel) return;
    const { report } = await this.model.get();
    const webview = this.panel.webview;
    webview.html = renderTimelinePage(buildTimeline(report, 500), pageResources(webview, this.extensionUri, 'timeline'), this.highlight);
  }

  private async open(m: FromPage): Promise<void> {
    if (m?.type !== 'open' || typeof m.file !== 'string') return;
    const uri = (await this.model.get()).uris.get(m.file);
    if (!uri) return;
    const line = Math.max(0, (Number.isFinite(m.line) ? m.line : 1) - 1);
    await vscode.window.showTextDocument(uri, { selection: new vscode.Range(line, 0, line, 0), viewColumn: vscode.ViewColumn.Beside });
  }

  dispose(): void {
    this.subscription.dispose();
    this.panel?.dispose();
  }
}

export function registerTimeline(extensionUri: vscode.Uri, model: FleetModel): vscode.Disposable {
  const panel = new TimelinePanel(extensionUri, model);
  return vscode.Disposable.from(
    panel,
    registerCommand('certlens.showTimeline', () => panel.show()),
    registerCommand('certlens.showInTimeline', (n?: { kind?: string; cert?: { sha256: string } }) => panel.show(n?.cert?.sha256)),
  );
}
