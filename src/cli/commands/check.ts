/**
 * `certlens check <target…>`: live TLS endpoint checks. Probes each target
 * (served chain read from the handshake bytes), builds the report, and
 * prints it as text or JSON. Exit 0 / 1 (an error finding, including an
 * unreachable endpoint) / 2 (usage).
 */
import { readFileSync } from 'node:fs';
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
import { EXIT_FINDINGS, EXIT_OK, UsageError, resolveNow, type CliCommand, type CliContext } from '../cli-context';

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
  --timeout MS          per target (default 10000)
  --concurrency N       targets checked at once (default ${8})
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

function parseArgs(ctx: CliContext): CheckArgs {
  const targets: string[] = [];
  const caFiles: string[] = [];
  const o: Record<string, string | undefined> = {};
  const flags = new Set<string>();
  const withValue = new Set([
    '--servername',
    '--starttls',
    '--alpn',
    '--proxy',
    '--cert',
    '--key',
    '--pfx',
    '--pfx-password',
    '--ca',
    '--now',
    '--timeout',
    '--concurrency',
    '--targets-file',
  ]);
  const bool = new Set(['--json', '--no-system-trust', '--no-proxy', '--ocsp']);
  const argv = ctx.args;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const eq = a.indexOf('=');
    const name = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    if (withValue.has(name)) {
      const value = eq > 0 && a.startsWith('--') ? a.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`${name} needs a value`);
      if (name === '--ca') caFiles.push(value);
      else o[name] = value;
    } else if (bool.has(a)) flags.add(a);
    else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
    else targets.push(a);
  }
  if (o['--targets-file']) {
    const text = readText(ctx, o['--targets-file'], '--targets-file');
    for (const line of text.split(/\r?\n/)) {
      const t = line.replace(/#.*$/, '').trim();
      if (t) targets.push(t);
    }
  }
  if (targets.length === 0) throw new UsageError('no target given (try certlens check example.com)');
  const starttls = o['--starttls'];
  if (starttls !== undefined && !STARTTLS_PROTOCOLS.includes(starttls as StartTlsProtocol)) {
    throw new UsageError(`--starttls: one of ${STARTTLS_PROTOCOLS.join(', ')}`);
  }
  if (Boolean(o['--cert']) !== Boolean(o['--key'])) throw new UsageError('--cert and --key go together');
  if (o['--pfx'] && o['--cert']) throw new UsageError('use either --pfx or --cert/--key');
  const timeoutMs = positiveInt(o['--timeout'], '--timeout', 10_000);
  const concurrency = positiveInt(o['--concurrency'], '--concurrency', DEFAULT_CONCURRENCY);

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
  const systemTrust = !flags.has('--no-system-trust');
  const probe: ProbeOptions = {
    timeoutMs,
    systemTrust,
    ...(anchorsPem.length ? { ca: anchorsPem } : {}),
    ...(o['--servername'] !== undefined ? { servername: o['--servername'] || null } : {}),
    ...(starttls ? { starttls: starttls as StartTlsProtocol } : {}),
    ...(o['--alpn']
      ? {
          alpn: o['--alpn']
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        }
      : {}),
    ...(flags.has('--no-proxy') ? { proxy: false as const } : o['--proxy'] ? { proxy: o['--proxy'] } : {}),
    ...(o['--cert'] ? { cert: readText(ctx, o['--cert'], '--cert'), key: readText(ctx, o['--key']!, '--key') } : {}),
    ...(o['--pfx'] ? { pfx: readBytes(ctx, o['--pfx'], '--pfx'), passphrase: o['--pfx-password'] ?? '' } : {}),
  };
  return {
    targets,
    probe,
    anchors,
    systemTrust,
    now: resolveNow(o['--now'], ctx),
    concurrency,
    json: flags.has('--json'),
    ocsp: flags.has('--ocsp'),
  };
}

function positiveInt(v: string | undefined, name: string, dflt: number): number {
  if (v === undefined) return dflt;
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new UsageError(`${name}: a positive whole number, got '${v}'`);
  return Number(v);
}

function readBytes(ctx: CliContext, file: string, what: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(resolve(ctx.cwd, file)));
  } catch (e) {
    throw new UsageError(`${what} ${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
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
