/**
 * The Inventory view (CertLens activity-bar container): every certificate of
 * the workspace, embedded YAML/JSON ones and keystore entries included,
 * grouped by status (or by issuer, folder, identity), with a filter box, a
 * badge counting warnings and errors, and a context menu (reveal, details,
 * copy fingerprint, check the endpoint of a SAN, show in timeline).
 */
import * as vscode from 'vscode';
import { inventoryView } from '../../core/format/surfaces';
import { formatDuration } from '../../core/lint/expiry';
import {
  certificateLabel,
  endpointHosts,
  groupInventory,
  inventoryBadge,
  type InventoryGroup,
  type InventoryGrouping,
} from '../../core/report/inventory-groups';
import type { ReportCertificate } from '../../core/report/scan-report';
import { registerCommand } from '../log';
import type { FleetModel } from './fleet-model';

type Node = { kind: 'group'; group: InventoryGroup } | { kind: 'cert'; cert: ReportCertificate; uri?: vscode.Uri };

const COLOR: Readonly<Record<'error' | 'warning' | 'ok', string>> = {
  error: 'list.errorForeground',
  warning: 'list.warningForeground',
  ok: 'testing.iconPassed',
};

export class InventoryTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  grouping: InventoryGrouping = 'status';
  filter = '';
  private view: vscode.TreeView<Node> | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly model: FleetModel) {
    this.subscription = model.onDidChange(() => this.refresh());
  }

  attach(view: vscode.TreeView<Node>): void {
    this.view = view;
    void this.updateBadge();
  }

  refresh(): void {
    this.changed.fire(undefined);
    void this.updateBadge();
  }

  private async updateBadge(): Promise<void> {
    if (!this.view) return;
    const { report } = await this.model.get();
    const n = inventoryBadge(report);
    this.view.badge =
      n > 0 ? { value: n, tooltip: `${report.severityCounts.error} error(s), ${report.severityCounts.warning} warning(s)` } : undefined;
    this.view.message = this.filter ? `Filter: ${this.filter}` : undefined;
    this.view.description = this.grouping === 'status' ? undefined : `by ${this.grouping}`;
  }

  async getChildren(node?: Node): Promise<Node[]> {
    const snap = await this.model.get();
    if (!node) return groupInventory(snap.report, this.grouping, this.filter).map((group) => ({ kind: 'group', group }));
    if (node.kind === 'group') {
      return node.group.certificates.map((cert) => {
        const uri = snap.uris.get(cert.file);
        return { kind: 'cert', cert, ...(uri && { uri }) };
      });
    }
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(node.group.label, vscode.TreeItemCollapsibleState.Expanded);
      item.description = String(node.group.certificates.length);
      item.id = `group:${this.grouping}:${node.group.key}`;
      const view = inventoryView(node.group.status);
      item.iconPath = new vscode.ThemeIcon(this.grouping === 'folder' ? 'folder' : view.icon, new vscode.ThemeColor(COLOR[view.level]));
      return item;
    }
    const c = node.cert;
    const item = new vscode.TreeItem(certificateLabel(c), vscode.TreeItemCollapsibleState.None);
    const left = c.notAfter - Date.now();
    const view = inventoryView(c.status);
    const when = left < 0 ? `expired ${formatDuration(left)} ago` : `expires in ${formatDuration(left)}`;
    item.description = `${view.prefix ? `${view.prefix} · ` : ''}${when} · ${c.file}:${c.line}`;
    const tip = new vscode.MarkdownString(undefined, false);
    tip.appendText(
      `${c.subject}\nissued by ${c.issuer}\nserial ${c.serialNumber}\nSHA-256 ${c.sha256}\n${new Date(c.notBefore).toISOString()} → ${new Date(c.notAfter).toISOString()}\n${c.codes.join(', ')}`,
    );
    item.tooltip = tip;
    item.iconPath = new vscode.ThemeIcon(view.icon, new vscode.ThemeColor(COLOR[view.level]));
    item.contextValue = endpointHosts(c).length ? 'certlens.certificate.endpoint' : 'certlens.certificate';
    if (node.uri) {
      item.resourceUri = node.uri;
      item.command = { title: 'Reveal', command: 'certlens.revealCertificate', arguments: [node] };
    }
    return item;
  }

  /** Every certificate row as shown (the extension API and the integration tests read it). */
  async rows(): Promise<Array<{ label: string; description?: string; icon?: string }>> {
    const out: Array<{ label: string; description?: string; icon?: string }> = [];
    for (const group of await this.getChildren()) {
      for (const row of await this.getChildren(group)) {
        const t = this.getTreeItem(row);
        out.push({
          label: typeof t.label === 'string' ? t.label : (t.label?.label ?? ''),
          ...(typeof t.description === 'string' && { description: t.description }),
          ...(t.iconPath instanceof vscode.ThemeIcon && { icon: t.iconPath.id }),
        });
      }
    }
    return out;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** Registers the view and its commands. */
export function registerInventory(model: FleetModel): vscode.Disposable & { readonly provider: InventoryTreeProvider } {
  const provider = new InventoryTreeProvider(model);
  const view = vscode.window.createTreeView('certlens.inventory', { treeDataProvider: provider, showCollapseAll: true });
  provider.attach(view);
  const certOf = (n?: Node): { cert: ReportCertificate; uri?: vscode.Uri } | undefined => {
    const picked = n ?? view.selection[0];
    return picked?.kind === 'cert' ? picked : undefined;
  };
  const group = (g: InventoryGrouping) => () => {
    provider.grouping = g;
    provider.refresh();
  };
  const disposable = vscode.Disposable.from(
    provider,
    view,
    registerCommand('certlens.groupInventoryByStatus', group('status')),
    registerCommand('certlens.groupInventoryByIssuer', group('issuer')),
    registerCommand('certlens.groupInventoryByFolder', group('folder')),
    registerCommand('certlens.groupInventoryByIdentity', group('identity')),
    registerCommand('certlens.filterInventory', async () => {
      const value = await vscode.window.showInputBox({
        title: 'Filter certificates',
        prompt: 'Subject, SAN, issuer, serial or fingerprint (empty clears the filter)',
        value: provider.filter,
      });
      if (value === undefined) return;
      provider.filter = value;
      provider.refresh();
    }),
    registerCommand('certlens.revealCertificate', async (n?: Node) => {
      const c = certOf(n);
      if (!c?.uri) return;
      const line = Math.max(0, c.cert.line - 1);
      await vscode.window.showTextDocument(c.uri, { selection: new vscode.Range(line, 0, line, 0), preview: true });
    }),
    registerCommand('certlens.showInventoryDetails', async (n?: Node) => {
      const c = certOf(n);
      if (c?.uri) await vscode.commands.executeCommand('certlens.showDetails', c.uri, c.cert.index);
    }),
    registerCommand('certlens.copyFingerprint', async (n?: Node) => {
      const c = certOf(n);
      if (!c) return;
      await vscode.env.clipboard.writeText((c.cert.sha256.toUpperCase().match(/../g) ?? []).join(':'));
      void vscode.window.setStatusBarMessage('CertLens: SHA-256 fingerprint copied', 3000);
    }),
    registerCommand('certlens.checkCertificateEndpoint', async (n?: Node) => {
      const c = certOf(n);
      if (!c) return;
      const hosts = endpointHosts(c.cert);
      const host = hosts.length === 1 ? hosts[0] : await vscode.window.showQuickPick(hosts, { title: 'Check the endpoint of which name?' });
      if (host)
        await vscode.commands.executeCommand(
          'certlens.checkEndpoint',
          host.includes(':') && !host.startsWith('[') ? `[${host}]:443` : `${host}:443`,
        );
    }),
  );
  return Object.assign(disposable, { provider });
}
