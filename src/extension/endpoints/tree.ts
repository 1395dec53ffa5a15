/**
 * Explorer view "Endpoints": each endpoint of `certlens.endpoints` with its
 * last result (verdict icon, leaf countdown) and the served certificates as
 * children. Countdowns are recomputed from notAfter on every clock tick, so
 * they follow the clock between checks (STYLE.md §5).
 */
import * as vscode from 'vscode';
import { countdown } from '../../core/tls/countdown';
import type { ReportedCertificate } from '../../core/tls/report-types';
import type { Clock } from '../clock';
import { Config } from '../config';
import type { CheckOutcome } from './runner';
import type { SavedEndpoint } from './settings';

export interface EndpointState {
  readonly outcome?: CheckOutcome;
  /** Why the last check could not even start (missing file, password needed). */
  readonly error?: string;
  readonly checking: boolean;
}

export type EndpointNode =
  | { readonly kind: 'endpoint'; readonly endpoint: SavedEndpoint }
  | { readonly kind: 'cert'; readonly endpoint: SavedEndpoint; readonly cert: ReportedCertificate }
  | { readonly kind: 'problem'; readonly text: string };

export class EndpointTreeProvider implements vscode.TreeDataProvider<EndpointNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<EndpointNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly endpoints: () => { endpoints: SavedEndpoint[]; problems: string[] },
    private readonly state: (id: string) => EndpointState | undefined,
    private readonly clock: Clock,
  ) {
    this.subscriptions = [clock.onDidTick(() => this.refresh())];
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  getChildren(node?: EndpointNode): EndpointNode[] {
    if (node?.kind === 'endpoint') {
      const chain = this.state(node.endpoint.id)?.outcome?.report.servedChain ?? [];
      return chain.map((cert) => ({ kind: 'cert', endpoint: node.endpoint, cert }));
    }
    if (node) return [];
    // Restricted mode: nothing is listed, the welcome view explains why.
    if (!vscode.workspace.isTrusted) return [];
    const { endpoints, problems } = this.endpoints();
    return [
      ...endpoints.map((endpoint) => ({ kind: 'endpoint' as const, endpoint })),
      ...problems.map((text) => ({ kind: 'problem' as const, text })),
    ];
  }

  getTreeItem(node: EndpointNode): vscode.TreeItem {
    if (node.kind === 'problem') {
      const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
      item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
      item.tooltip = `${node.text}\nFix it in the settings (certlens.endpoints).`;
      item.command = { title: 'Open Settings', command: 'workbench.action.openSettingsJson', arguments: [] };
      return item;
    }
    if (node.kind === 'cert') return this.certItem(node.cert);
    const ep = node.endpoint;
    const st = this.state(ep.id);
    const report = st?.outcome?.report;
    const item = new vscode.TreeItem(
      ep.label,
      report?.servedChain.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = `endpoint:${ep.id}:${report?.checkedAt ?? ''}`;
    item.contextValue = 'certlens.endpoint';
    const tip = new vscode.MarkdownString(undefined, false);
    tip.appendText(`${ep.target}${ep.starttls ? ` (STARTTLS ${ep.starttls})` : ''}${ep.servername ? ` · SNI ${ep.servername}` : ''}\n`);
    if (st?.checking) {
      item.description = 'checking…';
      item.iconPath = new vscode.ThemeIcon('loading~spin');
    } else if (st?.error) {
      item.description = 'not checked';
      item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
      tip.appendText(st.error);
    } else if (report) {
      const leaf = report.servedChain[0];
      const left = leaf && leaf.role !== 'unparsable' ? this.countdownOf(leaf).text.split(' · ')[0] : undefined;
      const codes = [...new Set(report.problems.filter((p) => p.severity !== 'info').map((p) => p.code))];
      item.description = [left, report.error ? report.error.code : codes.join(', ')].filter(Boolean).join(' · ');
      item.iconPath = statusIcon(report.verdict.status);
      tip.appendText(`${report.verdict.text}\nchecked ${report.checkedAt}`);
      item.command = { title: 'Show report', command: 'certlens.showEndpointReport', arguments: [ep.id] };
    } else {
      item.description = ep.label === ep.target ? 'not checked yet' : `${ep.target} · not checked yet`;
      item.iconPath = new vscode.ThemeIcon('circle-large-outline');
    }
    item.tooltip = tip;
    return item;
  }

  private countdownOf(c: ReportedCertificate) {
    return countdown(new Date(c.notBefore), new Date(c.notAfter), this.clock.now(), Config.thresholds());
  }

  private certItem(c: ReportedCertificate): vscode.TreeItem {
    const item = new vscode.TreeItem(`#${c.index + 1} ${c.subject || '(unreadable)'}`, vscode.TreeItemCollapsibleState.None);
    if (c.role === 'unparsable') {
      item.description = 'cannot be decoded';
      item.iconPath = statusIcon('error');
      return item;
    }
    const cd = this.countdownOf(c);
    item.description = `${c.role} · ${cd.text.split(' · ')[0]}`;
    item.iconPath = statusIcon(cd.finding?.severity === 'error' ? 'error' : cd.finding ? 'warning' : 'ok');
    const tip = new vscode.MarkdownString(undefined, false);
    tip.appendText(`${c.subject}\nissued by ${c.issuer}\n${cd.text}\n${c.subjectAltNames.join(', ')}\nSHA-256 ${c.sha256}`);
    item.tooltip = tip;
    item.contextValue = 'certlens.endpointCertificate';
    return item;
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.changed.dispose();
  }
}

function statusIcon(status: 'ok' | 'warning' | 'error'): vscode.ThemeIcon {
  return new vscode.ThemeIcon(
    status === 'ok' ? 'pass' : status === 'warning' ? 'warning' : 'error',
    new vscode.ThemeColor(
      status === 'ok' ? 'testing.iconPassed' : status === 'warning' ? 'list.warningForeground' : 'list.errorForeground',
    ),
  );
}
