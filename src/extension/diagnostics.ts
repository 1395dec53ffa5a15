import * as vscode from 'vscode';
import type { Problem, Severity } from '../core/types';
import { Analyses, type FileAnalysis } from './analyses';
import type { WorkspaceChainService } from './chains';
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
export function registerDiagnostics(analyses: Analyses, clock: Clock, chains?: WorkspaceChainService): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('certlens');
  const timers = new Map<string, ReturnType<typeof setTimeout>>();

  const publish = async (doc: vscode.TextDocument) => {
    if (!Analyses.relevant(doc)) {
      collection.delete(doc.uri);
      return;
    }
    const a: FileAnalysis = await analyses.forDocument(doc);
    if (a.version !== doc.version || doc.isClosed) return; // superseded
    const now = clock.now();
    const disabled = Config.disabledCodes(doc.uri);
    const extra = chains ? await chains.forAnalysis(a, now) : undefined;
    if (a.version !== doc.version || doc.isClosed) return;
    const chainProblems: Problem[] = extra
      ? [...extra.chains.problems, ...extra.keyProblems, ...extra.revocation.problems].filter((p) => !disabled.has(p.code))
      : [];
    // After the chain service: it loads the trust store, whose roots the profile lint exempts.
    collection.set(
      doc.uri,
      [...analyses.problems(a, now), ...chainProblems].map((p) => toDiagnostic(doc, p)),
    );
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
      collection.delete(d.uri);
      analyses.forget(d);
    }),
    analyses.onDidChange(all),
    ...(chains ? [chains.onDidChange(all)] : []),
    clock.onDidTick(all),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (Config.affects(e, 'expiry') || Config.affects(e, 'diagnostics')) all();
    }),
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
  );
}
