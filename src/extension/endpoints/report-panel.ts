/**
 * `EndpointReportPanel`: one webview per checked target, created on first
 * use, strict CSP with a nonce (the HTML comes from the pure
 * `renderEndpointHtml`). Answers the webview's typed messages: check again,
 * save the served chain, compare with a workspace file, show the log.
 */
import * as vscode from 'vscode';
import { certificateMaterial, compareWithServed, type FileMaterial } from '../../core/tls/compare';
import { servedChainToPem } from '../../core/tls/served-cert';
import { parseTarget } from '../../core/tls/target';
import type { Analyses } from '../analyses';
import { command, log } from '../log';
import { renderEndpointHtml, type EndpointViewModel } from '../webview/endpoint-html';
import { pageResources } from '../webview/resources';
import { parseEndpointMessage } from '../webview/endpoint-protocol';
import { ANY_CERT_OR_KEY_GLOB, pickWorkspaceFile } from './pick';
import type { CheckOutcome, CheckRequest } from './runner';

interface Entry {
  readonly panel: vscode.WebviewPanel;
  outcome: CheckOutcome;
  compare?: EndpointViewModel['compare'];
  checking: boolean;
  readonly subscriptions: vscode.Disposable[];
}

/** Runs a user-started re-check; resolves to undefined when it was cancelled. Errors propagate to the message wrapper. */
export type Recheck = (request: CheckRequest) => Promise<CheckOutcome | undefined>;

export class EndpointReportPanel implements vscode.Disposable {
  private readonly panels = new Map<string, Entry>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly analyses: Analyses,
    private readonly recheck: Recheck,
    private readonly saveAsEndpoint?: (request: CheckRequest) => Promise<unknown>,
  ) {}

  /**
   * One panel per target: the same host, port, SNI and STARTTLS reuse it
   * whether checked ad hoc, from the Endpoints view or by "Check again".
   */
  private static key(req: CheckRequest): string {
    const t = parseTarget(req.target, req.starttls ? { starttls: req.starttls } : {});
    const where = t.ok ? `${t.target.host.toLowerCase()}:${t.target.port}` : req.target;
    const starttls = req.starttls ?? (t.ok ? t.target.starttls : undefined);
    return JSON.stringify([where, req.servername ?? '', starttls ?? '']);
  }

  show(outcome: CheckOutcome): vscode.WebviewPanel {
    const key = EndpointReportPanel.key(outcome.request);
    let entry = this.panels.get(key);
    if (!entry) {
      const media = vscode.Uri.joinPath(this.extensionUri, 'media');
      const panel = vscode.window.createWebviewPanel('certlens.endpointReport', 'TLS', vscode.ViewColumn.Active, {
        enableScripts: true,
        localResourceRoots: [media],
      });
      const created: Entry = { panel, outcome, checking: false, subscriptions: [] };
      created.subscriptions.push(
        panel.webview.onDidReceiveMessage(command('endpoint report message', (raw: unknown) => this.onMessage(created, raw))),
        panel.onDidDispose(() => {
          created.subscriptions.forEach((s) => s.dispose());
          if (this.panels.get(key) === created) this.panels.delete(key);
        }),
      );
      this.panels.set(key, created);
      entry = created;
    }
    entry.outcome = outcome;
    entry.compare = undefined;
    this.render(entry);
    entry.panel.reveal(undefined, false);
    return entry.panel;
  }

  /** Refreshes an open panel for the same request (periodic and tree checks); never opens one. */
  update(outcome: CheckOutcome): void {
    const entry = this.panels.get(EndpointReportPanel.key(outcome.request));
    if (!entry || entry.checking) return;
    entry.outcome = outcome;
    entry.compare = undefined;
    this.render(entry);
  }

  /** The report currently shown for a request (integration tests). */
  current(request: CheckRequest): CheckOutcome | undefined {
    return this.panels.get(EndpointReportPanel.key(request))?.outcome;
  }

  private render(e: Entry): void {
    const webview = e.panel.webview;
    const r = e.outcome.report;
    const where = `${r.host.includes(':') ? `[${r.host}]` : r.host}:${r.port}`;
    e.panel.title = `TLS: ${e.outcome.request.name ?? where}`;
    webview.html = renderEndpointHtml(
      { report: r, options: e.outcome.options, ...(e.compare ? { compare: e.compare } : {}), checking: e.checking },
      pageResources(webview, this.extensionUri, 'endpoint'),
    );
  }

  private async onMessage(e: Entry, raw: unknown): Promise<void> {
    const m = parseEndpointMessage(raw);
    if (!m) return;
    if (m.type === 'showLog') log().show();
    else if (m.type === 'saveChain') await saveServedChain(e.outcome);
    else if (m.type === 'saveEndpoint') await this.saveAsEndpoint?.(e.outcome.request);
    else if (m.type === 'compare') {
      const uri = await pickWorkspaceFile('Compare the served certificate with a workspace file', ANY_CERT_OR_KEY_GLOB);
      if (!uri) return;
      e.compare = await compareOutcomeWithFile(e.outcome, uri, this.analyses);
      this.render(e);
    } else if (m.type === 'recheck' && !e.checking) {
      e.checking = true;
      this.render(e);
      try {
        const next = await this.recheck(e.outcome.request);
        if (next) e.outcome = next;
      } finally {
        e.checking = false;
        e.compare = undefined;
        this.render(e);
      }
    }
  }

  dispose(): void {
    for (const e of [...this.panels.values()]) e.panel.dispose();
    this.panels.clear();
  }
}

