import * as vscode from 'vscode';
import type { FeatureContext } from './feature';
import { badgeView } from '../core/format/surfaces';
import { pathMatcher } from '../core/util/glob';
import { Config } from './config';
import type { FileReports } from './reports';

/**
 * An Explorer badge on certificate files at warning or error level, in the
 * theme's colour for the file's status (binary files too). Healthy files get
 * no badge unless `certlens.explorer.badgeHealthyFiles` asks for one.
 */
export class CertificateDecorationProvider implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri | vscode.Uri[] | undefined>();
  readonly onDidChangeFileDecorations = this.changed.event;
  private matcher = CertificateDecorationProvider.makeMatcher();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly reports: FileReports) {
    this.subscriptions.push(
      reports.onDidChange(() => this.changed.fire(undefined)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (Config.affects(e, 'files')) this.matcher = CertificateDecorationProvider.makeMatcher();
        if (Config.affects(e, 'files') || Config.affects(e, 'explorer')) this.changed.fire(undefined);
      }),
      vscode.workspace.onDidSaveTextDocument((d) => this.changed.fire(d.uri)),
    );
  }

  private static makeMatcher(): (rel: string) => boolean {
    return pathMatcher(Config.include(), Config.exclude());
  }

  async provideFileDecoration(uri: vscode.Uri, token: vscode.CancellationToken): Promise<vscode.FileDecoration | undefined> {
    if (uri.scheme !== 'file' && uri.scheme !== 'vscode-remote') return undefined;
    const rel = vscode.workspace.asRelativePath(uri, false);
    if (!this.matcher(rel)) return undefined;
    const report = await this.reports.forUri(uri);
    if (!report || token.isCancellationRequested) return undefined;
    const view = badgeView(report, this.reports.clock.now().getTime(), Config.thresholds(uri), Config.badgeHealthyFiles());
    if (!view) return undefined;
    const color =
      view.level === 'ok' ? undefined : new vscode.ThemeColor(view.level === 'error' ? 'list.errorForeground' : 'list.warningForeground');
    return new vscode.FileDecoration(view.badge, view.tooltip, color);
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.changed.dispose();
  }
}

/** Explorer badges; the provider is returned for the API. */
export function register(ctx: FeatureContext): vscode.Disposable & { readonly provider: CertificateDecorationProvider } {
  const provider = new CertificateDecorationProvider(ctx.reports);
  return Object.assign(vscode.Disposable.from(provider, vscode.window.registerFileDecorationProvider(provider)), { provider });
}
