/**
 * `probeEndpoint`: one TLS handshake against a live endpoint, recording the
 * server's bytes so the served chain is read from the Certificate message
 * itself, in the order sent (Node's `getPeerCertificate(true)` reorders the
 * chain and mixes in local roots; see docs/endpoint-checks.md).
 *
 * Steps: TCP (directly or through an HTTP CONNECT tunnel) → optional
 * STARTTLS prelude → TLS through a tapping Duplex → parse the captured
 * records (TLS 1.3: decrypted with the handshake secret from 'keylog').
 * Never throws: failures come back as `result.error` in plain words.
 */
import { redactUrlCredentials } from '../../core/util/redact-url';
import { createHash } from 'node:crypto';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { performance } from 'node:perf_hooks';
import { readServerFlight, type ServerFlight } from '../../core/tls/handshake';
import { parseTarget, type StartTlsProtocol, type Target } from '../../core/tls/target';
import type { ProbeError, ProbeResult, ProbeTlsInfo } from '../../core/tls/types';
import { LocalSetupError, ProbeTimeout, translateError } from './errors';
import { PlainConversation } from './plain-conversation';
import { openTunnel, resolveProxy, type ProxySpec } from './proxy';
import { upgradeToTls } from './starttls';
import { TapStream } from './tap-stream';
import { createRecordDecryptor, secretFromKeylog } from './tls13-decrypt';

export interface ProbeOptions {
  /** SNI to send. Default: the host, or none for IP literals. `null` sends none. */
  readonly servername?: string | null;
  readonly starttls?: StartTlsProtocol;
  readonly alpn?: readonly string[];
  /** Bound on the whole check (connect, proxy, STARTTLS, handshake). Default 10 s. */
  readonly timeoutMs?: number;
  /** Explicit `http://[user:pass@]host:port` proxy; `false` ignores HTTPS_PROXY. */
  readonly proxy?: string | false;
  /** Environment for HTTPS_PROXY/NO_PROXY. Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Extra trust anchors (PEM) for OpenSSL's verdict. */
  readonly ca?: readonly (string | Uint8Array)[];
  /** Include Node's bundled roots in OpenSSL's verdict. Default true. */
  readonly systemTrust?: boolean;
  /** mTLS: PEM certificate (chain) and key, or a PKCS#12 with its password. */
  readonly cert?: string | Uint8Array;
  readonly key?: string | Uint8Array;
  readonly pfx?: Uint8Array;
  readonly passphrase?: string;
  readonly minVersion?: tls.SecureVersion;
  readonly maxVersion?: tls.SecureVersion;
  /** DNS override (tests, custom resolvers). */
  readonly lookup?: net.LookupFunction;
  /**
   * TLS 1.3 servers judge the client certificate after the client's
   * handshake is done; wait at most this long for their verdict when they
   * asked for one. Default 1000 ms (ends early on a session ticket or alert).
   */
  readonly clientVerdictWaitMs?: number;
  /** Receives the raw server bytes and keylog lines after the check (debugging, fixtures). Contains secrets: never log it. */
  readonly onCapture?: (capture: { readonly bytes: Uint8Array; readonly keylog: readonly string[] }) => void;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * @example
 *   const r = await probeEndpoint('[::1]:8443', { servername: 'localhost', ca: [rootPem] });
 *   r.servedChain // DER, served order
 */
export async function probeEndpoint(input: string | Target, options: ProbeOptions = {}): Promise<ProbeResult> {
  const label = typeof input === 'string' ? redactUrlCredentials(input) : `${input.host}:${input.port}`;
  const parsed =
    typeof input === 'string'
      ? parseTarget(input, options.starttls ? { starttls: options.starttls } : {})
      : { ok: true as const, target: input };
  if (!parsed.ok) return usageFailure(label, parsed.reason);
  const target = parsed.target;
  const proxy = resolveProxy(target.host, target.port, options.proxy, options.env ?? process.env);
  if (proxy && 'error' in proxy) return usageFailure(label, proxy.error, target);
  return new ProbeSession(label, target, options, proxy).run();
}

function usageFailure(label: string, reason: string, target?: Target): ProbeResult {
  return {
    target: label,
    host: target?.host ?? '',
    port: target?.port ?? 0,
    servername: null,
    servedChain: [],
    clientCertificateRequested: false,
    clientCertificateSent: false,
    error: { code: 'usage', message: reason },
    capture: { source: 'none', notes: [] },
  };
}

class ProbeSession {
  private phase = 'connecting';
  private raw: net.Socket | undefined;
  private tap: TapStream | undefined;
  private socket: tls.TLSSocket | undefined;
  private readonly keylog: string[] = [];
  private tlsInfo: ProbeTlsInfo | undefined;
  private authorizationError: string | undefined;
  private lateError: unknown;
  private readonly servername: string | null;
  private readonly starttls: StartTlsProtocol | undefined;
  private readonly hasClientCert: boolean;