/** "Save served chain to workspace": PEM, in served order, through a save dialog (or to `target`). */
export async function saveServedChain(outcome: CheckOutcome, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const chain = outcome.probe.servedChain;
  if (!chain.length) throw new Error('the endpoint served no certificate to save');
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = `${outcome.report.host.replace(/[^a-z0-9.-]/gi, '_')}-${outcome.report.port}-served-chain.pem`;
  const dest =
    target ??
    (await vscode.window.showSaveDialog({
      title: 'Save the served chain (PEM, in the order the server sent it)',
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
      filters: { PEM: ['pem', 'crt'] },
    }));
  if (!dest) return undefined;
  await vscode.workspace.fs.writeFile(dest, new TextEncoder().encode(servedChainToPem(chain)));
  log().info(`saved the served chain of ${outcome.report.target} (${chain.length} certificates) to ${dest.toString()}`);
  if (!target)
    void vscode.window.showInformationMessage(
      `CertLens: saved ${chain.length} served certificate(s) to ${vscode.workspace.asRelativePath(dest, false)}.`,
    );
  return dest;
}

/** "Compare with a workspace file": by fingerprint and SPKI, certificates and keys alike. */
export async function compareOutcomeWithFile(
  outcome: CheckOutcome,
  uri: vscode.Uri,
  analyses: Analyses,
): Promise<NonNullable<EndpointViewModel['compare']>> {
  const file = vscode.workspace.asRelativePath(uri, false);
  let a = await analyses.forUri(uri);
  const locked = a?.decoded.items.some((i) => i.kind === 'pkcs12' && (i.status === 'needs-password' || i.status === 'wrong-password'));
  if (locked) {
    await vscode.commands.executeCommand('certlens.unlockPkcs12', uri);
    a = await analyses.forUri(uri);
  }
  if (!a) throw new Error(`cannot read ${file}`);
  const items = a.decoded.items;
  const certs = await certificateMaterial(items.flatMap((it, index) => (it.kind === 'certificate' ? [{ index, der: it.der }] : [])));
  const keys: FileMaterial[] = items.flatMap((it, index) =>
    (it.kind === 'private-key' || it.kind === 'public-key') && it.key.spkiSha256
      ? [{ kind: 'key' as const, index, spkiSha256: it.key.spkiSha256 }]
      : [],
  );
  const result = compareWithServed([...certs, ...keys], outcome.report.servedChain);
  log().info(`compare ${outcome.report.target} with ${file}: ${result.text}`);
  return { file, verdict: result.verdict, text: result.text };
}
