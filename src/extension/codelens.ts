import * as vscode from 'vscode';
import { summaryLine } from '../core/describe';
import { Analyses } from './analyses';
import type { Clock } from './clock';
import { Config } from './config';

/** A countdown above every block; a click opens the details view. */
export class CertificateCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly analyses: Analyses,
    private readonly clock: Clock,
  ) {
    const fire = () => this.changed.fire();
    this.subscriptions = [
      analyses.onDidChange(fire),
      clock.onDidTick(fire),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (Config.affects(e, 'expiry') || Config.affects(e, 'codeLens')) fire();
      }),
    ];
  }

  async provideCodeLenses(doc: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    if (!Config.codeLensEnabled(doc.uri) || !Analyses.relevant(doc)) return [];
    const a = await this.analyses.forDocument(doc);
    if (token.isCancellationRequested) return [];
    const now = this.clock.now();
    const thresholds = Config.thresholds(doc.uri);
    return a.decoded.items.map((item, index) => {
      const range = new vscode.Range(doc.positionAt(item.span.start), doc.positionAt(item.span.start));
      return new vscode.CodeLens(range, {
        title: summaryLine(item, { now, thresholds }),
        command: 'certlens.showDetails',
        arguments: [doc.uri, index],
        tooltip: 'Show certificate details',
      });
    });
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.changed.dispose();
  }
}