  constructor(
    private readonly label: string,
    private readonly target: Target,
    private readonly options: ProbeOptions,
    private readonly proxy: ProxySpec | undefined,
  ) {
    this.servername = options.servername === undefined ? (target.isIp ? null : target.host) : options.servername || null;
    this.starttls = options.starttls ?? target.starttls;
    this.hasClientCert = Boolean(options.pfx || options.cert);
  }

  private get where(): string {
    return this.target.host.includes(':') ? `[${this.target.host}]:${this.target.port}` : `${this.target.host}:${this.target.port}`;
  }

  async run(): Promise<ProbeResult> {
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ProbeTimeout(timeoutMs, this.phase)), timeoutMs);
    });
    const steps = this.steps(timeoutMs);
    steps.catch(() => undefined); // settled by the race below; late rejections are expected after a timeout
    let failure: unknown;
    try {
      await Promise.race([steps, deadline]);
    } catch (err) {
      failure = err;
    } finally {
      clearTimeout(timer);
      this.socket?.destroy();
      this.tap?.destroy();
      this.raw?.destroy();
    }
    failure ??= this.lateError;
    const flight = this.readFlight();
    this.options.onCapture?.({ bytes: this.tap?.bytes() ?? new Uint8Array(0), keylog: [...this.keylog] });
    let error: ProbeError | undefined;
    if (failure !== undefined) {
      // A reset that surfaces as a generic TLS error is still a reset; an alert OpenSSL decoded wins over a later reset.
      const sslCode = String((failure as { code?: unknown } | undefined)?.code ?? '');
      const preferSocket = this.tap?.socketError && !(failure instanceof ProbeTimeout) && !sslCode.startsWith('ERR_SSL_');
      const cause = preferSocket ? this.tap!.socketError : failure;
      error = translateError(cause, this.proxy ? `${this.where} (via ${this.proxy.display})` : this.where, flight);
    }
    return this.result(flight, error);
  }

  private async steps(timeoutMs: number): Promise<void> {
    const started = performance.now();
    const secureContext = this.secureContext();
    const { host, port } = this.proxy ?? this.target;
    this.phase = this.proxy ? `connecting to the proxy ${this.proxy.display}` : `connecting to ${this.where}`;
    const raw = await this.connectTcp(host, port);
    let leftover: Buffer | undefined;
    if (this.proxy) {
      this.phase = `waiting for the proxy ${this.proxy.display} to open a tunnel`;
      leftover = await openTunnel(raw, this.proxy, this.target.host, this.target.port);
    }
    if (this.starttls) {
      this.phase = `during the ${this.starttls.toUpperCase()} STARTTLS exchange`;
      leftover = await upgradeToTls(this.starttls, new PlainConversation(raw, leftover));
    }
    this.phase = 'waiting for the TLS handshake';
    const tap = new TapStream(raw, leftover);
    this.tap = tap;
    tap.on('error', () => undefined); // recorded as tap.socketError; the TLS socket reports it too
    const t0 = performance.now();
    const socket = tls.connect(this.tlsOptions(tap, secureContext));
    this.socket = socket;
    socket.on('error', () => undefined); // a second error after teardown must not crash the process
    socket.on('keylog', (line: Buffer) => this.keylog.push(line.toString('latin1')));
    await new Promise<void>((resolve, reject) => {
      socket.once('secureConnect', () => resolve());
      socket.once('error', reject);
      socket.once('close', () => reject(tap.socketError ?? Object.assign(new Error('closed'), { code: 'ECONNRESET' })));
    });
    const cipher = socket.getCipher();
    this.tlsInfo = {
      version: socket.getProtocol() ?? 'unknown',
      cipher: cipher.standardName ?? cipher.name,
      alpn: typeof socket.alpnProtocol === 'string' ? socket.alpnProtocol : null,
      handshakeMs: Math.round((performance.now() - t0) * 100) / 100,
    };
    if (!socket.authorized && socket.authorizationError) this.authorizationError = String(socket.authorizationError);
    await this.awaitClientVerdict(socket, timeoutMs - (performance.now() - started));
  }

  /** TLS 1.3 (RFC 8446 §4.4.2.4): a server rejects the client certificate after our Finished, with an alert. */
  private async awaitClientVerdict(socket: tls.TLSSocket, remainingMs: number): Promise<void> {
    if (this.tlsInfo?.version !== 'TLSv1.3' || !this.readFlight().certificateRequested) return;
    this.phase = "waiting for the server's verdict on the client certificate";
    const waitMs = Math.max(0, Math.min(this.options.clientVerdictWaitMs ?? 1000, remainingMs - 50));
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, waitMs);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      socket.once('session', done); // a ticket means the server accepted us
      socket.once('error', (err) => {
        this.lateError = err;
        done();
      });
      socket.once('close', done);
      socket.resume();
    });
  }

  private connectTcp(host: string, port: number): Promise<net.Socket> {
    return new Promise((resolve, reject) => {
      const raw = net.connect({ host, port, ...(this.options.lookup ? { lookup: this.options.lookup } : {}) });
      this.raw = raw;
      raw.setNoDelay(true);
      raw.once('connect', () => {
        raw.off('error', reject);
        resolve(raw);
      });
      raw.once('error', reject);
    });
  }

  /** Trust anchors and the client certificate, loaded before connecting so a bad file or password is named as such. */
  private secureContext(): tls.SecureContext {
    return cachedSecureContext(this.options);
  }

  private tlsOptions(tap: TapStream, secureContext: tls.SecureContext): tls.ConnectionOptions & { requestOCSP: boolean } {
    const expected = this.servername ?? this.target.host;
    return {
      socket: tap,
      secureContext,
      rejectUnauthorized: false,
      // status_request (RFC 6066 §8): without it servers do not staple. tls.connect passes it on to TLSSocket.
      requestOCSP: true,
      ...(this.servername ? { servername: this.servername } : {}),
      ...(this.options.alpn?.length ? { ALPNProtocols: [...this.options.alpn] } : {}),
      // Node would check against `localhost` when no servername is set; check what the user asked for.
      checkServerIdentity: (_host, cert) => tls.checkServerIdentity(expected, cert),
    };
  }

  private flightCache: { size: number; flight: ServerFlight } | undefined;

  private readFlight(): ServerFlight {
    const bytes = this.tap?.bytes() ?? new Uint8Array(0);
    if (this.flightCache?.size === bytes.length) return this.flightCache.flight;
    const secret = secretFromKeylog(this.keylog, 'SERVER_HANDSHAKE_TRAFFIC_SECRET');
    const flight = readServerFlight(bytes, {
      decryptorFor: (suite) => (secret ? createRecordDecryptor(suite, secret) : undefined),
    });
    this.flightCache = { size: bytes.length, flight };
    return flight;
  }

  private result(flight: ServerFlight, error: ProbeError | undefined): ProbeResult {
    const served = flight.certificates ?? [];
    return {
      target: this.label,
      host: this.target.host,
      port: this.target.port,
      servername: this.servername,
      ...(this.tlsInfo ? { tls: this.tlsInfo } : {}),
      servedChain: served,
      ...(flight.ocspStaple ? { ocsp: { response: flight.ocspStaple } } : {}),
      clientCertificateRequested: flight.certificateRequested,
      clientCertificateSent: this.hasClientCert && flight.certificateRequested,
      ...(this.authorizationError ? { authorizationError: this.authorizationError } : {}),
      ...(this.starttls ? { starttls: this.starttls } : {}),
      ...(this.proxy ? { proxy: this.proxy.display } : {}),
      ...(error ? { error } : {}),
      capture: { source: flight.certificates ? 'handshake-bytes' : 'none', notes: flight.notes },
    };
  }
}

