/**
 * The endpoint report as one HTML string. Pure (no 'vscode' import) so tests
 * check escaping and the CSP. Every string from the server, the certificate
 * or the user goes through `esc`; the only script is ours, with the nonce.
 */
import type { CompareVerdict } from '../../core/tls/compare';
import type { EndpointReport, ReportedCertificate } from '../../core/tls/report-types';
import { esc, renderPage, type WebviewResources } from './page';
import { verdictGap } from '../../core/tls/verdict-gap';

export interface EndpointViewModel {
  readonly report: EndpointReport;
  /** How the check was made: ALPN offered, client certificate, extra anchors, timeout. */
  readonly options: ReadonlyArray<{ readonly label: string; readonly value: string }>;
  /** Result of "Compare with a workspace file". */
  readonly compare?: { readonly file: string; readonly verdict: CompareVerdict; readonly text: string };
  /** A re-check is running. */
  readonly checking?: boolean;
}

export function renderEndpointHtml(model: EndpointViewModel, r: WebviewResources): string {
  const rep = model.report;
  const body = [
    `<h1 class="verdict ${esc(rep.verdict.status)}">${esc(rep.verdict.text)}</h1>`,
    actions(model),
    model.compare
      ? `<p class="compare ${esc(model.compare.verdict)}"><strong>${esc(model.compare.file)}</strong>: ${esc(model.compare.text)}</p>`
      : '',
    verdicts(rep),
    connection(model),
    findings(rep),
    servedChain(rep),
    ocsp(rep),
  ].join('\n');
  return renderPage(`TLS ${rep.target}`, body, r);
}

