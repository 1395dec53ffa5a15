/**
 * Builds the endpoint report from a probe result: decoded served chain
 * with countdowns, findings, OCSP, and a one-line verdict. Pure: the clock
 * comes in as `now`, chain validation comes in as `analyzeServedChain`.
 */
import { redactUrlCredentials } from '../util/redact-url';
import type { Severity } from '../types';
import { countdown, DEFAULT_THRESHOLDS, type ExpiryThresholds } from './countdown';
import { analyzeServedChainFallback } from './fallback-chain';
import { matchesHostname } from './hostname';
import { planOcspQuery } from '../revocation/ocsp-request';
import { analyzeOcsp } from './ocsp';
import type { AnalyzeServedChain, EndpointFinding, EndpointReport, EndpointVerdict, ReportedCertificate } from './report-types';
import { decodeServed, type DecodedServed } from './served-cert';
import type { ProbeResult } from './types';

export interface ReportOptions {
  readonly now: Date;
  /** Extra trust anchors (DER); also used to find the OCSP issuer. */
  readonly anchors?: readonly Uint8Array[];
  readonly systemTrust?: boolean;
  /** Chain validation; defaults to the small served-order fallback. */
  readonly analyzeServedChain?: AnalyzeServedChain;
  readonly thresholds?: ExpiryThresholds;
  /**
   * Online OCSP (opt-in): posts a DER OCSPRequest to the responder URL and
   * resolves with the DER answer, or rejects with a plain-words error. Only
   * used when the server stapled nothing; absent means no query at all.
   */
  readonly queryOcsp?: (url: string, request: Uint8Array) => Promise<Uint8Array>;
}

const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

/**
 * @example
 *   const report = await buildEndpointReport(await probeEndpoint('example.com'), { now: new Date() });
 *   report.verdict.text // 'OK example.com:443: TLSv1.3, 3 certificates, leaf expires in 58 days'
 */
export async function buildEndpointReport(probe: ProbeResult, options: ReportOptions): Promise<EndpointReport> {
  const { now } = options;
  const anchors = options.anchors ?? [];
  const problems: EndpointFinding[] = [];
  if (probe.error) problems.push(unreachable(probe));

  const decoded = await Promise.all(probe.servedChain.map((der, i) => decodeServed(der, i)));
  const servedChain = decoded.map((d) => reported(d, decoded.length, now, options.thresholds ?? DEFAULT_THRESHOLDS, problems));

  const leaf = decoded[0]?.ok ? decoded[0].cert : undefined;
  const expected = probe.servername ?? probe.host;
  if (leaf && expected && !matchesHostname(expected, leaf)) {
    const names = leaf.subjectAltNames.length ? leaf.subjectAltNames.join(', ') : leaf.subject;
    problems.push({
      code: 'hostname-mismatch',
      severity: 'error',
      certIndex: 0,
      message: `the certificate is not valid for ${expected}: it names ${names}`,
    });
  }

  if (probe.servedChain.length > 0) {
    const analyze = options.analyzeServedChain ?? analyzeServedChainFallback;
    const ctx = { servername: probe.servername ?? probe.host, now, anchors, systemTrust: options.systemTrust ?? true };
    try {
      problems.push(...(await analyze(probe.servedChain, ctx)));
    } catch (e) {
      problems.push({
        code: 'chain-analysis-failed',
        severity: 'warning',
        message: `chain analysis failed: ${e instanceof Error ? e.message : String(e)}`,
      });
    }
  } else if (!probe.error) {
    problems.push({
      code: 'served-chain-unreadable',
      severity: 'warning',
      message: `the handshake succeeded but the served certificates could not be read (${probe.capture.notes.join('; ') || 'no Certificate message seen'})`,
    });
  }

  const mustStaple = leaf?.mustStaple ?? false;
  let ocsp: EndpointReport['ocsp'];
  if (probe.ocsp && probe.servedChain[0]) {
    const summary = await analyzeOcsp(probe.ocsp.response, probe.servedChain[0], [...probe.servedChain.slice(1), ...anchors], now);
    ocsp = { stapled: true, ...summary };
    problems.push(...ocspFindings(ocsp));
  } else {
    if (mustStaple && !probe.error) {
      problems.push({
        code: 'ocsp-must-staple-missing',
        severity: 'error',
        certIndex: 0,
        message:
          'the certificate requires OCSP stapling (must-staple) but the server sent no OCSP response; browsers that enforce it will refuse the connection',
      });
    }
    if (options.queryOcsp && probe.servedChain[0] && !probe.error) {
      ocsp = await queryResponder(probe.servedChain[0], [...probe.servedChain.slice(1), ...anchors], options.queryOcsp, now, problems);
    }
  }
  if (probe.clientCertificateRequested && !probe.error) {
    problems.push({
      code: 'client-certificate-requested',
      severity: 'info',
      message: `the server asked for a client certificate${probe.clientCertificateSent ? ' and accepted ours' : ' (none was sent; the server allowed it)'}`,
    });
  }

  problems.sort((a, b) => RANK[b.severity] - RANK[a.severity]);
  return {
    target: redactUrlCredentials(probe.target),
    host: probe.host,
    port: probe.port,
    servername: probe.servername,
    verdict: verdict(probe, servedChain, problems),
    ...(probe.tls ? { tls: probe.tls } : {}),
    servedChain,
    problems,
    ...(ocsp ? { ocsp } : {}),
    mustStaple,
    clientCertificateRequested: probe.clientCertificateRequested,
    ...(probe.authorizationError ? { authorizationError: probe.authorizationError } : {}),
    ...(probe.starttls ? { starttls: probe.starttls } : {}),
    ...(probe.proxy ? { proxy: probe.proxy } : {}),
    ...(probe.error ? { error: probe.error } : {}),
    checkedAt: now.toISOString(),
  };
}

