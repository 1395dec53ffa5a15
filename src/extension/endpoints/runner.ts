/**
 * The only code in the editor that opens a network connection: runs one
 * endpoint check (probe → report) for a request the user made or an
 * endpoint the user configured. Refuses in restricted mode before reading
 * any file or resolving any name.
 */
import { redactUrlCredentials } from '../../core/util/redact-url';
import * as vscode from 'vscode';
import { decodeBinary } from '../../core/analysis/decode';
import { formatUtc } from '../../core/format/format';
import { toPem } from '../../core/pem/base64';
import { countdown } from '../../core/tls/countdown';
import { summarizeCertificate } from '../../core/x509/certificate';
import { scanPem } from '../../core/pem/scanner';
import { buildEndpointReport } from '../../core/tls/report';
import type { EndpointReport } from '../../core/tls/report-types';
import { formatReport } from '../../core/tls/report-text';
import type { ProbeResult } from '../../core/tls/types';
import { postOcsp } from '../../node/ocsp-client';
import { probeEndpoint, type ProbeOptions } from '../../node/tls/probe';
import { Config } from '../config';
import { loadAnchors } from '../chains';
import { endpointChainAnalyzer } from '../endpoint-analysis';
import { log } from '../log';
import { proxyEnvironment } from './input';
import type { RequestShape } from './settings-edit';

export type ClientCredential =
  | { readonly kind: 'pem'; readonly cert: vscode.Uri; readonly key: vscode.Uri }
  | { readonly kind: 'pfx'; readonly pfx: vscode.Uri; readonly passphrase: string };

/** A request as `RequestShape` describes it, with files as URIs and the PKCS#12 passphrase in hand. */
export interface CheckRequest extends Omit<RequestShape, 'client' | 'anchors'> {
  readonly timeoutMs?: number;
  readonly client?: ClientCredential;
  /** Extra trust anchors: PEM or DER certificate files. */
  readonly anchors?: readonly vscode.Uri[];
}

export interface CheckOutcome {
  readonly request: CheckRequest;
  readonly probe: ProbeResult;
  readonly report: EndpointReport;
  /** How the check was made, for the report's Connection table. */
  readonly options: ReadonlyArray<{ readonly label: string; readonly value: string }>;
}

export class RestrictedModeError extends Error {
  constructor() {
    super('endpoint checks are disabled in restricted mode: trust this workspace to let CertLens connect to servers');
  }
}

export const DEFAULT_TIMEOUT_MS = 10_000;

/** Throws (without any I/O) unless the workspace is trusted. */
export function assertTrusted(): void {
  if (!vscode.workspace.isTrusted) throw new RestrictedModeError();
}

export async function runCheck(
  request: CheckRequest,
  fs: Pick<vscode.FileSystem, 'readFile'> = vscode.workspace.fs,
): Promise<CheckOutcome> {
  assertTrusted();
  // Credentials in a target URL are never sent, logged or shown.
  const req = { ...request, target: redactUrlCredentials(request.target) };
  const anchorPem: string[] = [];
  const anchorDer: Uint8Array[] = [];
  for (const uri of req.anchors ?? []) {
    const ders = certificatesIn(await fs.readFile(uri));
    if (!ders.length) throw new Error(`${vscode.workspace.asRelativePath(uri, false)}: no certificate found to use as a trust anchor`);
    anchorDer.push(...ders);
    anchorPem.push(...ders.map((d) => toPem('CERTIFICATE', d)));
  }
  // OpenSSL gets the very anchors our validator uses (certlens.trust.* included), so the two verdicts
  // differ only where their checks do (verdict-gap.ts says how), never because one saw another root.
  const storeAnchors = await loadAnchors();
  const settingsPem = storeAnchors.filter((a) => a.source === 'extra').map((a) => toPem('CERTIFICATE', a.der));
  const caPem = [...anchorPem, ...settingsPem];
  const systemTrust = Config.systemTrust();
  const http = Config.httpProxy();
  const probeOptions: ProbeOptions = {
    timeoutMs: req.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    env: proxyEnvironment(http.proxy, http.noProxy, process.env),
    ...(req.servername !== undefined ? { servername: req.servername } : {}),
    ...(req.starttls ? { starttls: req.starttls } : {}),
    ...(req.alpn?.length ? { alpn: req.alpn } : {}),
    ...(caPem.length ? { ca: caPem } : {}),
    systemTrust,
    ...(await clientOptions(req.client, fs)),
  };
  log().info(`checking ${req.target}${req.name ? ` (${req.name})` : ''}`);
  const probe = await probeEndpoint(req.target, probeOptions);
  // Online OCSP only on explicit opt-in (assertTrusted above already refused restricted mode).
  const timeoutMs = probeOptions.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const queryOcsp = Config.queryOcsp()
    ? (url: string, request: Uint8Array) => postOcsp(url, request, { timeoutMs, env: probeOptions.env ?? process.env })
    : undefined;
  const report = await buildEndpointReport(probe, {
    ...(queryOcsp && { queryOcsp }),
    now: new Date(),
    anchors: anchorDer,
    systemTrust,
    analyzeServedChain: await endpointChainAnalyzer(storeAnchors),
    thresholds: Config.thresholds(),
  });
  log().info(formatReport(report).trimEnd());
  const client = await clientExpiry(req.client, fs, new Date());
  return { request: req, probe, report, options: [...describeOptions(req), ...(client ? [client] : [])] };
}

