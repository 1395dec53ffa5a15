/**
 * The test PKI of the endpoint-check tests: certificates generated per run
 * with Debian's `openssl` into a temp dir (relative dates; the tests pass
 * `now` = the run's clock). The servers that present them are in
 * tls-servers.ts.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Pki {
  readonly dir: string;
  readonly path: (name: string) => string;
  readonly pem: (name: string) => string;
  /** DER of a single-certificate PEM file. */
  readonly der: (name: string) => Uint8Array;
}

function openssl(args: string[], cwd: string): string {
  return execFileSync('openssl', args, { cwd, encoding: 'latin1', stdio: ['ignore', 'pipe', 'pipe'] });
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

/**
 * root (self-signed CA) → int (CA) → leaf (localhost, 127.0.0.1, ::1), plus:
 * leaf-expired (2020), leaf-muststaple, selfsigned, client (+ client.p12,
 * password "secret"), OCSP responses ocsp-good.der / ocsp-revoked.der
 * signed by int for leaf, and chain files used by s_server -cert_chain.
 */
export function makePki(): Pki {
  const dir = mkdtempSync(join(tmpdir(), 'certlens-tls-'));
  const w = (name: string, text: string): void => writeFileSync(join(dir, name), text);
  w(
    'ca.ext',
    'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n',
  );
  w(
    'leaf.ext',
    'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\n',
  );
  w(
    'ms.ext',
    'basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\ntlsfeature=status_request\n',
  );
  w('client.ext', 'basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n');
  w('self.ext', 'basicConstraints=CA:FALSE\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n');

  openssl(
    [
      'req',
      '-x509',
      ...EC,
      '-keyout',
      'root.key',
      '-out',
      'root.pem',
      '-subj',
      '/CN=CertLens Test Root',
      '-days',
      '3650',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
  const issue = (name: string, cn: string, issuer: string, ext: string, days: string): void => {
    openssl(['req', '-new', ...EC, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`], dir);
    openssl(
      [
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        `${issuer}.pem`,
        '-CAkey',
        `${issuer}.key`,
        '-CAcreateserial',
        '-out',
        `${name}.pem`,
        '-days',
        days,
        '-extfile',
        ext,
      ],
      dir,
    );
  };
  issue('int', 'CertLens Test Intermediate', 'root', 'ca.ext', '1825');
  issue('leaf', 'localhost', 'int', 'leaf.ext', '90');
  issue('leaf-muststaple', 'localhost', 'int', 'ms.ext', '90');
  issue('client', 'certlens test client', 'int', 'client.ext', '90');
  openssl(
    [
      'req',
      '-x509',
      ...EC,
      '-keyout',
      'selfsigned.key',
      '-out',
      'selfsigned.pem',
      '-subj',
      '/CN=localhost',
      '-days',
      '30',
      '-extensions',
      'v3',
      '-config',
      writeSelfConfig(dir),
    ],
    dir,
  );

  // An expired leaf needs explicit dates: `openssl ca` takes -startdate/-enddate.
  w('index.txt', '');
  w('serial', '1000\n');
  w(
    'ca.cnf',
    `[ca]\ndefault_ca=d\n[d]\ndatabase=index.txt\nnew_certs_dir=.\nserial=serial\ndefault_md=sha256\npolicy=p\nunique_subject=no\n[p]\ncommonName=supplied\n`,
  );
  openssl(['req', '-new', ...EC, '-keyout', 'leaf-expired.key', '-out', 'leaf-expired.csr', '-subj', '/CN=localhost'], dir);
  openssl(
    [
      'ca',
      '-batch',
      '-config',
      'ca.cnf',
      '-cert',
      'int.pem',
      '-keyfile',
      'int.key',
      '-in',
      'leaf-expired.csr',
      '-out',
      'leaf-expired.pem',
      '-startdate',
      '20200101000000Z',
      '-enddate',
      '20200401000000Z',
      '-extfile',
      'leaf.ext',
      '-notext',
    ],
    dir,
  );

  const cat = (out: string, ...names: string[]): void => w(out, names.map((n) => readFileSync(join(dir, n), 'latin1')).join(''));
  cat('chain-int.pem', 'int.pem');
  cat('chain-root-int.pem', 'root.pem', 'int.pem'); // misordered: s_server sends leaf, root, int
  cat('chain-int-root.pem', 'int.pem', 'root.pem'); // root included, right order
  cat('client-chain.pem', 'client.pem', 'int.pem');
  openssl(['pkcs12', '-export', '-in', 'client-chain.pem', '-inkey', 'client.key', '-out', 'client.p12', '-passout', 'pass:secret'], dir);

  // OCSP responses for leaf, signed directly by its issuer (RFC 6960 §4.2.2.2 case 1).
  const serial = openssl(['x509', '-in', 'leaf.pem', '-noout', '-serial'], dir)
    .trim()
    .replace(/^serial=/, '');
  const subject = openssl(['x509', '-in', 'leaf.pem', '-noout', '-subject', '-nameopt', 'compat'], dir)
    .trim()
    .replace(/^subject=/, '');
  openssl(['ocsp', '-issuer', 'int.pem', '-cert', 'leaf.pem', '-no_nonce', '-reqout', 'ocsp-req.der'], dir);
  const respond = (index: string, out: string): void => {
    w('ocsp-index.txt', index);
    openssl(
      [
        'ocsp',
        '-index',
        'ocsp-index.txt',
        '-rsigner',
        'int.pem',
        '-rkey',
        'int.key',
        '-CA',
        'int.pem',
        '-reqin',
        'ocsp-req.der',
        '-respout',
        out,
        '-ndays',
        '7',
      ],
      dir,
    );
  };
  respond(`V\t300101000000Z\t\t${serial}\tunknown\t${subject}\n`, 'ocsp-good.der');
  respond(`R\t300101000000Z\t240101000000Z,keyCompromise\t${serial}\tunknown\t${subject}\n`, 'ocsp-revoked.der');

  const path = (name: string): string => join(dir, name);
  const pem = (name: string): string => readFileSync(path(name), 'latin1');
  const der = (name: string): Uint8Array => pemToDer(pem(name))[0]!;
  return { dir, path, pem, der };
}

function writeSelfConfig(dir: string): string {
  writeFileSync(
    join(dir, 'self.cnf'),
    '[req]\ndistinguished_name=dn\n[dn]\n[v3]\nbasicConstraints=CA:FALSE\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n',
  );
  return 'self.cnf';
}

export function pemToDer(text: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  const re = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(new Uint8Array(Buffer.from((m[1] ?? '').replace(/\s+/g, ''), 'base64')));
  return out;
}

export function removePki(pki: Pki): void {
  rmSync(pki.dir, { recursive: true, force: true });
}
