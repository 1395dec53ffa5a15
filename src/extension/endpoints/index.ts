/**
 * Endpoint checks in the editor (issue 5): the "Check TLS Endpoint…"
 * command, the report webview, and the "Endpoints" view of
 * `certlens.endpoints` with optional periodic re-checks. Nothing connects
 * unless the user starts a check or configured an endpoint and an interval;
 * in restricted mode every entry point refuses before any I/O.
 */
import { redactUrlCredentials } from '../../core/util/redact-url';
import * as vscode from 'vscode';
import type { EndpointReport } from '../../core/tls/report-types';
import { mapOrdered } from '../../node/concurrency';
import { Config } from '../config';
import type { FeatureContext } from '../feature';
import { background, inTests, log, registerCommand } from '../log';
import { askOptions, askTarget, rememberTarget, requestFromArgs } from './check-command';
import { addEndpoint, editEndpoint, removeEndpoint, saveRequestAsEndpoint } from './manage';
import { askPkcs12Password } from './pick';
import { EndpointReportPanel } from './report-panel';
import { RestrictedModeError, runCheck, type CheckOutcome, type CheckRequest } from './runner';
import type { SavedEndpoint } from './settings';
import type { EndpointEntry } from './settings-edit';
import { EndpointTreeProvider, type EndpointNode, type EndpointState } from './tree';

export const ENDPOINTS_VIEW = 'certlens.endpoints';
const CHECK_ALL_CONCURRENCY = 4;

/** What the endpoints feature uses of the shared services. */
type EndpointsDeps = Pick<FeatureContext, 'analyses' | 'clock'> & {
  readonly extensionUri: vscode.Uri;
  readonly globalState: vscode.Memento;
};

/** For the integration tests: the last report of a saved endpoint. */
export interface EndpointsApi {
  lastEndpointReport(id: string): EndpointReport | undefined;
}

export class EndpointsFeature implements vscode.Disposable, EndpointsApi {
  private readonly passwords = new Map<string, string>();
  private readonly states = new Map<string, EndpointState>();
  private readonly tree: EndpointTreeProvider;
  private readonly panel: EndpointReportPanel;
  private readonly subscriptions: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;
  private lastProblems = '';