function table(rows: ReadonlyArray<readonly [string, string | undefined]>, cls = 'fields'): string {
  const tr = rows
    .filter((row): row is readonly [string, string] => row[1] !== undefined)
    .map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`);
  return `<table class="${cls}">${tr.join('')}</table>`;
}

function actions(m: EndpointViewModel): string {
  const has = m.report.servedChain.length > 0;
  const dis = (on: boolean) => (on ? '' : ' disabled');
  return `<div class="actions">
<button data-action="recheck"${dis(!m.checking)}>${m.checking ? 'Checking…' : 'Check again'}</button>
<button data-action="saveChain"${dis(has)}>Save served chain to workspace…</button>
<button data-action="compare"${dis(has)}>Compare with a workspace file…</button>
<button data-action="saveEndpoint">Save as Endpoint…</button>
<button data-action="showLog">Show log</button>
</div>`;
}

function verdicts(rep: EndpointReport): string {
  const openssl = !rep.tls ? 'no handshake' : rep.authorizationError ? `rejects the chain: ${rep.authorizationError}` : 'accepts the chain';
  return `<h2>Verdicts</h2>${table([
    [
      'CertLens',
      `${rep.verdict.status}${rep.problems.length ? ` (${rep.problems.length} finding${rep.problems.length === 1 ? '' : 's'})` : ''}`,
    ],
    ['OpenSSL (authorizationError)', openssl],
    ['Why they differ', verdictGap(rep)],
  ])}`;
}

function connection(m: EndpointViewModel): string {
  const rep = m.report;
  const t = rep.tls;
  return `<h2>Connection</h2>${table([
    ['Target', rep.target],
    ['Address', rep.host.includes(':') ? `[${rep.host}]:${rep.port}` : `${rep.host}:${rep.port}`],
    ['SNI', rep.servername ?? '(none sent)'],
    ['TLS version', t?.version],
    ['Cipher', t?.cipher],
    ['ALPN', t ? (t.alpn ?? 'none negotiated') : undefined],
    ['Handshake', t ? `${t.handshakeMs} ms` : undefined],
    ['STARTTLS', rep.starttls],
    ['Proxy', rep.proxy],
    ['Client certificate', rep.clientCertificateRequested ? 'requested by the server' : 'not requested'],
    ...m.options.map((o) => [o.label, o.value] as const),
    ['Checked at', rep.checkedAt],
    ['Error', rep.error ? `${rep.error.message}${rep.error.alert ? ` (alert: ${rep.error.alert})` : ''}` : undefined],
  ])}`;
}

function findings(rep: EndpointReport): string {
  if (!rep.problems.length) return '<h2>Findings</h2><p>No findings.</p>';
  const items = rep.problems.map(
    (p) =>
      `<li class="${esc(p.severity)}"><span class="sev">${esc(p.severity)}</span> <code>${esc(p.code)}</code>${
        p.certIndex !== undefined ? ` <a href="#cert-${p.certIndex}">#${p.certIndex + 1}</a>` : ''
      } ${esc(p.message)}</li>`,
  );
  return `<h2>Findings</h2><ul class="problems">${items.join('')}</ul>`;
}

function countdownClass(rep: EndpointReport, c: ReportedCertificate): string {
  if (c.countdown.state !== 'valid') return 'error';
  const p = rep.problems.find((x) => x.certIndex === c.index && x.code === 'cert-expiring');
  return p ? p.severity : 'ok';
}

function servedChain(rep: EndpointReport): string {
  if (!rep.servedChain.length) return '<h2>Served chain</h2><p>The server sent no certificate that could be read.</p>';
  const sections = rep.servedChain.map((c) => {
    if (c.role === 'unparsable') {
      return `<section id="cert-${c.index}" class="item"><h3>#${c.index + 1} unreadable certificate</h3>${table([['SHA-256', c.sha256]])}</section>`;
    }
    const key = `${c.keyAlgorithm}${c.keySize ? ` ${c.keySize}` : ''}`;
    return `<section id="cert-${c.index}" class="item">
<h3>#${c.index + 1} <span class="role">${esc(c.role)}</span> ${esc(c.subject)}</h3>
<p class="countdown ${countdownClass(rep, c)}">${esc(c.countdown.text)}</p>
${table([
  ['Subject', c.subject],
  ['Issuer', c.issuer],
  ['Valid', `${c.notBefore} → ${c.notAfter}`],
  ['SANs', c.subjectAltNames.length ? c.subjectAltNames.join(', ') : '(none)'],
  ['Key', key],
  ['Signature algorithm', c.signatureAlgorithm],
  ['Serial', c.serialNumber],
  ['CA', c.isCA ? 'yes' : 'no'],
  ['Must-staple', c.mustStaple ? 'yes' : undefined],
  ['SHA-256', c.sha256],
  ['SPKI SHA-256', c.spkiSha256],
])}
</section>`;
  });
  return `<h2>Served chain, in the order the server sent it</h2>\n${sections.join('\n')}`;
}

function ocsp(rep: EndpointReport): string {
  const o = rep.ocsp;
  const mustStaple = rep.mustStaple ? 'yes: the leaf requires a stapled response' : 'no';
  if (!o)
    return `<h2>OCSP stapling</h2>${table([
      ['Stapled response', rep.tls ? 'none sent' : 'no handshake'],
      ['Must-staple', mustStaple],
    ])}`;
  const sig = { valid: 'checked: valid', invalid: 'checked: INVALID', 'no-issuer': 'not checked: the issuer was not available' }[
    o.signature
  ];
  return `<h2>${o.stapled ? 'OCSP stapling' : 'OCSP (queried online)'}</h2>${table([
    ['Source', o.stapled ? 'stapled in the handshake' : `responder ${o.responder ?? ''}`],
    ['Response status', o.responseStatus],
    ['Certificate status', o.status ?? '(none for this certificate)'],
    ['This update', o.thisUpdate],
    ['Next update', o.nextUpdate ? `${o.nextUpdate}${o.stale ? ' (passed: stale)' : ''}` : undefined],
    ['Produced at', o.producedAt],
    ['Revoked at', o.revokedAt],
    ['Reason', o.revocationReason],
    ['Signature', sig],
    ['Signer', o.signer],
    ['Error', o.error],
    ['Must-staple', mustStaple],
  ])}`;
}