/**
 * Secure contexts are cached by content: with extra anchors on top of the
 * system roots, building one parses ~140 root certificates (~150 ms), which
 * would otherwise dominate every check of a batch.
 */
const contextCache = new Map<string, tls.SecureContext>();
const CONTEXT_CACHE_SIZE = 16;

function cachedSecureContext(o: ProbeOptions): tls.SecureContext {
  const extra = (o.ca ?? []).map((c) => (typeof c === 'string' ? c : Buffer.from(c)));
  const systemTrust = o.systemTrust ?? true;
  const h = createHash('sha256');
  for (const part of [
    ...extra,
    o.cert ?? '',
    o.key ?? '',
    o.pfx ?? '',
    o.passphrase ?? '',
    String(systemTrust),
    o.minVersion ?? '',
    o.maxVersion ?? '',
  ]) {
    h.update(typeof part === 'string' ? part : Buffer.from(part)).update('\0');
  }
  const key = h.digest('hex');
  const hit = contextCache.get(key);
  if (hit) return hit;
  const common = {
    ...(o.minVersion ? { minVersion: o.minVersion } : {}),
    ...(o.maxVersion ? { maxVersion: o.maxVersion } : {}),
    // Node's default ca is its bundled roots; an explicit list replaces it.
    ...(extra.length || !systemTrust ? { ca: systemTrust ? [...tls.rootCertificates, ...extra] : extra } : {}),
  };
  const hasClient = Boolean(o.cert || o.key || o.pfx);
  let ctx: tls.SecureContext;
  try {
    ctx = tls.createSecureContext({
      ...common,
      ...(o.cert ? { cert: typeof o.cert === 'string' ? o.cert : Buffer.from(o.cert) } : {}),
      ...(o.key ? { key: typeof o.key === 'string' ? o.key : Buffer.from(o.key) } : {}),
      ...(o.pfx ? { pfx: Buffer.from(o.pfx) } : {}),
      ...(o.passphrase !== undefined ? { passphrase: o.passphrase } : {}),
    });
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    if (!hasClient) throw new LocalSetupError(`could not load the trust anchors: ${why}`, 'usage');
    const hint = /mac verify failure|bad decrypt/i.test(why) ? ' (wrong password?)' : '';
    throw new LocalSetupError(`could not load the client certificate or key: ${why}${hint}`, 'client-certificate');
  }
  if (contextCache.size >= CONTEXT_CACHE_SIZE) contextCache.delete(contextCache.keys().next().value!);
  contextCache.set(key, ctx);
  return ctx;
}
