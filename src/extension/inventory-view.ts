import * as vscode from 'vscode';
import { registerCommand } from './log';
import type { FeatureContext } from './feature';
import { computeExpiry, formatCountdown, formatDuration } from '../core/lint/expiry';
import { buildInventory, type InventoryEntry } from '../core/analysis/inventory';
import { compareStatus, worseStatus, type CertificateStatus } from '../core/analysis/status';
import { inventoryView } from '../core/format/surfaces';
import { Config } from './config';
import type { FileReports } from './reports';
import type { WorkspaceIndex } from './workspace-index';

type Node =
  | { kind: 'cert'; entry: InventoryEntry; status: CertificateStatus }
  | { kind: 'location'; entry: InventoryEntry; file: string; index: number };

/** Explorer view "Certificates": every certificate of the workspace, soonest expiry first. */
export class CertificateInventoryProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly index: WorkspaceIndex,
    private readonly reports: FileReports,
  ) {
    const fire = () => this.changed.fire(undefined);
    this.subscriptions = [index.onDidChange(fire), reports.onDidChange(fire)];
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (node?.kind === 'cert') {
      return node.entry.locations.map((l) => ({ kind: 'location', entry: node.entry, file: l.file, index: l.index }));
    }
    if (node) return [];
    const files = await this.index.all();
    // Each certificate's status is the worst over its copies' reports: the same truth as every other surface.
    const statuses = new Map<string, CertificateStatus>();
    const found = [];
    for (const f of files) {
      const report = await this.reports.forAnalysis(f);
      for (const [index, item] of report.items.entries()) {
        if (item.kind !== 'certificate') continue;
        const s = report.statuses[index] ?? 'ok';
        const prev = statuses.get(item.certificate.sha256);
        statuses.set(item.certificate.sha256, prev ? worseStatus(prev, s) : s);
        found.push({ certificate: item.certificate, file: f.uri.toString(), index });
      }
    }
    return buildInventory(found)
      .entries.map((entry): Node => ({ kind: 'cert', entry, status: statuses.get(entry.certificate.sha256) ?? 'ok' }))
      .sort((a, b) => (a.kind === 'cert' && b.kind === 'cert' ? compareStatus(a.status, b.status) : 0));
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'location') {
      const uri = vscode.Uri.parse(node.file);
      const item = new vscode.TreeItem(vscode.workspace.asRelativePath(uri, false), vscode.TreeItemCollapsibleState.None);
      item.description = `block ${node.index + 1}`;
      item.resourceUri = uri;
      item.command = { title: 'Show details', command: 'certlens.showDetails', arguments: [uri, node.index] };
      return item;
    }
    const c = node.entry.certificate;
    const now = this.reports.clock.now().getTime();
    const e = computeExpiry(c.notBefore, c.notAfter, now, Config.thresholds());
    const item = new vscode.TreeItem(c.subjectLabel, vscode.TreeItemCollapsibleState.Collapsed);
    const overlap =
      node.entry.overlapMs === undefined
        ? ''
        : node.entry.overlapMs >= 0
          ? ` · successor overlaps ${formatDuration(node.entry.overlapMs)}`
          : ` · GAP of ${formatDuration(-node.entry.overlapMs)} before its successor`;
    item.description = `${formatCountdown(e, c.notBefore, now).split(' · ')[0]}${overlap}`;
    item.tooltip = new vscode.MarkdownString(undefined, false);
    item.tooltip.appendText(`${c.subject}\nissued by ${c.issuer}\n${c.role} · ${node.entry.locations.length} location(s)`);
    const view = inventoryView(node.status);
    const color = view.level === 'ok' ? 'testing.iconPassed' : view.level === 'warning' ? 'list.warningForeground' : 'list.errorForeground';
    item.iconPath = new vscode.ThemeIcon(view.icon, new vscode.ThemeColor(color));
    if (view.prefix) item.description = `${view.prefix} · ${item.description}`;
    item.contextValue = 'certificate';
    return item;
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.changed.dispose();
  }
}

/** The Certificates view and its refresh command; the provider is returned for the API. */
export function register(ctx: FeatureContext): vscode.Disposable & { readonly provider: CertificateInventoryProvider } {
  const provider = new CertificateInventoryProvider(ctx.index, ctx.reports);
  return Object.assign(
    vscode.Disposable.from(
      provider,
      vscode.window.registerTreeDataProvider('certlens.inventory', provider),
      registerCommand('certlens.refreshInventory', () => ctx.index.reset()),
    ),
    { provider },
  );
}
