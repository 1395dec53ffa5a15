/**
 * `certlens check <target…>`: live TLS endpoint checks. Probes each target
 * (served chain read from the handshake bytes), builds the report, and
 * prints it as text or JSON. Exit 0 / 1 (an error finding, including an
 * unreachable endpoint) / 2 (usage).
 */
import { readRegularFile } from '../../node/file-read';
import { resolve } from 'node:path';
import { servedChainAnalyzer } from '../../core/chain/endpoint';
import { scanPem } from '../../core/pem/scanner';
import { buildEndpointReport } from '../../core/tls/report';
import type { EndpointReport } from '../../core/tls/report-types';
import { formatReport } from '../../core/tls/report-text';
import { STARTTLS_PROTOCOLS, type StartTlsProtocol } from '../../core/tls/target';
import { postOcsp } from '../../node/ocsp-client';
import { probeEndpoint, type ProbeOptions } from '../../node/tls/probe';
import { loadTrustStore } from '../../node/trust-store';
import { EXIT_FINDINGS, EXIT_OK, UsageError, type CliCommand, type CliContext } from '../cli-context';
import { COMMON_FLAGS, parseFlags, type FlagTable } from '../flags';

const USAGE = `usage: certlens check <target…> [options]

Connects to each target, reads the certificate chain exactly as the server
sends it, and reports expiry, hostname, the chain as a strict client
validates it (RFC 5280: missing intermediate, untrusted root, order, EKU
serverAuth, …), stapled OCSP and OpenSSL's own verdict. Nothing else connects
anywhere, except the leaf's OCSP responder with --ocsp.

Targets: host[:port], [v6addr]:port, or a URL: https://host:8443/x, smtps://,
imaps://, pop3s://, ldaps://, ftps://, and smtp://, imap://, pop3://, ftp://,
ldap://, postgres://, mysql:// (these imply STARTTLS).

Options:
  --servername N        SNI to send (default: the host; none for IP addresses)
  --starttls P          ${STARTTLS_PROTOCOLS.join(', ')}
  --alpn p1,p2          ALPN protocols to offer
  --proxy URL           HTTP CONNECT proxy, http://[user:pass@]host:port
                        (default: HTTPS_PROXY unless NO_PROXY matches)
  --no-proxy            ignore HTTPS_PROXY
  --cert F --key F      client certificate (PEM, may include the chain) and key
  --pfx F               client certificate as PKCS#12
  --pfx-password P      its password
  --ca F                extra trust anchors (PEM), repeatable
  --no-system-trust     trust only --ca anchors
  --ocsp                when the server staples no OCSP response, ask the leaf's
                        OCSP responder (AIA, http: POST) and report its answer
  --now ISO             judge expiry at this time (default: now)
  --timeout MS          per target (default 10000, at most 600000)
  --concurrency N       targets checked at once (default ${8}, at most 256)
  --targets-file F      more targets, one per line (# comments)
  --json                one JSON object on stdout

Exit: 0 no error findings, 1 an error finding or an unreachable target, 2 usage.`;

export const DEFAULT_CONCURRENCY = 8;

interface CheckArgs {
  targets: string[];
  probe: ProbeOptions;
  anchors: Uint8Array[];
  systemTrust: boolean;
  now: Date;
  concurrency: number;
  json: boolean;
  ocsp: boolean;
}

export const checkCommand: CliCommand = {
  summary: 'check live TLS endpoints: the chain as served, expiry, hostname, OCSP',
  usage: USAGE,
  async run(ctx: CliContext): Promise<number> {
    const args = parseArgs(ctx);
    // The RFC 5280 validator judges the served chain as a strict client would (endpoint mode).
    const store = await loadTrustStore({ systemTrust: args.systemTrust });
    const analyzeServedChain = servedChainAnalyzer(store.anchors.map((a) => ({ der: a.der, source: a.source, label: 'trust store' })));
    const reports = await mapPool(args.targets, args.concurrency, async (target) => {
      const probe = await probeEndpoint(target, args.probe);
      const queryOcsp = args.ocsp
        ? (url: string, request: Uint8Array) =>
            postOcsp(url, request, {
              timeoutMs: args.probe.timeoutMs ?? 10_000,
              ...(args.probe.proxy !== undefined ? { proxy: args.probe.proxy } : {}),
            })
        : undefined;
      return buildEndpointReport(probe, {
        now: args.now,
        anchors: args.anchors,
        systemTrust: args.systemTrust,
        analyzeServedChain,
        ...(queryOcsp && { queryOcsp }),
      });
    });
    if (args.json) ctx.stdout(`${JSON.stringify({ version: 1, targets: reports.map(toJson) }, null, 2)}\n`);
    else ctx.stdout(reports.map(formatReport).join('\n'));
    return reports.some((r) => r.problems.some((p) => p.severity === 'error')) ? EXIT_FINDINGS : EXIT_OK;
  },
};

/** Above about 24.8 days Node's timers overflow to 1 ms; a check never needs more than ten minutes. */
export const MAX_TIMEOUT_MS = 600_000;

