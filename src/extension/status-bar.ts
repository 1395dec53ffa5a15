import * as vscode from 'vscode';
import type { FeatureContext } from './feature';
import { statusBarView } from '../core/format/surfaces';
import { Analyses } from './analyses';
import { Config } from './config';
import { background } from './log';

/** The active editor's lead certificate: the worst status, then the soonest expiry. */
export function register({ reports }: FeatureContext): vscode.Disposable & { readonly item: vscode.StatusBarItem } {
  const item = vscode.window.createStatusBarItem('certlens.expiry', vscode.StatusBarAlignment.Right, 100);
  item.name = 'CertLens status';
  const update = () =>
    background('status bar', async () => {
      const doc = vscode.window.activeTextEditor?.document;
      if (!doc || !Config.statusBarEnabled() || !Analyses.relevant(doc)) return item.hide();
      const version = doc.version;
      const report = await reports.forDocument(doc);
      if (doc !== vscode.window.activeTextEditor?.document || doc.version !== version) return; // superseded
      const view = statusBarView(report, reports.clock.now().getTime(), Config.thresholds(doc.uri));
      if (!view) return item.hide();
      item.text = view.text;
      item.tooltip = view.tooltip;
      item.backgroundColor =
        view.level === 'ok'
          ? undefined
          : new vscode.ThemeColor(view.level === 'warning' ? 'statusBarItem.warningBackground' : 'statusBarItem.errorBackground');
      item.command = { title: 'Show details', command: 'certlens.showDetails', arguments: [doc.uri, view.item] };
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