function unreachable(probe: ProbeResult): EndpointFinding {
  const e = probe.error!;
  let message = e.message;
  if (e.code === 'handshake' && probe.clientCertificateRequested && !probe.clientCertificateSent) {
    message = `the server requires a client certificate and none was given (${e.alert ? `alert "${e.alert}"` : e.message})`;
  } else if (e.code === 'handshake' && probe.clientCertificateSent) {
    message = `the server rejected our client certificate (${e.alert ? `alert "${e.alert}"` : e.message})`;
  }
  return { code: 'endpoint-unreachable', severity: 'error', message, data: { reason: e.code, ...(e.alert ? { alert: e.alert } : {}) } };
}

function reported(d: DecodedServed, total: number, now: Date, t: ExpiryThresholds, problems: EndpointFinding[]): ReportedCertificate {
  if (!d.ok) {
    problems.push({
      code: 'der-malformed',
      severity: 'error',
      certIndex: d.index,
      message: `served certificate #${d.index + 1} cannot be decoded: ${d.reason}`,
    });
    const blank = {
      index: d.index,
      sha256: d.sha256,
      spkiSha256: '',
      subject: '',
      issuer: '',
      serialNumber: '',
      notBefore: '',
      notAfter: '',
      subjectAltNames: [],
      keyAlgorithm: '',
      signatureAlgorithm: '',
      isCA: false,
      selfSigned: false,
      mustStaple: false,
    };
    return { ...blank, role: 'unparsable', countdown: { state: 'expired', daysLeft: 0, percentUsed: 0, text: 'unreadable' } };
  }
  const c = d.cert;
  const cd = countdown(new Date(c.notBefore), new Date(c.notAfter), now, t);
  const role = c.index === 0 ? (c.selfSigned && total === 1 ? 'self-signed' : 'leaf') : c.selfSigned ? 'root' : 'intermediate';
  if (cd.finding) {
    const who = `${c.index === 0 ? 'the leaf' : `served certificate #${c.index + 1}`} (${c.subject})`;
    problems.push({
      code: cd.finding.code,
      severity: cd.finding.severity,
      certIndex: c.index,
      message: `${who} ${cd.text}`,
      data: { notAfter: c.notAfter },
    });
  }
  return { ...c, role, countdown: { state: cd.state, daysLeft: cd.daysLeft, percentUsed: cd.percentUsed, text: cd.text } };
}

