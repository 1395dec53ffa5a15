/**
 * The endpoint report as plain text: the verdict first, then the details.
 * Printed by `certlens check` and written to the editor's output channel.
 * Every line is escaped: names, SANs and greetings come from the server.
 */
import { escapeText } from '../util/escape-text';
import type { EndpointReport } from './report-types';

export function formatReport(r: EndpointReport): string {
  const lines = [r.verdict.text];
  const row = (k: string, v: string): number => lines.push(`  ${k.padEnd(11)}${v}`);
  if (r.tls) row('TLS', `${r.tls.version} · ${r.tls.cipher} · ALPN ${r.tls.alpn ?? 'none'} · handshake ${r.tls.handshakeMs} ms`);
  row('SNI', r.servername ?? '(none sent)');
  if (r.starttls) row('STARTTLS', r.starttls);
  if (r.proxy) row('Proxy', r.proxy);
  if (r.servedChain.length) {
    lines.push('  Served chain, in the order the server sent it:');
    for (const c of r.servedChain) {
      lines.push(`    #${c.index + 1} ${c.role.padEnd(12)} ${c.subject || '(unreadable)'}`);
      if (c.role === 'unparsable') continue;
      lines.push(`         issuer ${c.issuer} · ${c.countdown.text} (${c.notAfter})`);
      const key = `${c.keyAlgorithm}${c.keySize ? ` ${c.keySize}` : ''}`;
      const san = c.subjectAltNames.length ? `${c.subjectAltNames.join(', ')} · ` : '';
      lines.push(`         ${san}${key} · ${c.signatureAlgorithm} · sha256 ${c.sha256}`);
    }
  }
  if (r.problems.length) {
    lines.push('  Findings:');
    for (const p of r.problems) lines.push(`    ${p.severity.padEnd(8)} ${p.code}: ${p.message}`);
  }
  if (r.ocsp) {
    const o = r.ocsp;
    const when = o.thisUpdate ? ` · thisUpdate ${o.thisUpdate}${o.nextUpdate ? ` · nextUpdate ${o.nextUpdate}` : ''}` : '';
    const source = o.stapled ? '' : ` · not stapled: queried ${o.responder ?? 'the responder'}`;
    row('OCSP', `${o.status ?? o.responseStatus} · signature ${o.signature}${o.signer ? ` (${o.signer})` : ''}${when}${source}`);
  } else if (r.servedChain.length) row('OCSP', 'no stapled response');
  if (r.mustStaple) row('Must-staple', 'yes');
  if (r.tls) row('OpenSSL', r.authorizationError ? `rejects: ${r.authorizationError}` : 'accepts the chain');
  return `${lines.map(escapeText).join('\n')}\n`;
}
