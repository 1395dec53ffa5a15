import * as vscode from 'vscode';
import type { FeatureContext } from './feature';
import { describeHeadline } from '../core/format/describe';
import { mapInTurns } from '../node/turns';
import type { Analyses } from './analyses';
import type { Clock } from './clock';
import { planOutline } from './outline-cap';

const KIND: Record<string, vscode.SymbolKind> = {
  certificate: vscode.SymbolKind.Class,
  csr: vscode.SymbolKind.Interface,
  crl: vscode.SymbolKind.Array,
  unknown: vscode.SymbolKind.Object,
};

/** Outline and breadcrumbs: one symbol per block, up to OUTLINE_CAP, then one for the rest. */
export class CertificateSymbolProvider implements vscode.DocumentSymbolProvider {
  constructor(
    private readonly analyses: Analyses,
    private readonly clock: Clock,
  ) {}

  async provideDocumentSymbols(doc: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.DocumentSymbol[]> {
    // VS Code caches the outline per document version: a big file's symbols wait for its whole decode.
    const a = await this.analyses.wholeDocument(doc);
    const now = this.clock.now();
    const items = a.decoded.items;
    const plan = planOutline(items);
    const symbols = await mapInTurns(
      plan.shown < items.length ? items.slice(0, plan.shown) : items,
      (item) => {
        const d = describeHeadline(item, { now });
        const range = new vscode.Range(doc.positionAt(item.span.start), doc.positionAt(item.span.end));
        return new vscode.DocumentSymbol(d.title, d.status ?? '', KIND[item.kind] ?? vscode.SymbolKind.Object, range, range);
      },
      () => token.isCancellationRequested,
    );
    if (!symbols) return [];
    if (plan.rest) {
      const { name, detail, span } = plan.rest;
      const range = new vscode.Range(doc.positionAt(span.start), doc.positionAt(span.end));
      // Chosen in the outline, it goes to the first item it stands for.
      symbols.push(new vscode.DocumentSymbol(name, detail, vscode.SymbolKind.Namespace, range, range.with({ end: range.start })));
    }
    return symbols;
  }
}

/** Outline and breadcrumbs for PEM files. */
export function register(ctx: FeatureContext): vscode.Disposable {
  return vscode.languages.registerDocumentSymbolProvider({ language: 'pem' }, new CertificateSymbolProvider(ctx.analyses, ctx.clock));
}
