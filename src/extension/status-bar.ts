import * as vscode from 'vscode';
import { soonestExpiry } from '../core/format/describe';
import { computeExpiry, formatCountdown } from '../core/lint/expiry';
import { Analyses } from './analyses';
import type { Clock } from './clock';
import { Config } from './config';
import { background } from './log';

/** The soonest expiry in the active editor. */
export function registerStatusBar(analyses: Analyses, clock: Clock): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('certlens.expiry', vscode.StatusBarAlignment.Right, 100);
  item.name = 'CertLens expiry';
  const update = () =>
    background('status bar', async () => {
      const doc = vscode.window.activeTextEditor?.document;
      if (!doc || !Config.statusBarEnabled() || !Analyses.relevant(doc)) return item.hide();
      const a = await analyses.forDocument(doc);
      const soonest = soonestExpiry(a.decoded.items);
      if (!soonest) return item.hide();
      const c = soonest.certificate;
      const now = clock.now().getTime();
      const e = computeExpiry(c.notBefore, c.notAfter, now, Config.thresholds(doc.uri));
      const icon = e.state === 'ok' ? '$(verified)' : e.state === 'warning' ? '$(warning)' : '$(error)';
      item.text = `${icon} ${c.subjectLabel}: ${formatCountdown(e, c.notBefore, now).split(' · ')[0]}`;
      item.tooltip = `CertLens: soonest expiry in this file (${c.subject})`;
      item.backgroundColor =
        e.state === 'ok'
          ? undefined
          : new vscode.ThemeColor(e.state === 'warning' ? 'statusBarItem.warningBackground' : 'statusBarItem.errorBackground');
      item.command = { title: 'Show details', command: 'certlens.showDetails', arguments: [doc.uri, a.decoded.items.indexOf(soonest)] };
      item.show();
    });
  void update();
  return vscode.Disposable.from(
    item,
    vscode.window.onDidChangeActiveTextEditor(() => void update()),
    analyses.onDidChange(() => void update()),
    clock.onDidTick(() => void update()),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === vscode.window.activeTextEditor?.document) void update();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (Config.affects(e, 'statusBar') || Config.affects(e, 'expiry')) void update();
    }),
  );
}
