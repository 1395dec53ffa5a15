/**
 * Loopback TLS servers for the endpoint-check tests, presenting the test PKI
 * (tls-pki.ts, re-exported here). Servers listen on 127.0.0.1 / ::1 only, on
 * ports the OS picks, and every server started here is registered so
 * `stopAll()` (called from `after()`) kills it even when a test fails.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { join } from 'node:path';
import { Duplex } from 'node:stream';
import * as tls from 'node:tls';
import { makePki, pemToDer, removePki, type Pki } from './tls-pki';

export { makePki, pemToDer, removePki, type Pki } from './tls-pki';

export interface RunningServer {
  readonly host: string;
  readonly port: number;
  /** `127.0.0.1:port` or `[::1]:port`. */
  readonly address: string;
  stop(): Promise<void>;
}

const running = new Set<RunningServer>();

/** Stops every server started through this module. Call from `after()`. */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((s) => s.stop()));
}

function addr(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * `openssl s_server -www` with the given extra arguments; resolves once it
 * prints its ACCEPT line with the chosen port.
 */
export function startOpenSslServer(pki: Pki, host: string, args: string[]): Promise<RunningServer> {
  const child: ChildProcess = spawn('openssl', ['s_server', '-accept', `${addr(host, 0)}`, '-www', ...args], {
    cwd: pki.dir,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const server: RunningServer & { port: number } = {
    host,
    port: 0,
    address: '',
    stop: () =>
      new Promise<void>((resolve) => {
        running.delete(server);
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
  running.add(server);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => fail(new Error(`s_server did not start: ${err}`)), 10_000);
    function fail(e: Error): void {
      clearTimeout(timer);
      void server.stop();
      reject(e);
    }
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /ACCEPT\s+\S*:(\d+)/.exec(out);
      if (m && server.port === 0) {
        clearTimeout(timer);
        Object.assign(server, { port: Number(m[1]), address: addr(host, Number(m[1])) });
        resolve(server);
      }
    });
    child.once('exit', (code) => {
      if (server.port === 0) fail(new Error(`s_server exited (${code}): ${err}`));
    });
  });
}

function listen(srv: net.Server, host: string): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const sockets = new Set<net.Socket>();
    srv.on('connection', (s: net.Socket) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    });
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const port = (srv.address() as net.AddressInfo).port;
      const server: RunningServer = {
        host,
        port,
        address: addr(host, port),
        stop: () =>
          new Promise<void>((res) => {
            running.delete(server);
            for (const s of sockets) s.destroy();
            srv.close(() => res());
          }),
      };
      running.add(server);
      resolve(server);
    });
  });
}

/** A Node TLS server (concurrent, unlike s_server -www). */
export function startNodeTlsServer(host: string, options: tls.TlsOptions): Promise<RunningServer> {
  const srv = tls.createServer(options, (s) => {
    s.on('error', () => undefined);
    s.end();
  });
  srv.on('tlsClientError', () => undefined);
  return listen(srv, host);
}

/** A plain TCP server whose connection handler does what the test needs (garbage, silence, reset). */
export function startRawServer(host: string, onConnection: (s: net.Socket) => void): Promise<RunningServer> {
  return listen(net.createServer(onConnection), host);
}

/**
 * Minimal server sides of each STARTTLS dialect: speak the plain-text
 * prelude, then turn the socket into a Node TLSSocket. `step` sees what the
 * client sent so far and answers; returning `upgrade` switches to TLS.
 */
type Step = (received: Buffer) => { reply?: Buffer | string; upgrade?: boolean; consumed: number } | undefined;

function lineStep(handlers: Array<[RegExp, string, boolean?]>, fallback: string): Step {
  return (buf) => {
    const nl = buf.indexOf(0x0a);
    if (nl < 0) return undefined;
    const line = buf.subarray(0, nl).toString('latin1').replace(/\r$/, '');
    for (const [re, reply, upgrade] of handlers) if (re.test(line)) return { reply, upgrade: upgrade ?? false, consumed: nl + 1 };
    return { reply: fallback, consumed: nl + 1 };
  };
}

function mysqlGreeting(): Buffer {
  const payload = Buffer.concat([
    Buffer.from([10]),
    Buffer.from('8.0.36-certlens-test\0', 'latin1'),
    Buffer.from([1, 0, 0, 0]),
    Buffer.from('abcdefgh', 'latin1'),
    Buffer.from([0]),
    Buffer.from([0xff, 0xff]), // capabilities (low): includes CLIENT_SSL 0x800
    Buffer.from([0x21, 2, 0, 0xff, 0xc1, 21]),
    Buffer.alloc(10),
    Buffer.from('ijklmnopqrst\0mysql_native_password\0', 'latin1'),
  ]);
  const hdr = Buffer.from([payload.length & 0xff, (payload.length >> 8) & 0xff, 0, 0]);
  return Buffer.concat([hdr, payload]);
}

