import * as vscode from 'vscode';
import { ALL_TEXT, type FeatureContext } from './feature';
import { summaryLine } from '../core/format/describe';
import { leadTitle, verdictTitle } from '../core/format/surfaces';
import { mapInTurns } from '../node/turns';
import { Analyses } from './analyses';
import { Config } from './config';
import type { FileReports } from './reports';

/** A lens above every block that leads with its status; a click opens the details view. */
export class CertificateCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly reports: FileReports) {
    const fire = () => this.changed.fire();
    this.subscriptions = [
      reports.onDidChange(fire),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (Config.affects(e, 'codeLens')) fire();
      }),
    ];
  }

  async provideCodeLenses(doc: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    if (!Config.codeLensEnabled(doc.uri) || !Analyses.relevant(doc)) return [];
    const report = await this.reports.forDocument(doc);
    if (token.isCancellationRequested) return [];
    const now = this.reports.clock.now();
    const at = (offset: number) => new vscode.Range(doc.positionAt(offset), doc.positionAt(offset));
    const thresholds = Config.thresholds(doc.uri);
    // A 20 MB bundle has 25,000 blocks: other work runs between every few thousand lenses.
    const lenses = await mapInTurns(
      report.items,
      (item, index) =>
        new vscode.CodeLens(at(item.span.start), {
          title: leadTitle(report.statuses[index], summaryLine(item, { now, thresholds })),
          command: 'certlens.showDetails',
          arguments: [doc.uri, index],
          tooltip: 'Show certificate details',
        }),
      () => token.isCancellationRequested,
    );
    if (!lenses) return [];
    // What a kubernetes.io/tls Secret holds, on its tls.crt key (pain point 14).
    for (const s of report.secrets ?? []) {
      lenses.push(
        new vscode.CodeLens(at(s.span.start), {
          title: `$(list-unordered) ${s.text}`,
          command: '',
          tooltip: `What the Secret${s.name ? ` ${s.name}` : ''} holds (${s.path})`,
        }),
      );
    }
    for (const v of report.verdicts) {
      const title = verdictTitle(v, report.statuses[v.ref.index]);
      lenses.push(new vscode.CodeLens(at(v.span.start), { title, command: '', tooltip: v.path.map((s) => s.subject).join(' → ') }));
    }
    for (const k of report.keyLenses) {
      const match = k.matches[0];
      const uri = match && this.reports.chains.uriOf(match.file);
      const open = uri ? { command: 'vscode.open', arguments: [uri], tooltip: `Open ${match.file}` } : { command: '' };
      lenses.push(new vscode.CodeLens(at(k.span.start), { title: `$(key) ${k.text}`, ...open }));
    }
    return lenses;
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.changed.dispose();
  }
}

/** A lens above every block. */
export function register(ctx: FeatureContext): vscode.Disposable {
  const provider = new CertificateCodeLensProvider(ctx.reports);
  return vscode.Disposable.from(provider, vscode.languages.registerCodeLensProvider(ALL_TEXT, provider));
}
