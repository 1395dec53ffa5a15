import * as vscode from 'vscode';
import type { Problem, Severity } from '../core/types';
import { Analyses, type FileAnalysis } from './analyses';
import type { Clock } from './clock';
import { Config } from './config';
import { background } from './log';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** Turns core problems into diagnostics on the block's exact range. */
export function toDiagnostic(doc: vscode.TextDocument | undefined, p: Problem): vscode.Diagnostic {
  const range = doc ? new vscode.Range(doc.positionAt(p.span.start), doc.positionAt(p.span.end)) : new vscode.Range(0, 0, 0, 0);
  const d = new vscode.Diagnostic(range, p.message, SEVERITY[p.severity]);
  d.source = 'certlens';
  d.code = p.code;
  return d;
}

/** Publishes certificate diagnostics for open documents (debounced per document). */
export function registerDiagnostics(analyses: Analyses, clock: Clock): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('certlens');
  const timers = new Map<string, ReturnType<typeof setTimeout>>();

  const publish = async (doc: vscode.TextDocument) => {
    if (!Analyses.relevant(doc)) {
      collection.delete(doc.uri);
      return;
    }
    const a: FileAnalysis = await analyses.forDocument(doc);
    if (a.version !== doc.version || doc.isClosed) return; // superseded
    collection.set(doc.uri, analyses.problems(a, clock.now()).map((p) => toDiagnostic(doc, p)));
  };
  const schedule = (doc: vscode.TextDocument, delay: number) => {
    const key = doc.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(key, setTimeout(() => void background('diagnostics', () => publish(doc)), delay));
  };
  const all = () => vscode.workspace.textDocuments.forEach((d) => schedule(d, 0));

  all();
  return vscode.Disposable.from(
    collection,
    vscode.workspace.onDidOpenTextDocument((d) => schedule(d, 0)),
    vscode.workspace.onDidChangeTextDocument((e) => schedule(e.document, 250)),
    vscode.workspace.onDidCloseTextDocument((d) => {
      clearTimeout(timers.get(d.uri.toString()));
      collection.delete(d.uri);
      analyses.forget(d);
    }),
    analyses.onDidChange(all),
    clock.onDidTick(all),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (Config.affects(e, 'expiry') || Config.affects(e, 'diagnostics')) all();
    }),
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
  );
}
