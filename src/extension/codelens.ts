import * as vscode from 'vscode';
import { summaryLine } from '../core/format/describe';
import { Analyses } from './analyses';
import type { WorkspaceChainService } from './chains';
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
    private readonly chains?: WorkspaceChainService,
  ) {
    const fire = () => this.changed.fire();
    this.subscriptions = [
      analyses.onDidChange(fire),
      ...(chains ? [chains.onDidChange(fire)] : []),
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
    const lenses = a.decoded.items.map((item, index) => {
      const range = new vscode.Range(doc.positionAt(item.span.start), doc.positionAt(item.span.start));
      return new vscode.CodeLens(range, {
        title: summaryLine(item, { now, thresholds }),
        command: 'certlens.showDetails',
        arguments: [doc.uri, index],
        tooltip: 'Show certificate details',
      });
    });
    // What a kubernetes.io/tls Secret holds, on its tls.crt key (pain point 14).
    for (const s of a.decoded.secrets ?? []) {
      const at = new vscode.Range(doc.positionAt(s.span.start), doc.positionAt(s.span.start));
      lenses.push(
        new vscode.CodeLens(at, {
          title: `$(list-unordered) ${s.text}`,
          command: '',
          tooltip: `What the Secret${s.name ? ` ${s.name}` : ''} holds (${s.path})`,
        }),
      );
    }
    if (!this.chains) return lenses;
    // The chain verdict above each leaf, the pairing above each key (issue 4).
    const { chains, keyLenses, revocation } = await this.chains.forAnalysis(a, now);
    if (token.isCancellationRequested) return lenses;
    const at = (offset: number) => new vscode.Range(doc.positionAt(offset), doc.positionAt(offset));
    for (const v of chains.verdicts) {
      lenses.push(
        new vscode.CodeLens(at(v.span.start), {
          title: `${v.ok ? '$(pass)' : '$(warning)'} ${v.text}`,
          command: '',
          tooltip: v.path.map((s) => s.subject).join(' → '),
        }),
      );
    }
    // A revoked certificate says so above the block; good statuses stay in the hover.
    for (const r of revocation.statuses.filter((x) => x.state === 'revoked')) {
      lenses.push(
        new vscode.CodeLens(at(r.span.start), {
          title: `$(error) ${r.text}`,
          command: 'certlens.showDetails',
          arguments: [doc.uri, r.ref.index],
        }),
      );
    }
    for (const k of keyLenses) {
      const match = k.matches[0];
      const uri = match && this.chains.uriOf(match.file);
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