/** The opt-in online query (RFC 6960): plan in core, HTTP through `query`, the answer judged like a staple. */
async function queryResponder(
  leaf: Uint8Array,
  candidates: readonly Uint8Array[],
  query: NonNullable<ReportOptions['queryOcsp']>,
  now: Date,
  problems: EndpointFinding[],
): Promise<EndpointReport['ocsp']> {
  const plan = await planOcspQuery(leaf, candidates);
  if (!plan.ok) {
    problems.push({ code: 'ocsp-not-queried', severity: 'info', certIndex: 0, message: `no OCSP query made: ${plan.reason}` });
    return undefined;
  }
  let answer: Uint8Array;
  try {
    answer = await query(plan.url, plan.request);
  } catch (e) {
    problems.push({
      code: 'ocsp-query-failed',
      severity: 'warning',
      certIndex: 0,
      message: e instanceof Error ? e.message : String(e),
      data: { responder: plan.url },
    });
    return undefined;
  }
  const summary = await analyzeOcsp(answer, leaf, [plan.issuer, ...candidates], now);
  const ocsp = { stapled: false, responder: plan.url, ...summary };
  problems.push(...ocspFindings(ocsp));
  return ocsp;
}

function ocspFindings(o: NonNullable<EndpointReport['ocsp']>): EndpointFinding[] {
  const out: EndpointFinding[] = [];
  const the = o.stapled ? 'the stapled OCSP response' : `the OCSP response from ${o.responder ?? 'the responder'}`;
  if (o.error && !o.status) out.push({ code: 'ocsp-invalid', severity: 'warning', message: `${the} cannot be used: ${o.error}` });
  if (o.responseStatus !== 'successful' && !o.error)
    out.push({ code: 'ocsp-invalid', severity: 'warning', message: `${the} is an error response (${o.responseStatus})` });
  if (o.status === 'revoked')
    out.push({
      code: 'ocsp-revoked',
      severity: 'error',
      certIndex: 0,
      message: `${the} says the certificate is REVOKED${o.revokedAt ? ` since ${o.revokedAt}` : ''}${o.revocationReason ? ` (${o.revocationReason})` : ''}`,
    });
  if (o.status === 'unknown')
    out.push({
      code: 'ocsp-unknown',
      severity: 'warning',
      certIndex: 0,
      message: `${the} says the responder does not know this certificate`,
    });
  if (o.status && o.signature === 'invalid')
    out.push({
      code: 'ocsp-bad-signature',
      severity: 'error',
      message: `${the} is not signed by the certificate's issuer or an authorised responder`,
    });
  if (o.status && o.signature === 'no-issuer')
    out.push({
      code: 'ocsp-unverified',
      severity: 'info',
      message: `the signature of ${the} could not be checked: the issuer certificate was not served (add it as an extra trust anchor)`,
    });
  if (o.stale) out.push({ code: 'ocsp-stale', severity: 'warning', message: `${the} is out of date (nextUpdate ${o.nextUpdate})` });
  return out;
}

function verdict(probe: ProbeResult, chain: ReportedCertificate[], problems: EndpointFinding[]): EndpointVerdict {
  const where = probe.host.includes(':') ? `[${probe.host}]:${probe.port}` : `${probe.host}:${probe.port}`;
  const worst = problems.reduce<Severity | undefined>((w, p) => (!w || RANK[p.severity] > RANK[w] ? p.severity : w), undefined);
  const status = worst === 'error' ? 'error' : worst === 'warning' ? 'warning' : 'ok';
  if (probe.error) return { status: 'error', text: `ERROR ${where}: ${problems[0]?.message ?? probe.error.message}` };
  const codes = [...new Set(problems.filter((p) => p.severity !== 'info').map((p) => p.code))];
  const leaf = chain[0];
  const summary = `${probe.tls?.version ?? 'TLS'}, ${chain.length} certificate${chain.length === 1 ? '' : 's'} served${leaf ? `, leaf ${leaf.countdown.text.split(' · ')[0]}` : ''}`;
  const label = status.toUpperCase();
  return { status, text: codes.length ? `${label} ${where}: ${codes.join(', ')} (${summary})` : `${label} ${where}: ${summary}` };
}
