import * as vscode from 'vscode';
import { ALL_TEXT, type FeatureContext } from './feature';
import { crtShLinks } from '../core/format/crtsh';
import { describeItem, type Description } from '../core/format/describe';
import { builtWithFor, embeddedLifetime } from '../core/source';
import { certificateHoverMarkdown } from '../core/format/hover-markdown';
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
    const now = this.reports.clock.now();
    const opts = { now, thresholds: Config.thresholds(doc.uri) };
    const links = Config.crtShLinks(doc.uri);
    hits.forEach(({ item, index }, i) => {
      if (i > 0) md.appendMarkdown('\n\n---\n\n');
      const args = encodeURIComponent(JSON.stringify([doc.uri.toString(), index]));
      const detailsLink = `command:certlens.showDetails?${args}`;
      // A link in a hover opens only on a click: the network is touched on explicit user action.
      const crtSh = links ? crtShLinks(item).slice(0, 1) : [];
      const status = report.statuses[index];
      if (item.kind === 'certificate' && status) {
        // Short and ordered (core/format/hover-markdown.ts); the chain path and every field are in the details view.
        const inBlock = (s: { start: number; end: number }) => s.start >= item.span.start && s.end <= item.span.end;
        const chain = report.verdicts.find((v) => inBlock(v.span));
        const revocation = report.revocation.find((r) => inBlock(r.span));
        md.appendMarkdown(
          certificateHoverMarkdown({
            item,
            status,
            now,
            thresholds: opts.thresholds,
            ...(chain && { chain: { ok: chain.ok, text: chain.text } }),
            ...(revocation && { revocation: { state: revocation.state, text: revocation.text } }),
            detailsLink,
            externalLinks: crtSh,
          }),
        );
        // A certificate compiled into firmware or an SDK: how long devices built with it keep working.
        if (item.source)
          md.appendMarkdown(`\n\n${escapeMarkdown(embeddedLifetime(item.certificate, now, { builtWith: builtWithFor(doc.uri.path) }))}`);
        return;
      }
      appendDescription(md, describeItem(item, opts));
      md.appendMarkdown(`\n\n[Show details](${detailsLink})`);
      for (const l of crtSh) md.appendMarkdown(` · [${l.label}](${l.url} "${l.title}")`);
    });
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
