import * as vscode from 'vscode';
import { soonestExpiry } from '../core/format/describe';
import { computeExpiry, formatBadge, formatCountdown } from '../core/lint/expiry';
import { pathMatcher } from '../core/util/glob';
import { worstSeverity } from '../core/types';
import type { Analyses } from './analyses';
import type { Clock } from './clock';
import { Config } from './config';

/** An Explorer badge with the soonest expiry in each certificate file, binary files too. */
export class CertificateDecorationProvider implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri | vscode.Uri[] | undefined>();
  readonly onDidChangeFileDecorations = this.changed.event;
  private matcher = CertificateDecorationProvider.makeMatcher();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly analyses: Analyses,
    private readonly clock: Clock,
  ) {
    this.subscriptions.push(
      analyses.onDidChange((uris) => this.changed.fire(uris.length ? uris : undefined)),
      clock.onDidTick(() => this.changed.fire(undefined)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (Config.affects(e, 'files')) this.matcher = CertificateDecorationProvider.makeMatcher();
        if (Config.affects(e, 'files') || Config.affects(e, 'expiry')) this.changed.fire(undefined);
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
    const a = await this.analyses.forUri(uri);
    if (!a || token.isCancellationRequested) return undefined;
    const now = this.clock.now();
    const soonest = soonestExpiry(a.decoded.items);
    const severity = worstSeverity(this.analyses.problems(a, now));
    const color =
      severity === 'error'
        ? new vscode.ThemeColor('list.errorForeground')
        : severity === 'warning'
          ? new vscode.ThemeColor('list.warningForeground')
          : undefined;
    if (!soonest) {
      return severity === 'error' ? new vscode.FileDecoration('!', 'CertLens: this file has certificate errors', color) : undefined;
    }
    const c = soonest.certificate;
    const e = computeExpiry(c.notBefore, c.notAfter, now.getTime(), Config.thresholds(uri));
    const tooltip = `CertLens: ${c.subjectLabel} ${formatCountdown(e, c.notBefore, now.getTime())}`;
    return new vscode.FileDecoration(formatBadge(e), tooltip, color);
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.changed.dispose();
  }
}
