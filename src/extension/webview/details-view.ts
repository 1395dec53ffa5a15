import * as vscode from 'vscode';
import { toPem } from '../../core/pem/base64';
import { crtShLinks } from '../../core/format/crtsh';
import { describeItem } from '../../core/format/describe';
import { listExtensions } from '../../core/x509/extension-details';
import type { FileReport } from '../../core/analysis/file-report';
import type { Analyses, FileAnalysis } from '../analyses';
import type { FileReports } from '../reports';
import { Config } from '../config';
import { background, command } from '../log';
import { renderDetailsHtml, unlockNotice, type DetailsModel } from './details-html';
import { pageResources } from './resources';
import { parseMessage } from './protocol';

const EXPORT_LABEL: Record<string, string> = { certificate: 'CERTIFICATE', csr: 'CERTIFICATE REQUEST', crl: 'X509 CRL' };

export function buildModel(a: FileAnalysis, report: FileReport, now: Date, selected?: number): DetailsModel {
  const thresholds = Config.thresholds(a.uri);
  const notice = unlockNotice(a.decoded.items);
  const revocation = new Map(report.revocation.map((s) => [s.ref.index, s]));
  const verdicts = new Map(report.verdicts.map((v) => [v.ref.index, v]));
  const links = Config.crtShLinks(a.uri);
  const fileFindings = report.findings.filter((p) => p.item === undefined);
  return {
    ...(notice !== undefined && { locked: true, lockedNotice: notice }),
    fileName: vscode.workspace.asRelativePath(a.uri, false),
    ...(selected !== undefined && { selected }),
    entries: report.items.map((item, i) => {
      const r = revocation.get(i);
      const v = verdicts.get(i);
      const status = report.statuses[i];
      const findings = report.findings.filter((p) => p.item === i).map(({ severity, code, message }) => ({ severity, code, message }));
      return {
        description: describeItem(item, { now, thresholds }),
        extensions: item.kind === 'certificate' ? listExtensions(item.der) : [],
        exportable: item.kind in EXPORT_LABEL,
        ...(links && item.kind === 'certificate' && { links: crtShLinks(item) }),
        ...(r && { revocation: { state: r.state, text: r.text } }),
        ...(status && { status }),
        ...(v && { chain: { ok: v.ok, text: v.text } }),
        ...(findings.length > 0 && { findings }),
      };
    }),
    problems: fileFindings,
  };
}

/**
 * Wires a webview to one file: renders the details with a strict CSP,
 * re-renders when the analysis or the clock changes, and answers the
 * webview's typed messages.
 */
export function bindDetailsWebview(
  webview: vscode.Webview,
  extensionUri: vscode.Uri,
  uri: vscode.Uri,
  reports: FileReports,
  getSelected: () => number | undefined,
): vscode.Disposable {
  const { analyses } = reports;
  const media = vscode.Uri.joinPath(extensionUri, 'media');
  webview.options = { enableScripts: true, localResourceRoots: [media] };
  const render = () =>
    background('details view', async () => {
      const a = await analyses.forUri(uri);
      if (!a) {
        webview.html = '<!DOCTYPE html><html><body><p>Cannot read this file.</p></body></html>';
        return;
      }
      const report = await reports.forAnalysis(a);
      webview.html = renderDetailsHtml(
        buildModel(a, report, reports.clock.now(), getSelected()),
        pageResources(webview, extensionUri, 'details'),
      );
    });
  void render();
  const onMessage = command('details message', async (raw: unknown) => {
    const m = parseMessage(raw);
    if (!m) return;
    if (m.type === 'copy') {
      await vscode.env.clipboard.writeText(m.text);
      void vscode.window.setStatusBarMessage('CertLens: copied', 2000);
    } else if (m.type === 'export') {
      await exportItem(analyses, uri, m.index, m.format);
    } else if (m.type === 'unlock') {
      await vscode.commands.executeCommand('certlens.unlockPkcs12', uri);
    } else if (m.type === 'openLink') {
      // parseMessage let only crt.sh look-ups by hash through; the user clicked the button.
      await vscode.env.openExternal(vscode.Uri.parse(m.url, true));
    }
  });
  return vscode.Disposable.from(
    webview.onDidReceiveMessage(onMessage),
    reports.onDidChange(() => void render()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (Config.affects(e, 'links')) void render();
    }),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document.uri.toString() === uri.toString()) void render();
    }),
  );
}

/** "Export as PEM / DER": certificates, CSRs and CRLs only, never keys. */
export async function exportItem(
  analyses: Analyses,
  uri: vscode.Uri,
  index: number,
  format: 'pem' | 'der',
  target?: vscode.Uri,
): Promise<vscode.Uri | undefined> {
  const a = await analyses.forUri(uri);
  const item = a?.decoded.items[index];
  if (!item) throw new Error(`no block ${index + 1} in ${uri.fsPath}`);
  const label = EXPORT_LABEL[item.kind];
  if (!label) throw new Error(`a ${item.kind} block cannot be exported`);
  const base = uri.path.replace(/\.[^/.]*$/, '');
  const suffix = a.decoded.items.length > 1 ? `-${index + 1}` : '';
  const dest =
    target ??
    (await vscode.window.showSaveDialog({
      defaultUri: uri.with({ path: `${base}${suffix}.${format === 'pem' ? 'pem' : 'der'}` }),
      filters: format === 'pem' ? { PEM: ['pem', 'crt'] } : { DER: ['der', 'cer'] },
    }));
  if (!dest) return undefined;
  const bytes = format === 'pem' ? new TextEncoder().encode(toPem(label, item.der)) : item.der;
  await vscode.workspace.fs.writeFile(dest, bytes);
  return dest;
}
