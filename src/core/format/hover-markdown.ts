/**
 * The certificate hover as Markdown, short and in reading order:
 * 1. headline: status icon, role, CN, status, countdown;
 * 2. chain verdict and revocation;
 * 3. issuer, SANs, key, validity;
 * 4. fingerprints (wrapped between bytes) and the links.
 * Findings' messages are not repeated: VS Code shows the diagnostics in the
 * same hover. Pure (no 'vscode'): the adapter wraps the string in a
 * MarkdownString with theme icons on.
 */
import type { CertificateItem } from '../analysis/decode';
import type { CertificateStatus } from '../analysis/status';
import { computeExpiry, DEFAULT_THRESHOLDS, formatCountdown, type ExpiryThresholds } from '../lint/expiry';
import { roleName } from '../lint/items';
import { formatKey, formatUtc, wrapFingerprint } from './format';

export interface HoverInput {
  readonly item: CertificateItem;
  /** `certificateStatus` over the block's findings. */
  readonly status: CertificateStatus;
  readonly now: Date;
  readonly thresholds?: ExpiryThresholds;
  readonly chain?: { readonly ok: boolean; readonly text: string };
  readonly revocation?: { readonly state: string; readonly text: string };
  /** `command:certlens.showDetails?…`; the caller trusts that one command. */
  readonly detailsLink?: string;
  readonly externalLinks?: ReadonlyArray<{ readonly label: string; readonly url: string; readonly title: string }>;
}

const ICON: Readonly<Record<CertificateStatus, string>> = {
  revoked: '$(error)',
  expired: '$(error)',
  'not-yet-valid': '$(error)',
  invalid: '$(error)',
  error: '$(error)',
  warning: '$(warning)',
  ok: '$(pass)',
};

const WORD: Readonly<Record<CertificateStatus, string>> = {
  revoked: 'REVOKED',
  expired: 'EXPIRED',
  'not-yet-valid': 'not yet valid',
  invalid: 'invalid',
  error: 'has errors',
  warning: 'has warnings',
  ok: 'valid',
};

/** At most this many SANs; the details view lists them all. */
const MAX_SANS = 4;

export function certificateHoverMarkdown(h: HoverInput): string {
  const c = h.item.certificate;
  const now = h.now.getTime();
  const e = computeExpiry(c.notBefore, c.notAfter, now, h.thresholds ?? DEFAULT_THRESHOLDS);
  const role = roleName(h.item);
  const head = `${ICON[h.status]} **${text(role.charAt(0).toUpperCase() + role.slice(1))}** ${name(c.subjectLabel)} — **${WORD[h.status]}** · ${text(formatCountdown(e, c.notBefore, now))}`;
  const verdicts = [
    h.chain && `${h.chain.ok ? '$(pass)' : '$(error)'} Chain: ${text(h.chain.text)}`,
    h.revocation &&
      `${h.revocation.state === 'revoked' ? '$(error)' : h.revocation.state === 'good' ? '$(pass)' : '$(info)'} Revocation: ${text(h.revocation.text)}`,
  ].filter(Boolean);
  const sans = c.subjectAltNames.slice(0, MAX_SANS).map(name).join(', ');
  const more = c.subjectAltNames.length > MAX_SANS ? ` (+${c.subjectAltNames.length - MAX_SANS} more)` : '';
  const facts = [
    `Issuer: ${name(c.issuerLabel)}`,
    ...(c.subjectAltNames.length ? [`SANs: ${sans}${more}`] : []),
    `Key: ${text(formatKey(c))} · Valid: ${text(formatUtc(c.notBefore))} → ${text(formatUtc(c.notAfter))}`,
  ];
  const fp = wrapFingerprint(c.sha256);
  const prints = [`SHA-256: \`${fp[0] ?? ''}\``, ...fp.slice(1).map((l) => `\`${l}\``)];
  const links = [
    ...(h.detailsLink ? [`[Show details](${h.detailsLink})`] : []),
    ...(h.externalLinks ?? []).map((l) => `[${text(l.label)}](${l.url} "${l.title.replace(/["\\]/g, '')}")`),
  ];
  // Three paragraphs, hard line breaks inside: paragraph gaps cost more height than lines do.
  return [head, [...verdicts, ...facts].join('  \n'), [...prints, links.join(' · ')].filter(Boolean).join('  \n')].join('\n\n');
}

/**
 * Certificate text rendered literally: Markdown syntax escaped, and the
 * characters that let a renderer autolink a host, URL or e-mail address
 * (`.`, `:`, `@`, `/`) escaped too, so `www.example.com` stays text.
 */
export function name(s: string): string {
  return text(s).replace(/[.:@/]/g, (ch) => `\\${ch}`);
}

/** Escapes Markdown syntax and HTML; newlines become spaces. */
export function text(s: string): string {
  return s
    .replace(/[\\`*_[\]{}()#+!|~<>$-]/g, (ch) => `\\${ch}`)
    .replace(/&/g, '&amp;')
    .replace(/\r?\n/g, ' ');
}
