import * as vscode from 'vscode';
import { ALL_TEXT, type FeatureContext } from './feature';
import { crtShLinks } from '../core/format/crtsh';
import { describeItem, type Description } from '../core/format/describe';
import { statusHeadline, statusIcon } from '../core/analysis/status';
import { Analyses } from './analyses';
import type { TlsSecretSummary } from '../core/k8s/tls-secret';
import { Config } from './config';
import type { FileReports } from './reports';

/** Decoded fields when hovering anywhere in a block. */
export class CertificateHoverProvider implements vscode.HoverProvider {
  constructor(private readonly reports: FileReports) {}

  async provideHover(doc: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    if (!Analyses.relevant(doc)) return undefined;
    const report = await this.reports.forDocument(doc);
    const offset = doc.offsetAt(position);
    const hits = report.items
      .map((item, index) => ({ item, index }))
      .filter(({ item }) => item.span.start <= offset && offset <= item.span.end);
    const secret = report.secrets?.find((s) => s.span.start <= offset && offset <= s.span.end);
    if (hits.length === 0) return secret && secretHover(doc, secret);
    const md = new vscode.MarkdownString(undefined, true);
    // Trust only the one command link; the https crt.sh links need none.
    md.isTrusted = { enabledCommands: ['certlens.showDetails'] };
    const opts = { now: this.reports.clock.now(), thresholds: Config.thresholds(doc.uri) };
    const links = Config.crtShLinks(doc.uri);
    hits.forEach(({ item, index }, i) => {
      if (i > 0) md.appendMarkdown('\n\n---\n\n');
      const status = report.statuses[index];
      if (status) md.appendMarkdown(`$(${statusIcon(status)}) **${statusHeadline(status) ?? status.toUpperCase()}** · `);
      appendDescription(md, describeItem(item, opts));
      const args = encodeURIComponent(JSON.stringify([doc.uri.toString(), index]));
      md.appendMarkdown(`\n\n[Show details](command:certlens.showDetails?${args})`);
      // A link in a hover opens only on a click: the network is touched on explicit user action.
      const crtSh = links ? crtShLinks(item)[0] : undefined;
      if (crtSh) md.appendMarkdown(` · [${crtSh.label}](${crtSh.url} "${crtSh.title}")`);
    });
    {
      for (const r of report.revocation.filter((x) => x.span.start <= offset && offset <= x.span.end)) {
        md.appendMarkdown(`\n\n---\n\n**Revocation** — ${escapeMarkdown(r.text)}\n`);
      }
      for (const v of report.verdicts.filter((x) => x.span.start <= offset && offset <= x.span.end)) {
        md.appendMarkdown(`\n\n---\n\n**Chain** — ${escapeMarkdown(v.text)}\n\n`);
        v.path.forEach((step, i) => {
          const where = step.anchor ? ` — anchor: ${step.anchor}` : step.where ? ` — ${step.where.file} #${step.where.index + 1}` : '';
          md.appendMarkdown(
            `${i + 1}. ${escapeMarkdown(step.subject)} (until ${escapeMarkdown(step.notAfter.slice(0, 10))})${escapeMarkdown(where)}\n`,
          );
        });
      }
    }
    const first = hits[0]!.item.span;
    const last = hits[hits.length - 1]!.item.span;
    return new vscode.Hover(md, new vscode.Range(doc.positionAt(first.start), doc.positionAt(last.end)));
  }
}

/** On a Secret's `tls.crt` key: what the Secret holds. */
function secretHover(doc: vscode.TextDocument, s: TlsSecretSummary): vscode.Hover {
  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**Secret${s.name ? ` ${escapeMarkdown(s.name)}` : ''}** — ${escapeMarkdown(s.text)}`);
  return new vscode.Hover(md, new vscode.Range(doc.positionAt(s.span.start), doc.positionAt(s.span.end)));
}

/** Appends a description as Markdown; every certificate string is escaped. */
export function appendDescription(md: vscode.MarkdownString, d: Description): void {
  md.appendMarkdown(`**${escapeMarkdown(d.title)}**`);
  if (d.status) md.appendMarkdown(` — ${escapeMarkdown(d.status)}`);
  md.appendMarkdown('\n\n| | |\n|---|---|\n');
  for (const f of d.fields) md.appendMarkdown(`| ${escapeMarkdown(f.label)} | ${escapeMarkdown(f.value)} |\n`);
}

/**
 * Escapes what Markdown would interpret inside a table cell, so certificate
 * text renders literally: emphasis, code, links, pipes, HTML. Hyphens and
 * dots stay as they are (they only matter at the start of a line).
 */
export function escapeMarkdown(s: string): string {
  return s
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r?\n/g, ' ');
}

/** The hover on every block. */
export function register(ctx: FeatureContext): vscode.Disposable {
  return vscode.languages.registerHoverProvider(ALL_TEXT, new CertificateHoverProvider(ctx.reports));
}
