/** "CertLens: Export Certificate Report…": the workspace's fleet report as HTML, Markdown, CSV, JSON, SARIF or OpenMetrics. */
import * as vscode from 'vscode';
import { formatCsv } from '../../core/report/csv';
import { formatHtml } from '../../core/report/html-report';
import { formatMarkdown } from '../../core/report/markdown';
import { formatOpenMetrics } from '../../core/report/openmetrics';
import type { ScanReport } from '../../core/report/scan-report';
import { registerCommand } from '../log';
import type { FleetModel } from './fleet-model';

const FORMATS: ReadonlyArray<{ label: string; ext: string; render: (r: ScanReport) => string }> = [
  { label: 'HTML (self-contained, with timeline)', ext: 'html', render: (r) => formatHtml(r) },
  { label: 'Markdown', ext: 'md', render: formatMarkdown },
  { label: 'CSV', ext: 'csv', render: formatCsv },
  { label: 'OpenMetrics (x509-certificate-exporter names)', ext: 'prom', render: formatOpenMetrics },
  { label: 'JSON (report model)', ext: 'json', render: (r) => `${JSON.stringify(r, null, 2)}\n` },
];

export function registerExportReport(model: FleetModel): vscode.Disposable {
  return registerCommand('certlens.exportReport', async () => {
    const format = await vscode.window.showQuickPick(
      FORMATS.map((f) => ({ label: f.label, format: f })),
      { title: 'Export Certificate Report', placeHolder: 'Format' },
    );
    if (!format) return;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      title: 'Export Certificate Report',
      ...(folder && { defaultUri: vscode.Uri.joinPath(folder, `certificate-report.${format.format.ext}`) }),
      filters: { [format.format.ext.toUpperCase()]: [format.format.ext] },
    });
    if (!target) return;
    const { report } = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'CertLens: building the certificate report…' },
      () => model.get(),
    );
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(format.format.render(report)));
    const open = await vscode.window.showInformationMessage(
      `CertLens: report of ${report.certificates.length} certificate(s) written to ${vscode.workspace.asRelativePath(target)}`,
      'Open',
    );
    if (open) await vscode.commands.executeCommand('vscode.open', target);
  });
}
