/**
 * A loopback OCSP responder for tests: a Node http server on 127.0.0.1 (port
 * picked by the OS) whose answers are made by `openssl ocsp` from a CA
 * database, plus a small PKI whose leaves name that responder in their AIA.
 * Paths: `/` signed by the CA itself, `/delegated` by a delegated responder
 * (id-kp-OCSPSigning), `/garbage` answers bytes that are no OCSP response,
 * `/error` answers HTTP 500.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pemToDer } from './tls-servers';

export interface OcspPki {
  readonly dir: string;
  readonly url: string;
  /** A URL on which nothing listens. */
  readonly deadUrl: string;
  der(name: string): Uint8Array;
  /** Requests received, for "was it queried at all" checks. */
  readonly received: number[];
  stop(): Promise<void>;
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export async function startOcspPki(): Promise<OcspPki> {
  const dir = mkdtempSync(join(tmpdir(), 'certlens-ocsp-'));
  const ssl = (args: string[]): string =>
    execFileSync('openssl', args, { cwd: dir, encoding: 'latin1', stdio: ['ignore', 'pipe', 'pipe'] });
  const w = (name: string, text: string): void => writeFileSync(join(dir, name), text);
  const received: number[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push(Buffer.concat(chunks).length);
      // A proxied request carries the absolute URL.
      const path = new URL(req.url ?? '/', 'http://responder').pathname;
      if (path === '/garbage') return void res.end(Buffer.from('this is not DER'));
      if (path === '/error') {
        res.statusCode = 500;
        return void res.end();
      }
      const signer = path === '/delegated' ? 'responder' : 'ca';
      writeFileSync(join(dir, 'req.der'), Buffer.concat(chunks));
      try {
        ssl([
          'ocsp',
          '-index',
          'index.txt',
          '-CA',
          'ca.pem',
          '-rsigner',
          `${signer}.pem`,
          '-rkey',
          `${signer}.key`,
          '-reqin',
          'req.der',
          '-respout',
          'resp.der',
          '-ndays',
          '7',
        ]);
        res.setHeader('content-type', 'application/ocsp-response');
        res.end(readFileSync(join(dir, 'resp.der')));
      } catch {
        res.statusCode = 500;
        res.end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const deadUrl = `http://127.0.0.1:${await freePort()}`;

  w('ca.ext', 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n');
  w('responder.ext', 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=OCSPSigning\n');
  ssl([
    'req',
    '-x509',
    ...EC,
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-subj',
    '/CN=CertLens OCSP Test CA',
    '-days',
    '30',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  let serial = 0x5000;
  const index: string[] = [];
  const issue = (name: string, ext: string, status: 'V' | 'R' | 'none'): void => {
    const s = (serial++).toString(16).toUpperCase();
    ssl(['req', '-new', ...EC, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}.example.test`]);
    w(`${name}.ext`, ext);
    ssl([
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-set_serial',
      `0x${s}`,
      '-out',
      `${name}.pem`,
      '-days',
      '20',
      '-extfile',
      `${name}.ext`,
    ]);
    if (status === 'V') index.push(`V\t300101000000Z\t\t${s}\tunknown\t/CN=${name}.example.test`);
    if (status === 'R') index.push(`R\t300101000000Z\t250301000000Z,keyCompromise\t${s}\tunknown\t/CN=${name}.example.test`);
  };
  const leaf = (aia: string | undefined): string =>
    `basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost\n${aia ? `authorityInfoAccess=OCSP;URI:${aia}\n` : ''}`;
  issue('responder', readFileSync(join(dir, 'responder.ext'), 'latin1'), 'V');
  issue('good', leaf(`${url}/`), 'V');
  issue('revoked', leaf(`${url}/`), 'R');
  issue('unknown', leaf(`${url}/`), 'none');
  issue('delegated', leaf(`${url}/delegated`), 'V');
  issue('garbage', leaf(`${url}/garbage`), 'V');
  issue('error', leaf(`${url}/error`), 'V');
  issue('dead', leaf(`${deadUrl}/`), 'V');
  issue('noaia', leaf(undefined), 'V');
  issue('ldap', leaf('ldap://ocsp.example.test/'), 'V');
  w('index.txt', `${index.join('\n')}\n`);
  return {
    dir,
    url,
    deadUrl,
    received,
    der: (name) => pemToDer(readFileSync(join(dir, name), 'latin1'))[0]!,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        rmSync(dir, { recursive: true, force: true });
      }),
  };
}
