// The background workspace index in the real editor: per-file updates that
// decode only the changed file and re-analyse only its dependants, the store
// that a reload restores from, and cert-superseded in the editor's reports.
import 'reflect-metadata';
import * as assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import * as vscode from 'vscode';
import { suite, test } from './runner';
import type { Reanalysis } from '../../src/extension/incremental';
import type { CertLensApi } from '../../src/extension/main';
import { certlensDiagnostics, diagnosticCode, extension, fixture, open, waitFor } from './util';

export type { Reanalysis } from '../../src/extension/incremental';
type IndexApi = Pick<CertLensApi, 'index'>;

export async function indexApi(): Promise<IndexApi['index']> {
  const api = (await extension().activate()) as IndexApi;
  return api.index;
}

/** Writes (or deletes, with `text` undefined) a workspace file and waits for the re-analysis it causes. */
export async function changeAndWait(index: IndexApi['index'], name: string, text: string | undefined): Promise<Reanalysis> {
  const uri = fixture(name);
  const seen = index.reanalyses().length;
  if (text === undefined) await vscode.workspace.fs.delete(uri);
  else await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return waitFor(`the re-analysis of ${name}`, () =>
    index
      .reanalyses()
      .slice(seen)
      .find((r) => r.file === name),
  );
}

const read = async (name: string) => new TextDecoder().decode(await vscode.workspace.fs.readFile(fixture(name)));

suite('workspace index', () => {
  test('index: a new leaf file is decoded alone and re-analyses only the files sharing its key', async () => {
    const index = await indexApi();
    const before = await index.ready();
    assert.ok(before.files > 10 && before.complete, JSON.stringify(before));
    const r = await changeAndWait(index, 'index-probe/leaf-copy.pem', await read('leaf.crt'));
    const after = index.stats();
    assert.equal(after.decoded - before.decoded, 1, 'only the changed file is decoded');
    const uris = new Set(r.uris);
    for (const f of ['index-probe/leaf-copy.pem', 'leaf.crt', 'leaf.key'])
      assert.ok(uris.has(fixture(f).toString()), `${f} re-analysed: ${r.uris.join(' ')}`);
    for (const f of ['root-ca.crt', 'expired.crt', 'revoked.crt']) assert.ok(!uris.has(fixture(f).toString()), `${f} not re-analysed`);
  });

  test('index: a new CA file re-analyses every file issued under it', async () => {
    const index = await indexApi();
    const before = index.stats();
    const r = await changeAndWait(index, 'index-probe/ca-copy.pem', await read('intermediate-ca.crt'));
    assert.equal(index.stats().decoded - before.decoded, 1, 'only the changed file is decoded');
    const uris = new Set(r.uris);
    for (const f of ['expired.crt', 'revoked.crt', 'leaf.crt'])
      assert.ok(uris.has(fixture(f).toString()), `${f} re-analysed: ${r.uris.join(' ')}`);
    assert.ok(!uris.has(fixture('unrelated.key').toString()), 'unrelated.key not re-analysed');
  });

  test('index: deleting files decodes nothing and drops them from the index', async () => {
    const index = await indexApi();
    const before = index.stats();
    await changeAndWait(index, 'index-probe/leaf-copy.pem', undefined);
    await changeAndWait(index, 'index-probe/ca-copy.pem', undefined);
    const after = index.stats();
    assert.equal(after.decoded, before.decoded);
    assert.equal(after.files, before.files - 2);
  });

  test('index: a reload restores every unchanged file from the store and decodes none', async () => {
    const index = await indexApi();
    const live = await index.ready();
    const reloaded = await index.reloadFromStore();
    assert.equal(reloaded.decoded, 0, JSON.stringify(reloaded));
    assert.equal(reloaded.restored, live.files, JSON.stringify({ live, reloaded }));
  });
});

suite('superseded certificates in the editor', () => {
  test('index: a predecessor whose successor is already valid shows cert-superseded, not cert-expiring', async () => {
    const index = await indexApi();
    await index.ready();
    const old = new x509.X509Certificate(await read('expiring-soon.crt'));
    const expiring = await waitFor('cert-expiring on expiring-soon.crt', async () => {
      await open('expiring-soon.crt');
      return certlensDiagnostics(fixture('expiring-soon.crt')).find((d) => diagnosticCode(d) === 'cert-expiring');
    });
    assert.equal(expiring.severity, vscode.DiagnosticSeverity.Warning);
    // The renewal: same subject, SAN and key, valid since yesterday for 90 days (signed by a throwaway CA).
    x509.cryptoProvider.set(webcrypto as unknown as Crypto);
    const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
    const ca = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as CryptoKeyPair;
    const day = 86_400_000;
    const renewed = await x509.X509CertificateGenerator.create({
      serialNumber: '0a0b0c0d',
      subject: old.subject,
      issuer: 'CN=Index Test Renewal CA',
      notBefore: new Date(Date.now() - day),
      notAfter: new Date(Date.now() + 90 * day),
      signingAlgorithm: alg,
      publicKey: await old.publicKey.export(alg, ['verify']),
      signingKey: ca.privateKey,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: 'soon.example.test' }]),
      ],
    });
    await changeAndWait(index, 'index-probe/soon-renewed.pem', renewed.toString('pem'));
    const superseded = await waitFor('cert-superseded on expiring-soon.crt', () =>
      certlensDiagnostics(fixture('expiring-soon.crt')).find((d) => diagnosticCode(d) === 'cert-superseded'),
    );
    assert.equal(superseded.severity, vscode.DiagnosticSeverity.Information);
    assert.match(superseded.message, /soon-renewed\.pem/);
    assert.ok(!certlensDiagnostics(fixture('expiring-soon.crt')).some((d) => diagnosticCode(d) === 'cert-expiring'));
    await changeAndWait(index, 'index-probe/soon-renewed.pem', undefined);
  });
});
