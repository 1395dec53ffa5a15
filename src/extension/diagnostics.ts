import * as vscode from 'vscode';
import type { FeatureContext } from './feature';
import type { FileReport } from '../core/analysis/file-report';
import { headSpan } from '../core/util/line-index';
import type { Problem, Severity } from '../core/types';
import { mapInTurns } from '../node/turns';
import { Analyses } from './analyses';
import { background } from './log';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/**
 * Turns a finding into a diagnostic. It squiggles the block's first line (the
 * `BEGIN` line, or the YAML key and value start), not the whole base64 body,
 * and links the whole block as related information.
 */
export function toDiagnostic(doc: vscode.TextDocument | undefined, p: Problem, report?: FileReport): vscode.Diagnostic {
  if (!doc) return Object.assign(new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), p.message, SEVERITY[p.severity]), meta(p));
  const text = report?.text ?? doc.getText();
  const head = headSpan(text, p.span);
  const range = new vscode.Range(doc.positionAt(head.start), doc.positionAt(head.end));
  const d = Object.assign(new vscode.Diagnostic(range, p.message, SEVERITY[p.severity]), meta(p));
  const item = p.item === undefined ? undefined : report?.items[p.item];
  const block = item?.span ?? p.span;
  if (block.end > head.end) {
    const full = new vscode.Range(doc.positionAt(block.start), doc.positionAt(block.end));
    d.relatedInformation = [new vscode.DiagnosticRelatedInformation(new vscode.Location(doc.uri, full), blockLabel(item?.label))];
  }
  return d;
}

function meta(p: Problem): Pick<vscode.Diagnostic, 'source' | 'code'> {
  return { source: 'certlens', code: p.code };
}

function blockLabel(label: string | undefined): string {
  return label ? `the ${label} block` : 'the block';
}

/** Publishes the report's findings of open documents (debounced per document). */
export function register({ reports }: FeatureContext): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('certlens');
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Publishes are numbered; the one each document shows: an older one finishing later drops its findings. */
  let runs = 0;
  const published = new Map<string, number>();

  const publish = async (doc: vscode.TextDocument) => {
    if (!Analyses.relevant(doc)) {
      collection.delete(doc.uri);
      return;
    }
    const version = doc.version;
    const key = doc.uri.toString();
    const run = ++runs;
    const report = await reports.forDocument(doc);
    // Another version, a close, or a newer publish of the same document already set (a whole file's after its window's).
    const superseded = () => version !== doc.version || doc.isClosed || (published.get(key) ?? 0) > run;
    if (superseded()) return;
    // A 20 MB bundle's findings: other work runs between every few thousand diagnostics.
    const diagnostics = await mapInTurns(report.findings, (p) => toDiagnostic(doc, p, report), superseded);
    if (!diagnostics || superseded()) return;
    published.set(key, run);
    collection.set(doc.uri, diagnostics);
  };
  const schedule = (doc: vscode.TextDocument, delay: number) => {
    const key = doc.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(
      key,
      setTimeout(() => void background('diagnostics', () => publish(doc)), delay),
    );
  };
  const all = () => vscode.workspace.textDocuments.forEach((d) => schedule(d, 0));

  all();
  return vscode.Disposable.from(
    collection,
    vscode.workspace.onDidOpenTextDocument((d) => schedule(d, 0)),
    vscode.workspace.onDidChangeTextDocument((e) => schedule(e.document, 250)),
    vscode.workspace.onDidCloseTextDocument((d) => {
      clearTimeout(timers.get(d.uri.toString()));
      published.delete(d.uri.toString());
      collection.delete(d.uri);
      reports.analyses.forget(d);
    }),
    reports.onDidChange(all),
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
  );
}