/** mTLS: when the client certificate we sent expires (users ask; the server's report cannot say it). */
async function clientExpiry(
  c: ClientCredential | undefined,
  fs: Pick<vscode.FileSystem, 'readFile'>,
  now: Date,
): Promise<{ label: string; value: string } | undefined> {
  if (!c) return undefined;
  try {
    let der: Uint8Array | undefined;
    if (c.kind === 'pem') der = certificatesIn(await fs.readFile(c.cert))[0];
    else {
      const d = await decodeBinary(await fs.readFile(c.pfx), { password: c.passphrase });
      const certs = d.items.filter((i) => i.kind === 'certificate');
      der = (certs.find((i) => i.kind === 'certificate' && !i.certificate.isCA) ?? certs[0])?.der;
    }
    if (!der) return undefined;
    const s = await summarizeCertificate(der);
    const cd = countdown(new Date(s.notBefore), new Date(s.notAfter), now, Config.thresholds());
    return { label: 'Client certificate expiry', value: `${s.subjectLabel}: ${cd.text} (${formatUtc(s.notAfter)})` };
  } catch (e) {
    return { label: 'Client certificate expiry', value: `unknown: ${e instanceof Error ? e.message : String(e)}` };
  }
}

async function clientOptions(c: ClientCredential | undefined, fs: Pick<vscode.FileSystem, 'readFile'>): Promise<Partial<ProbeOptions>> {
  if (!c) return {};
  if (c.kind === 'pfx') return { pfx: await fs.readFile(c.pfx), passphrase: c.passphrase };
  const [cert, key] = await Promise.all([fs.readFile(c.cert), fs.readFile(c.key)]);
  return { cert: new TextDecoder().decode(cert), key: new TextDecoder().decode(key) };
}

/** Certificates in a PEM file (any number) or a single DER certificate. */
export function certificatesIn(bytes: Uint8Array): Uint8Array[] {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (text.includes('-----BEGIN')) {
    return scanPem(text)
      .blocks.filter((b) => b.label === 'CERTIFICATE' || b.label === 'TRUSTED CERTIFICATE' || b.label === 'X509 CERTIFICATE')
      .flatMap((b) => (b.der ? [b.der] : []));
  }
  return bytes.length > 0 && bytes[0] === 0x30 ? [bytes] : [];
}

function describeOptions(req: CheckRequest): Array<{ label: string; value: string }> {
  const rel = (u: vscode.Uri) => vscode.workspace.asRelativePath(u, false);
  const out: Array<{ label: string; value: string }> = [];
  if (req.name) out.push({ label: 'Saved endpoint', value: req.name });
  if (req.alpn?.length) out.push({ label: 'ALPN offered', value: req.alpn.join(', ') });
  if (req.client)
    out.push({
      label: 'Client certificate sent',
      value: req.client.kind === 'pfx' ? `${rel(req.client.pfx)} (PKCS#12)` : `${rel(req.client.cert)} + ${rel(req.client.key)}`,
    });
  if (req.anchors?.length) out.push({ label: 'Extra trust anchors', value: req.anchors.map(rel).join(', ') });
  out.push({ label: 'Timeout', value: `${(req.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000} s` });
  return out;
}
