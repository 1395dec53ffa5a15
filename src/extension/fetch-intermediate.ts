import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FeatureContext } from './feature';
import { toPem } from '../core/pem/base64';
import { decodeBinary } from '../core/analysis/decode';
import { fetchCaIssuers } from '../node/aia-fetch';
import { headSpan } from '../core/util/line-index';
import type { FileReports } from './reports';
import { registerCommand } from './log';

export const FETCH_COMMAND = 'certlens.fetchMissingIntermediate';

/**
 * "Fetch missing intermediate": an explicit user action only, never run in
 * the background; refused in restricted mode. Downloads the AIA caIssuers
 * URL (http:, ≤ 1 MiB, bounded time), shows the certificate(s) as PEM and
 * offers to save them next to the file.
 */
export function register({ reports }: FeatureContext): vscode.Disposable {
  return vscode.Disposable.from(
    registerCommand(FETCH_COMMAND, async (u?: unknown, url?: unknown) => {
      if (!vscode.workspace.isTrusted) throw new Error('fetching intermediates is disabled in restricted mode; trust the workspace first');
      const uri = u instanceof vscode.Uri ? u : typeof u === 'string' ? vscode.Uri.parse(u) : vscode.window.activeTextEditor?.document.uri;
      if (!uri || typeof url !== 'string') throw new Error('run this from the quick fix on a chain-missing-intermediate problem');
      const bytes = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `CertLens: fetching ${url}` },
        () => fetchCaIssuers(url),
      );
      const decoded = await decodeBinary(bytes);
      const certs = decoded.items.filter((i) => i.kind === 'certificate');
      if (certs.length === 0) throw new Error(`${url} did not return a certificate (DER or PKCS#7)`);
      const pem = certs.map((c) => toPem('CERTIFICATE', c.der)).join('');
      const doc = await vscode.workspace.openTextDocument({ language: 'pem', content: pem });
      await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
      const first = certs[0]!;
      const base =
        first.kind === 'certificate'
          ? first.certificate.subjectLabel.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-|-$/g, '') || 'intermediate'
          : 'intermediate';
      const target = vscode.Uri.file(path.join(path.dirname(uri.fsPath), `${base}.pem`));
      const choice = await vscode.window.showInformationMessage(
        `Save ${certs.length} certificate(s) from ${url} as ${vscode.workspace.asRelativePath(target)}?`,
        'Save',
        'Cancel',
      );
      if (choice !== 'Save') return;
      const exists = await vscode.workspace.fs.stat(target).then(
        () => true,
        () => false,
      );
      if (
        exists &&
        (await vscode.window.showWarningMessage(
          `${vscode.workspace.asRelativePath(target)} exists. Overwrite?`,
          { modal: true },
          'Overwrite',
        )) !== 'Overwrite'
      )
        return;
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(pem));
      reports.analyses.invalidate(target);
    }),
    vscode.languages.registerCodeActionsProvider([{ scheme: 'file' }], new MissingIntermediateActions(reports), {
      providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
    }),
  );
}

/** Offers the fetch on `chain-missing-intermediate` diagnostics whose certificate names an AIA URL. */
export class MissingIntermediateActions implements vscode.CodeActionProvider {
  constructor(private readonly reports: FileReports) {}

  async provideCodeActions(
    doc: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): Promise<vscode.CodeAction[]> {
    const diags = context.diagnostics.filter((d) => d.source === 'certlens' && d.code === 'chain-missing-intermediate');
    if (diags.length === 0 || !vscode.workspace.isTrusted) return [];
    const report = await this.reports.forDocument(doc);
    const out: vscode.CodeAction[] = [];
    for (const d of diags) {
      const start = doc.offsetAt(d.range.start);
      const p = report.findings.find((x) => x.code === 'chain-missing-intermediate' && headSpan(report.text ?? '', x.span).start === start);
      const urls = (p?.data?.['caIssuers'] as string[] | undefined) ?? [];
      for (const url of urls.filter((x) => x.startsWith('http:'))) {
        const action = new vscode.CodeAction(`Fetch missing intermediate from ${url}`, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [d];
        action.command = { title: action.title, command: FETCH_COMMAND, arguments: [doc.uri, url] };
        out.push(action);
      }
    }
    return out;
  }
}
