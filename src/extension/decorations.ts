import * as vscode from 'vscode';
import { leadCertificate } from '../core/analysis/file-report';
import { statusHeadline, statusLevel } from '../core/analysis/status';
import { computeExpiry, formatBadge, formatCountdown } from '../core/lint/expiry';
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
    const level = statusLevel(report.status);
    if (level === 'ok' && !Config.badgeHealthyFiles()) return undefined;
    const color = level === 'ok' ? undefined : new vscode.ThemeColor(level === 'error' ? 'list.errorForeground' : 'list.warningForeground');
    const lead = leadCertificate(report);
    const item = lead === undefined ? undefined : report.items[lead];
    if (item?.kind !== 'certificate') {
      return level === 'ok' ? undefined : new vscode.FileDecoration('!', `CertLens: this file has certificate ${level}s`, color);
    }
    const c = item.certificate;
    const status = report.statuses[lead!]!;
    const now = this.reports.clock.now().getTime();
    const e = computeExpiry(c.notBefore, c.notAfter, now, Config.thresholds(uri));
    const headline = statusHeadline(status);
    // Revoked and invalid certificates are not a countdown: they get `!`, like expired ones.
    const badge = headline && status !== 'expired' && status !== 'not-yet-valid' ? '!' : formatBadge(e);
    const tooltip = `CertLens: ${headline ? `${headline} · ` : ''}${c.subjectLabel} ${formatCountdown(e, c.notBefore, now)}`;
    return new vscode.FileDecoration(badge, tooltip, color);
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.changed.dispose();
  }
}