const STARTTLS_SERVERS: Record<string, { greet?: Buffer | string; step: Step }> = {
  smtp: {
    greet: '220 mail.test ESMTP certlens-test\r\n',
    step: lineStep(
      [
        [/^EHLO /i, '250-mail.test greets you\r\n250-PIPELINING\r\n250 STARTTLS\r\n'],
        [/^STARTTLS$/i, '220 2.0.0 Ready to start TLS\r\n', true],
      ],
      '502 5.5.2 not implemented\r\n',
    ),
  },
  imap: {
    greet: '* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n',
    step: lineStep([[/^(\S+) STARTTLS$/i, '* CAPABILITY IMAP4rev1 STARTTLS\r\nC1 OK Begin TLS negotiation now\r\n', true]], 'C1 BAD\r\n'),
  },
  pop3: { greet: '+OK POP3 ready\r\n', step: lineStep([[/^STLS$/i, '+OK Begin TLS negotiation\r\n', true]], '-ERR\r\n') },
  ftp: { greet: '220-Welcome\r\n220 FTP ready\r\n', step: lineStep([[/^AUTH TLS$/i, '234 AUTH TLS OK.\r\n', true]], '500 ?\r\n') },
  ldap: {
    // ExtendedResponse, messageID 1, resultCode success, empty matchedDN and diagnosticMessage.
    step: (buf) =>
      buf.length >= 31
        ? {
            reply: Buffer.from([0x30, 0x0c, 0x02, 0x01, 0x01, 0x78, 0x07, 0x0a, 0x01, 0x00, 0x04, 0x00, 0x04, 0x00]),
            upgrade: true,
            consumed: 31,
          }
        : undefined,
  },
  postgres: { step: (buf) => (buf.length >= 8 ? { reply: 'S', upgrade: true, consumed: 8 } : undefined) },
  mysql: { greet: mysqlGreeting(), step: (buf) => (buf.length >= 36 ? { upgrade: true, consumed: 36 } : undefined) },
};

/**
 * Server-side TLS over a socket that already delivered `leftover` bytes
 * (MySQL clients send the ClientHello right behind the SSLRequest, often in
 * the same segment). A TLSSocket over a net.Socket would read the handle
 * directly and never see them, so it runs over a Duplex fed by hand.
 */
function serverTls(s: net.Socket, leftover: Buffer, context: tls.SecureContext): void {
  const d = new Duplex({
    read: () => void s.resume(),
    write: (chunk: Buffer, _enc, cb) => void s.write(chunk, cb),
    final: (cb) => {
      s.end();
      cb();
    },
    destroy: (err, cb) => {
      s.destroy();
      cb(err);
    },
  });
  if (leftover.length) d.push(leftover);
  s.on('data', (c: Buffer) => {
    if (!d.push(c)) s.pause();
  });
  s.on('end', () => d.push(null));
  s.on('error', (e) => d.destroy(e));
  const t = new tls.TLSSocket(d as unknown as net.Socket, { isServer: true, secureContext: context });
  t.on('error', () => undefined);
}

export function startStartTlsServer(
  protocol: string,
  host: string,
  context: tls.SecureContext,
): Promise<RunningServer & { received: Buffer[] }> {
  const spec = STARTTLS_SERVERS[protocol];
  if (!spec) throw new Error(`no test server for ${protocol}`);
  const received: Buffer[] = [];
  return startRawServer(host, (s) => {
    if (spec.greet) s.write(spec.greet);
    let buf = Buffer.alloc(0);
    const onData = (d: Buffer): void => {
      received.push(d);
      buf = Buffer.concat([buf, d]);
      for (let r = spec.step(buf); r; r = spec.step(buf)) {
        buf = buf.subarray(r.consumed);
        if (r.reply) s.write(r.reply);
        if (r.upgrade) {
          s.off('data', onData);
          serverTls(s, buf, context);
          return;
        }
      }
    };
    s.on('data', onData);
  }).then((server) => Object.assign(server, { received }));
}

/** The SMTP case of startStartTlsServer. */
export function startSmtpServer(host: string, context: tls.SecureContext): Promise<RunningServer> {
  return startStartTlsServer('smtp', host, context);
}

