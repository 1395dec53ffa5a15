import * as vscode from 'vscode';
import { leadCertificate } from '../core/analysis/file-report';
import { statusHeadline, statusIcon, statusLevel } from '../core/analysis/status';
import { computeExpiry, formatCountdown } from '../core/lint/expiry';
import { Analyses } from './analyses';
import { Config } from './config';
import { background } from './log';
import type { FileReports } from './reports';

/** The active editor's lead certificate: the worst status, then the soonest expiry. */
export function registerStatusBar(reports: FileReports): vscode.Disposable & { readonly item: vscode.StatusBarItem } {
  const item = vscode.window.createStatusBarItem('certlens.expiry', vscode.StatusBarAlignment.Right, 100);
  item.name = 'CertLens status';
  const update = () =>
    background('status bar', async () => {
      const doc = vscode.window.activeTextEditor?.document;
      if (!doc || !Config.statusBarEnabled() || !Analyses.relevant(doc)) return item.hide();
      const report = await reports.forDocument(doc);
      if (doc !== vscode.window.activeTextEditor?.document) return; // superseded
      const lead = leadCertificate(report);
      const cert = lead === undefined ? undefined : report.items[lead];
      if (cert?.kind !== 'certificate') return item.hide();
      const status = report.statuses[lead!]!;
      const c = cert.certificate;
      const now = reports.clock.now().getTime();
      const e = computeExpiry(c.notBefore, c.notAfter, now, Config.thresholds(doc.uri));
      const headline = statusHeadline(status);
      item.text = `$(${statusIcon(status)}) ${headline ? `${headline} ` : ''}${c.subjectLabel}: ${formatCountdown(e, c.notBefore, now).split(' · ')[0]}`;
      item.tooltip = `CertLens: ${headline ?? status} — the worst certificate in this file (${c.subject})`;
      const level = statusLevel(status);
      item.backgroundColor =
        level === 'ok'
          ? undefined
          : new vscode.ThemeColor(level === 'warning' ? 'statusBarItem.warningBackground' : 'statusBarItem.errorBackground');
      item.command = { title: 'Show details', command: 'certlens.showDetails', arguments: [doc.uri, lead] };
      item.show();
    });
  void update();
  const disposable = vscode.Disposable.from(
    item,
    vscode.window.onDidChangeActiveTextEditor(() => void update()),
    reports.onDidChange(() => void update()),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === vscode.window.activeTextEditor?.document) void update();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (Config.affects(e, 'statusBar')) void update();
    }),
  );
  return Object.assign(disposable, { item });
}
