/**
 * The details view as one HTML string. Pure (no 'vscode' import) so tests can
 * check escaping and the CSP. Every certificate string goes through `esc`;
 * the page shell and CSP are page.ts's.
 */
import type { ExternalLink } from '../../core/format/crtsh';
import type { Item } from '../../core/analysis/decode';
import type { CertificateStatus } from '../../core/analysis/status';
import type { Description } from '../../core/format/describe';
import type { Severity } from '../../core/types';
import type { ExtensionDetail } from '../../core/x509/extension-details';
import { esc, renderPage, type WebviewResources } from './page';

export interface DetailsEntry {
  readonly description: Description;
  readonly extensions: readonly ExtensionDetail[];
  /** Certificates, CSRs and CRLs can be exported; keys never. */
  readonly exportable: boolean;
  /** Look-ups opened on click only (crt.sh); the extension re-validates every URL. */
  readonly links?: readonly ExternalLink[];
  /** CRL revocation status of a certificate some CRL of the workspace covers. */
  readonly revocation?: { readonly state: 'good' | 'revoked' | 'unchecked'; readonly text: string };
  /** A certificate's status (FileReport), shown as a badge in the entry's heading. */
  readonly status?: CertificateStatus;
  /** The chain verdict of a target certificate. */
  readonly chain?: { readonly ok: boolean; readonly text: string };
  /** The findings on this entry. */
  readonly findings?: readonly DetailsProblem[];
}

export interface DetailsProblem {
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
}

export interface DetailsModel {
  readonly fileName: string;
  /** Index of the entry to show first and highlight. */
  readonly selected?: number;
  readonly entries: readonly DetailsEntry[];
  /** Findings outside every block (file-level). */
  readonly problems: readonly DetailsProblem[];
  /** A PKCS#12 that needs a password, or a keystore not verified, shows an Unlock button. */
  readonly locked?: boolean;
  /** The sentence before the button; a PKCS#12 one by default. */
  readonly lockedNotice?: string;
}

/** Why a file wants its password, if it does (`unlockNotice(items) !== undefined` means show Unlock). */
export function unlockNotice(items: readonly Item[]): string | undefined {
  for (const i of items) {
    if (i.kind === 'pkcs12' && i.status === 'needs-password') return 'Locked: the certificates in this PKCS#12 file are encrypted.';
    if (i.kind === 'pkcs12' && i.status === 'wrong-password') return 'Wrong password for this PKCS#12 file.';
    if (i.kind === 'keystore' && i.integrity === 'unverified')
      return 'The certificates are readable, but the keystore integrity is not verified without its password.';
    if (i.kind === 'keystore' && i.integrity === 'failed')
      return 'The keystore digest does not match: wrong password, or the file was modified.';
  }
  return undefined;
}

/** A password was given and did not open the file (PKCS#12 undecryptable, keystore digest mismatch). */
export function passwordRejected(items: readonly Item[]): boolean {
  return items.some((i) => (i.kind === 'pkcs12' && i.status === 'wrong-password') || (i.kind === 'keystore' && i.integrity === 'failed'));
}

export function renderDetailsHtml(model: DetailsModel, r: WebviewResources): string {
  const body = [
    `<h1>${esc(model.fileName)}</h1>`,
    model.locked
      ? `<p class="notice">${esc(model.lockedNotice ?? 'Locked: the certificates in this PKCS#12 file are encrypted.')} <button data-action="unlock">Unlock…</button></p>`
      : '',
    renderProblems(model.problems),
    model.entries.length > 1
      ? `<nav><ol>${model.entries.map((e, i) => `<li><a href="#item-${i}"${i === model.selected ? ' class="selected"' : ''}>${esc(e.description.title)}</a></li>`).join('')}</ol></nav>`
      : '',
    ...model.entries.map((e, i) => renderEntry(e, i, i === model.selected)),
    model.entries.length === 0 && !model.locked ? '<p>No certificate material found in this file.</p>' : '',
  ].join('\n');
  return renderPage(model.fileName, body, r);
}

const SEVERITY_LABEL: Readonly<Record<Severity, string>> = { error: 'Error', warning: 'Warning', info: 'Info' };

/** One list, each finding in its severity's colour with the word too (colour is not the only cue). */
function renderProblems(problems: readonly DetailsProblem[]): string {
  if (!problems.length) return '';
  const items = problems.map(
    (p) =>
      `<li class="${esc(p.severity)}"><span class="sev">${esc(SEVERITY_LABEL[p.severity] ?? p.severity)}</span> <code>${esc(p.code)}</code> ${esc(p.message)}</li>`,
  );
  return `<ul class="problems">${items.join('')}</ul>`;
}

/** A fingerprint may break only after a colon, so lines end between bytes. */
function breakBetweenBytes(value: string): string {
  return esc(value).replace(/:/g, ':<wbr>');
}

function renderEntry(e: DetailsEntry, i: number, selected: boolean): string {
  const d = e.description;
  // The Extensions table lists them with their values; an "Extensions" field would say it twice.
  const rows = d.fields
    .filter((f) => !(e.extensions.length && f.label === 'Extensions'))
    .map(
      (f) =>
        `<tr><th>${esc(f.label)}</th><td><span class="value${f.copy ? ' fingerprint' : ''}">${f.copy ? breakBetweenBytes(f.value) : esc(f.value)}</span>${
          f.copy ? ` <button class="copy" data-action="copy" data-text="${esc(f.value)}" title="Copy">Copy</button>` : ''
        }</td></tr>`,
    )
    .join('');
  const exts = e.extensions.length
    ? `<h3>Extensions</h3><table class="extensions">${e.extensions
        .map(
          (x) =>
            `<tr><th>${esc(x.name ?? 'Unknown extension')}<br><code>${esc(x.oid)}</code>${x.critical ? ' <span class="critical">critical</span>' : ''}</th><td>${
              x.text !== undefined ? `<span class="value">${esc(x.text)}</span>` : ''
            }<details><summary>hex</summary><code class="hex">${esc(x.hex)}</code></details></td></tr>`,
        )
        .join('')}</table>`
    : '';
  const actions = e.exportable
    ? `<div class="actions"><button data-action="export" data-index="${i}" data-format="pem">Export as PEM</button> <button data-action="export" data-index="${i}" data-format="der">Export as DER</button></div>`
    : '';
  const links = e.links?.length
    ? `<div class="links">${e.links.map((l) => `<button data-action="openLink" data-url="${esc(l.url)}" title="${esc(l.title)}">${esc(l.label)}</button>`).join(' ')}</div>`
    : '';
  const findings = e.findings?.length ? renderProblems(e.findings) : '';
  return `<section id="item-${i}" class="item${selected ? ' selected' : ''}">
<h2>${esc(d.title)}${e.status ? ` <span class="status-badge ${esc(e.status)}">${esc(e.status.replace(/-/g, ' '))}</span>` : ''}</h2>
${e.chain ? `<p class="chain ${e.chain.ok ? 'ok' : 'bad'}"><strong>Chain:</strong> ${esc(e.chain.text)}</p>` : ''}
${findings}
${d.status ? `<p class="status">${esc(d.status)}</p>` : ''}
${e.revocation ? `<p class="revocation ${esc(e.revocation.state)}"><strong>Revocation:</strong> ${esc(e.revocation.text)}</p>` : ''}
<table class="fields">${rows}</table>
${exts}
${actions}
${links}
</section>`;
}