/** An HTTP CONNECT proxy that requires basic auth `user:pass` when `auth` is set; records what it was asked. */
export async function startConnectProxy(host: string, auth?: string): Promise<RunningServer & { requests: string[] }> {
  const requests: string[] = [];
  const server = await startRawServer(host, (client) => {
    let head = Buffer.alloc(0);
    const onData = (d: Buffer): void => {
      head = Buffer.concat([head, d]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      client.off('data', onData);
      const text = head.subarray(0, end).toString('latin1');
      const rest = head.subarray(end + 4);
      const [first = ''] = text.split('\r\n');
      requests.push(text);
      const m = /^CONNECT (\S+):(\d+) HTTP\/1\.1$/.exec(first.replace(/^CONNECT \[(.*)\]:/, 'CONNECT $1:'));
      if (!m) return void client.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      if (auth && !text.includes(`Proxy-Authorization: Basic ${Buffer.from(auth).toString('base64')}`)) {
        return void client.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n');
      }
      const upstream = net.connect(Number(m[2]), m[1]!, () => {
        client.write('HTTP/1.1 200 Connection established\r\n\r\n');
        if (rest.length) upstream.write(rest);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
    };
    client.on('data', onData);
  });
  return Object.assign(server, { requests });
}

/** Whether ::1 can be bound here (containers without IPv6 cannot). */
export async function ipv6Available(): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(0, '::1', () => srv.close(() => resolve(true)));
  });
}

/** `openssl s_client -showcerts` against a server: the certificates it prints, in its order. */
export function showCerts(address: string, servername: string, extra: string[] = []): Uint8Array[] {
  const out = execFileSync('openssl', ['s_client', '-connect', address, '-servername', servername, '-showcerts', ...extra], {
    input: '',
    encoding: 'latin1',
    stdio: ['pipe', 'pipe', 'pipe'],
    timeout: 10_000,
  });
  return pemToDer(out);
}

// ---------------------------------------------------------------------------
// Fixture regeneration: `npx tsx test/support/tls-servers.ts capture`
// rewrites test/unit/core/tls/fixtures/captured-handshakes.json from fresh
// handshakes against openssl s_server on 127.0.0.1 (new PKI, new secrets).

export async function captureHandshakes(outFile: string): Promise<void> {
  const { createHash } = await import('node:crypto');
  const { probeEndpoint } = await import('../../src/node/tls/probe');
  const pki = makePki();
  const out: Record<string, unknown> = {
    _comment:
      'Server-side bytes of real handshakes, captured with probeEndpoint({onCapture}) against openssl s_server on 127.0.0.1 with a throwaway test PKI (-cert leaf.pem -cert_chain root+int, so served order is leaf, root, int; the certificate-request case sends leaf, int). The keylog secrets belong to these captures only. servedSha256: SHA-256 of each served certificate in served order; the loopback tests check that order against openssl s_client -showcerts. Regenerate: npx tsx test/support/tls-servers.ts capture',
  };
  const cases: Array<[string, string[]]> = [
    ['tls12-misordered-ocsp', ['-tls1_2', '-cert_chain', 'chain-root-int.pem', '-status_file', 'ocsp-good.der']],
    ['tls13-misordered-ocsp', ['-tls1_3', '-cert_chain', 'chain-root-int.pem', '-status_file', 'ocsp-good.der']],
    ['tls13-certificate-request', ['-tls1_3', '-cert_chain', 'chain-int.pem', '-Verify', '1', '-CAfile', 'root.pem']],
  ];
  const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
  try {
    for (const [name, args] of cases) {
      const s = await startOpenSslServer(pki, '127.0.0.1', ['-cert', 'leaf.pem', '-key', 'leaf.key', ...args]);
      let cap: { bytes: Uint8Array; keylog: readonly string[] } | undefined;
      const r = await probeEndpoint(s.address, { servername: 'localhost', proxy: false, onCapture: (c) => (cap = c) });
      out[name] = {
        serverBytes: Buffer.from(cap!.bytes).toString('hex'),
        serverHandshakeTrafficSecret:
          cap!.keylog
            .find((l) => l.startsWith('SERVER_HANDSHAKE_TRAFFIC_SECRET'))
            ?.trim()
            .split(' ')[2] ?? null,
        cipher: r.tls?.cipher ?? null,
        servedSha256: r.servedChain.map(sha),
        ocspSha256: r.ocsp ? sha(r.ocsp.response) : null,
      };
      await s.stop();
    }
    writeFileSync(outFile, `${JSON.stringify(out, null, 2)}\n`);
  } finally {
    await stopAll();
    removePki(pki);
  }
}

if (require.main === module && process.argv[2] === 'capture') {
  captureHandshakes(join(__dirname, '..', 'unit', 'core', 'tls', 'fixtures', 'captured-handshakes.json')).catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
