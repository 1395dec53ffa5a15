import * as vscode from 'vscode';
import { computeExpiry, formatCountdown, formatDuration } from '../core/lint/expiry';
import { buildInventory, type InventoryEntry } from '../core/analysis/inventory';
import type { Clock } from './clock';
import { Config } from './config';
import type { WorkspaceIndex } from './workspace-index';

type Node = { kind: 'cert'; entry: InventoryEntry } | { kind: 'location'; entry: InventoryEntry; file: string; index: number };

/** Explorer view "Certificates": every certificate of the workspace, soonest expiry first. */
export class CertificateInventoryProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly index: WorkspaceIndex,
    private readonly clock: Clock,
  ) {
    const fire = () => this.changed.fire(undefined);
    this.subscriptions = [index.onDidChange(fire), clock.onDidTick(fire)];
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (node?.kind === 'cert') {
      return node.entry.locations.map((l) => ({ kind: 'location', entry: node.entry, file: l.file, index: l.index }));
    }
    if (node) return [];
    const files = await this.index.all();
    const found = files.flatMap((f) =>
      f.decoded.items.flatMap((item, index) =>
        item.kind === 'certificate' ? [{ certificate: item.certificate, file: f.uri.toString(), index }] : [],
      ),
    );
    return buildInventory(found).entries.map((entry) => ({ kind: 'cert', entry }));
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
    const now = this.clock.now().getTime();
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
    item.iconPath = new vscode.ThemeIcon(
      e.state === 'ok' ? 'pass' : e.state === 'warning' ? 'warning' : 'error',
      new vscode.ThemeColor(
        e.state === 'ok' ? 'testing.iconPassed' : e.state === 'warning' ? 'list.warningForeground' : 'list.errorForeground',
      ),
    );
    item.contextValue = 'certificate';
    return item;
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.changed.dispose();
  }
}