export const CHECK_FLAGS = {
  servername: { kind: 'string' },
  starttls: { kind: 'enum', values: STARTTLS_PROTOCOLS },
  alpn: { kind: 'list' },
  proxy: { kind: 'string' },
  'no-proxy': { kind: 'boolean' },
  cert: { kind: 'string' },
  key: { kind: 'string' },
  pfx: { kind: 'string' },
  'pfx-password': { kind: 'string' },
  ca: { kind: 'string', multiple: true },
  'no-system-trust': { kind: 'boolean' },
  ocsp: { kind: 'boolean' },
  now: COMMON_FLAGS.now,
  timeout: { kind: 'number', min: 1, max: MAX_TIMEOUT_MS, integer: true, maxNote: 'ms (10 minutes)' },
  concurrency: { kind: 'number', min: 1, max: 256, integer: true },
  'targets-file': { kind: 'string' },
  json: COMMON_FLAGS.json,
} as const satisfies FlagTable;

function parseArgs(ctx: CliContext): CheckArgs {
  const { values: v, positionals: targets } = parseFlags(ctx.args, CHECK_FLAGS);
  if (v['targets-file']) {
    const text = readText(ctx, v['targets-file'], '--targets-file');
    for (const line of text.split(/\r?\n/)) {
      const t = line.replace(/#.*$/, '').trim();
      if (t) targets.push(t);
    }
  }
  if (targets.length === 0) throw new UsageError('no target given (try certlens check example.com)');
  const starttls = v.starttls as StartTlsProtocol | undefined;
  if (Boolean(v.cert) !== Boolean(v.key)) throw new UsageError('--cert and --key go together');
  if (v.pfx && v.cert) throw new UsageError('use either --pfx or --cert/--key');
  const timeoutMs = v.timeout ?? 10_000;
  const concurrency = v.concurrency ?? DEFAULT_CONCURRENCY;
  const caFiles = v.ca;

  const anchorsPem: string[] = [];
  const anchors: Uint8Array[] = [];
  for (const f of caFiles) {
    const text = readText(ctx, f, '--ca');
    const ders = scanPem(text)
      .blocks.filter((b) => b.label === 'CERTIFICATE' || b.label === 'TRUSTED CERTIFICATE')
      .flatMap((b) => (b.der ? [b.der] : []));
    if (ders.length === 0) throw new UsageError(`--ca ${f}: no PEM certificate in the file`);
    anchors.push(...ders);
    anchorsPem.push(text);
  }
  const systemTrust = !v['no-system-trust'];
  const probe: ProbeOptions = {
    timeoutMs,
    systemTrust,
    ...(anchorsPem.length ? { ca: anchorsPem } : {}),
    ...(v.servername !== undefined ? { servername: v.servername || null } : {}),
    ...(starttls ? { starttls } : {}),
    ...(v.alpn.length ? { alpn: v.alpn } : {}),
    ...(v['no-proxy'] ? { proxy: false as const } : v.proxy ? { proxy: v.proxy } : {}),
    ...(v.cert && v.key ? { cert: readText(ctx, v.cert, '--cert'), key: readText(ctx, v.key, '--key') } : {}),
    ...(v.pfx ? { pfx: readBytes(ctx, v.pfx, '--pfx'), passphrase: v['pfx-password'] ?? '' } : {}),
  };
  return {
    targets,
    probe,
    anchors,
    systemTrust,
    now: v.now ?? ctx.now(),
    concurrency,
    json: v.json,
    ocsp: v.ocsp,
  };
}

function readBytes(ctx: CliContext, file: string, what: string): Uint8Array {
  // Only regular files, within the size cap: a FIFO or /dev/zero given as --ca must not hang the run.
  const r = readRegularFile(resolve(ctx.cwd, file));
  if (!r.ok) throw new UsageError(`${what} ${file}: ${r.problem.message}`);
  return r.bytes;
}

function readText(ctx: CliContext, file: string, what: string): string {
  return Buffer.from(readBytes(ctx, file, what)).toString('utf8');
}

/** Runs `fn` over `items` with at most `limit` in flight; results keep the input order. */
export async function mapPool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** The documented `--json` shape (README): served chain in served order; problems without internal data. */
export function toJson(r: EndpointReport): Record<string, unknown> {
  return {
    target: r.target,
    host: r.host,
    port: r.port,
    servername: r.servername,
    verdict: r.verdict,
    tls: r.tls ?? null,
    servedChain: r.servedChain.map((c) => ({
      sha256: c.sha256,
      spkiSha256: c.spkiSha256,
      subject: c.subject,
      issuer: c.issuer,
      serialNumber: c.serialNumber,
      notBefore: c.notBefore,
      notAfter: c.notAfter,
      subjectAltNames: c.subjectAltNames,
      keyAlgorithm: c.keyAlgorithm,
      ...(c.keySize !== undefined ? { keySize: c.keySize } : {}),
      signatureAlgorithm: c.signatureAlgorithm,
      isCA: c.isCA,
      selfSigned: c.selfSigned,
      role: c.role,
      countdown: c.countdown.text,
      daysLeft: c.countdown.daysLeft,
    })),
    problems: r.problems.map((p) => ({
      code: p.code,
      severity: p.severity,
      message: p.message,
      ...(p.certIndex !== undefined ? { certIndex: p.certIndex } : {}),
    })),
    ocsp: r.ocsp ?? null,
    mustStaple: r.mustStaple,
    authorizationError: r.authorizationError ?? null,
    ...(r.starttls ? { starttls: r.starttls } : {}),
    ...(r.proxy ? { proxy: r.proxy } : {}),
    ...(r.error ? { error: { code: r.error.code, message: r.error.message, ...(r.error.alert ? { alert: r.error.alert } : {}) } } : {}),
  };
}

/** Human output (shared with the editor's output channel). */
export { formatReport };