  constructor(private readonly deps: EndpointsDeps) {
    this.tree = new EndpointTreeProvider(
      () => this.saved(),
      (id) => this.states.get(id),
      deps.clock,
    );
    this.panel = new EndpointReportPanel(
      deps.extensionUri,
      deps.analyses,
      (req) => this.recheck(req),
      (req) => saveRequestAsEndpoint(req),
    );
    this.subscriptions.push(
      this.tree,
      this.panel,
      vscode.window.createTreeView(ENDPOINTS_VIEW, { treeDataProvider: this.tree }),
      registerCommand('certlens.checkEndpoint', (t?: unknown, o?: unknown) => this.checkEndpointCommand(t, o)),
      registerCommand('certlens.checkSavedEndpoint', (n?: unknown) => this.checkSavedCommand(n)),
      registerCommand('certlens.checkAllEndpoints', () => this.checkAllCommand()),
      registerCommand('certlens.addEndpoint', (entry?: unknown) => addEndpoint(this.deps.globalState, this.passwords, entry)),
      registerCommand('certlens.editEndpoint', async (n?: unknown, entry?: EndpointEntry) => {
        const ep = this.endpointFrom(n);
        return ep ? editEndpoint(ep, this.passwords, resolvePath, entry) : undefined;
      }),
      registerCommand('certlens.removeEndpoint', async (n?: unknown, confirmed?: unknown) => {
        const ep = this.endpointFrom(n);
        return ep ? removeEndpoint(ep, confirmed === true) : false;
      }),
      registerCommand('certlens.showEndpointReport', (id?: unknown) => this.showReport(id)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (Config.affects(e, 'endpoints') || Config.affects(e, 'endpointChecks')) {
          this.prune();
          this.tree.refresh();
          this.arm();
        } else if (e.affectsConfiguration('certlens.expiry')) this.tree.refresh();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        this.tree.refresh();
        this.arm();
      }),
    );
    this.arm();
  }

  lastEndpointReport(id: string): EndpointReport | undefined {
    return this.states.get(id)?.outcome?.report;
  }

  /** Valid saved endpoints; problems are logged once per change of the setting. */
  private saved(): { endpoints: SavedEndpoint[]; problems: string[] } {
    const s = Config.endpoints();
    const key = s.problems.join('\n');
    if (key !== this.lastProblems) {
      this.lastProblems = key;
      for (const p of s.problems) log().warn(p);
    }
    return s;
  }

  private prune(): void {
    const ids = new Set(this.saved().endpoints.map((e) => e.id));
    for (const id of [...this.states.keys()]) if (!ids.has(id)) this.states.delete(id);
  }

  /** Periodic re-checks only when `checkIntervalMinutes` > 0, the workspace is trusted and endpoints exist. */
  private arm(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    const minutes = Config.endpointIntervalMinutes();
    if (minutes <= 0 || !vscode.workspace.isTrusted || this.saved().endpoints.length === 0) return;
    const run = () => void background('periodic endpoint check', () => this.checkAll(false));
    this.timer = setInterval(run, minutes * 60_000);
    run();
  }

  /** User-started commands in restricted mode: one clear message, no I/O at all. */
  private refuse(): undefined {
    const err = new RestrictedModeError();
    log().info(err.message);
    if (inTests()) throw err;
    void vscode.window.showWarningMessage(`CertLens: ${err.message}.`, 'Manage Workspace Trust').then((c) => {
      if (c) void vscode.commands.executeCommand('workbench.trust.manage');
    });
    return undefined;
  }

  private noneConfigured(): undefined {
    if (!inTests()) {
      void vscode.window.showInformationMessage('CertLens: no endpoint is saved yet.', 'Add Endpoint…').then((c) => {
        if (c) void vscode.commands.executeCommand('certlens.addEndpoint');
      });
    }
    return undefined;
  }

  private async checkEndpointCommand(target?: unknown, options?: unknown): Promise<EndpointReport | undefined> {
    if (!vscode.workspace.isTrusted) return this.refuse();
    let req = requestFromArgs(target, options);
    if (!req) {
      const typed = await askTarget(this.deps.globalState);
      if (!typed) return undefined;
      req = await askOptions(typed, this.passwords);
      if (!req) return undefined;
    }
    return (await this.check(req, { remember: true, show: true })).report;
  }

  /** One user-started check with progress; ends in one message when it failed. */
  private async check(request: CheckRequest, how: { remember: boolean; show: boolean }): Promise<CheckOutcome> {
    // Credentials in a target URL stay out of the progress title, the history and the report.
    const req = { ...request, target: redactUrlCredentials(request.target) };
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `CertLens: checking ${req.target}…` },
      () => runCheck(req),
    );
    if (how.remember) await rememberTarget(this.deps.globalState, req.target);
    if (how.show) this.panel.show(outcome);
    this.announce(outcome.report, how.show);
    return outcome;
  }

  /** The one message that ends a user-started check (STYLE.md §6); an open report says the rest. */
  private announce(report: EndpointReport, reportShown: boolean, endpointId?: string): void {
    if (inTests()) return;
    const text = `CertLens: ${report.verdict.text}`;
    if (reportShown && !report.error) {
      void vscode.window.setStatusBarMessage(text, 8000);
      return;
    }
    const actions = reportShown || !endpointId ? ['Show Log'] : ['Show Report', 'Show Log'];
    const status = report.error ? 'error' : report.verdict.status;
    const fn =
      status === 'ok'
        ? vscode.window.showInformationMessage
        : status === 'warning'
          ? vscode.window.showWarningMessage
          : vscode.window.showErrorMessage;
    void fn(text, ...actions).then((c) => {
      if (c === 'Show Report') void vscode.commands.executeCommand('certlens.showEndpointReport', endpointId);
      else if (c === 'Show Log') log().show();
    });
  }

  /** "Check again" in a report: a saved endpoint goes through the tree's state, anything else is a plain check. */
  private async recheck(req: CheckRequest): Promise<CheckOutcome | undefined> {
    if (!vscode.workspace.isTrusted) return this.refuse();
    const ep = this.saved().endpoints.find((e) => e.target === req.target && (e.label === req.name || (!req.name && e.label === e.target)));
    return ep ? this.checkSaved(ep, true) : this.check(req, { remember: false, show: false });
  }

  private endpointFrom(n: unknown): SavedEndpoint | undefined {
    const id =
      typeof n === 'string'
        ? n
        : (n as EndpointNode | undefined)?.kind === 'endpoint'
          ? (n as Extract<EndpointNode, { kind: 'endpoint' }>).endpoint.id
          : undefined;
    return this.saved().endpoints.find((e) => e.id === id);
  }

  private async checkSavedCommand(n?: unknown): Promise<EndpointReport | undefined> {
    if (!vscode.workspace.isTrusted) return this.refuse();
    let ep = this.endpointFrom(n);
    if (!ep) {
      const all = this.saved().endpoints;
      if (!all.length) return this.noneConfigured();
      const pick = await vscode.window.showQuickPick(
        all.map((e) => ({ label: e.label, description: e.target, e })),
        { title: 'Check a saved endpoint' },
      );
      if (!pick) return undefined;
      ep = pick.e;
    }
    const outcome = await this.checkSaved(ep, true);
    // "Check Now" shows its report: in the target's one panel, reused on every re-check.
    if (outcome) this.panel.show(outcome);
    if (outcome) this.announce(outcome.report, true, ep.id);
    return outcome?.report;
  }

  private async checkAllCommand(): Promise<void> {
    if (!vscode.workspace.isTrusted) return this.refuse();
    const all = this.saved().endpoints;
    if (!all.length) return this.noneConfigured();
    const outcomes = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `CertLens: checking ${all.length} endpoint(s)…` },
      () => this.checkAll(true),
    );
    const count = (s: string) => outcomes.filter((o) => o.status === s).length;
    const text = `CertLens: checked ${all.length} endpoint(s): ${count('ok')} OK, ${count('warning')} with warnings, ${count('error')} with errors.`;
    if (inTests()) return;
    if (count('error')) void vscode.window.showErrorMessage(text, 'Show Log').then((c) => c && log().show());
    else void vscode.window.showInformationMessage(text);
  }

  /** Checks every saved endpoint (at most 4 at once); never throws. */
  private async checkAll(userStarted: boolean): Promise<Array<{ id: string; status: 'ok' | 'warning' | 'error' }>> {
    if (!vscode.workspace.isTrusted) return [];
    const out: Array<{ id: string; status: 'ok' | 'warning' | 'error' }> = [];
    for await (const r of mapOrdered(this.saved().endpoints, CHECK_ALL_CONCURRENCY, async (ep) => {
      try {
        const o = await this.checkSaved(ep, userStarted);
        return { id: ep.id, status: o?.report.verdict.status ?? 'error' };
      } catch {
        return { id: ep.id, status: 'error' as const };
      }
    }))
      out.push(r);
    return out;
  }

  /** Checks one saved endpoint and records the result for the tree; rethrows setup errors when the user started it. */
  private async checkSaved(ep: SavedEndpoint, userStarted: boolean): Promise<CheckOutcome | undefined> {
    const prior = this.states.get(ep.id);
    this.states.set(ep.id, { ...prior, checking: true });
    this.tree.refresh();
    try {
      const req = await this.requestFor(ep, userStarted);
      if (!req) {
        this.states.set(ep.id, { ...prior, checking: false });
        return undefined;
      }
      const outcome = await runCheck(req);
      this.states.set(ep.id, { outcome, checking: false });
      this.panel.update(outcome);
      return outcome;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.states.set(ep.id, { error: message, checking: false });
      log().error(`${ep.label}: ${message}`);
      if (userStarted) throw e;
      return undefined;
    } finally {
      this.tree.refresh();
    }
  }

  private async requestFor(ep: SavedEndpoint, userStarted: boolean): Promise<CheckRequest | undefined> {
    let client: CheckRequest['client'];
    if (ep.pfx) {
      const pfx = resolvePath(ep.pfx);
      let passphrase = this.passwords.get(pfx.toString());
      if (passphrase === undefined) {
        if (!userStarted) throw new Error(`the PKCS#12 password for ${ep.pfx} is needed: use "Check now" on this endpoint`);
        passphrase = await askPkcs12Password(pfx);
        if (passphrase === undefined) return undefined;
        this.passwords.set(pfx.toString(), passphrase);
      }
      client = { kind: 'pfx', pfx, passphrase };
    } else if (ep.clientCert && ep.clientKey) client = { kind: 'pem', cert: resolvePath(ep.clientCert), key: resolvePath(ep.clientKey) };
    return {
      target: ep.target,
      ...(ep.label !== ep.target ? { name: ep.label } : {}),
      ...(ep.servername ? { servername: ep.servername } : {}),
      ...(ep.starttls ? { starttls: ep.starttls } : {}),
      ...(ep.alpn?.length ? { alpn: ep.alpn } : {}),
      ...(client ? { client } : {}),
      ...(ep.anchors?.length ? { anchors: ep.anchors.map(resolvePath) } : {}),
    };
  }

  private showReport(id?: unknown): void {
    const outcome = typeof id === 'string' ? this.states.get(id)?.outcome : undefined;
    if (outcome) this.panel.show(outcome);
    else if (!inTests())
      void vscode.window.showInformationMessage('CertLens: this endpoint has not been checked yet. Use "Check Now" in the Endpoints view.');
  }

  dispose(): void {
    clearInterval(this.timer);
    this.subscriptions.forEach((s) => s.dispose());
    this.passwords.clear();
  }
}

/** Workspace-relative (first folder) or absolute; `${workspaceFolder}/` is accepted. */
export function resolvePath(p: string): vscode.Uri {
  const path = p.replace(/^\$\{workspaceFolder\}[\\/]/, '');
  if (/^([a-z]:)?[\\/]/i.test(path)) return vscode.Uri.file(path);
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error(`${p}: a relative path needs an open workspace folder`);
  return vscode.Uri.joinPath(folder.uri, path);
}

/** The endpoints feature: its commands, view and periodic checks; the result also answers `lastEndpointReport`. */
export function register(ctx: FeatureContext): vscode.Disposable & EndpointsApi {
  const { extension, analyses, clock } = ctx;
  return new EndpointsFeature({ extensionUri: extension.extensionUri, globalState: extension.globalState, analyses, clock });
}
