// Java keystores in the real editor: the committed keytool fixture is copied
// into the test workspace (so no JDK is needed at test time), opened in the
// binary viewer, unlocked, and paired with a PEM key through the workspace index.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { suite, test } from './runner';
import { extension, fixture, open, waitFor } from './util';

interface CertLensApi {
  analysis(uri: vscode.Uri): Promise<{ items: Array<Record<string, unknown>>; problems: Array<{ code: string }> } | undefined>;
}

async function copyFixture(from: string, to: string): Promise<vscode.Uri> {
  const src = vscode.Uri.joinPath(extension().extensionUri, 'test', 'fixtures', 'jks', from);
  const dest = fixture(to);
  await vscode.workspace.fs.copy(src, dest, { overwrite: true });
  return dest;
}

const keystore = (a: { items: Array<Record<string, unknown>> } | undefined) => a?.items.find((i) => i.kind === 'keystore');

suite('Java keystores', () => {
  test('keystore.jks is read without its password, then verified by the unlock command', async () => {
    const api = (await extension().activate()) as CertLensApi;
    const uri = await copyFixture('keystore.jks', 'it-keystore.jks');
    const first = await waitFor('the keystore analysis', async () => {
      const a = await api.analysis(uri);
      return keystore(a) ? a : undefined;
    });
    assert.equal(keystore(first)!.integrity, 'unverified');
    assert.ok(
      first!.problems.some((p) => p.code === 'keystore-unverified'),
      JSON.stringify(first!.problems),
    );
    const certs = first!.items.filter((i) => i.kind === 'certificate');
    assert.equal(certs.length, 6);
    assert.deepEqual(
      certs.filter((c) => c.alias === 'server').map((c) => [c.entryType, c.chainPosition]),
      [
        ['PrivateKeyEntry', 0],
        ['PrivateKeyEntry', 1],
        ['PrivateKeyEntry', 2],
      ],
    );

    await vscode.commands.executeCommand('certlens.unlockPkcs12', uri, 'not the password');
    const failed = await waitFor('keystore-integrity-failed', async () => {
      const a = await api.analysis(uri);
      return keystore(a)?.integrity === 'failed' ? a : undefined;
    });
    assert.ok(failed.problems.some((p) => p.code === 'keystore-integrity-failed'));
    assert.equal(failed.items.filter((i) => i.kind === 'certificate').length, 6, 'certificates stay readable');

    await vscode.commands.executeCommand('certlens.unlockPkcs12', uri, 'changeit');
    const verified = await waitFor('verified integrity', async () => {
      const a = await api.analysis(uri);
      return keystore(a)?.integrity === 'verified' ? a : undefined;
    });
    assert.ok(!verified.problems.some((p) => p.code.startsWith('keystore-')), JSON.stringify(verified.problems));
    // Unlocked: each key entry's key is opened in memory for its public key and checked against its certificate.
    const keys = verified.items.filter((i) => i.kind === 'private-key');
    assert.deepEqual(keys.map((k) => [k.alias, k.entryType, typeof k.spkiSha256]).sort(), [
      ['rsa-client', 'PrivateKeyEntry', 'string'],
      ['server', 'PrivateKeyEntry', 'string'],
    ]);
    const server = (keystore(verified)!.entries as Array<Record<string, unknown>>).find((e) => e.alias === 'server')!;
    assert.deepEqual([server.keyState, server.keyMatchesCertificate], ['decrypted', true]);
  });

  test('an unlocked keystore whose key is stored with another certificate shows key-mismatch', async () => {
    const api = (await extension().activate()) as CertLensApi;
    const uri = await copyFixture('mismatch.jks', 'it-mismatch.jks');
    await vscode.commands.executeCommand('certlens.unlockPkcs12', uri, 'changeit');
    const a = await waitFor('key-mismatch on the unlocked keystore', async () => {
      const r = await api.analysis(uri);
      return r?.problems.some((p) => p.code === 'key-mismatch') ? r : undefined;
    });
    assert.equal(keystore(a)!.integrity, 'verified');
  });

  test('a .jks file opens in the CertLens binary viewer by default', async () => {
    const uri = await copyFixture('truststore.jks', 'it-truststore.jks');
    await vscode.commands.executeCommand('vscode.open', uri);
    const input = await waitFor('the custom editor tab', () => {
      const i = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return i instanceof vscode.TabInputCustom && i.uri.toString() === uri.toString() ? i : undefined;
    });
    assert.equal(input.viewType, 'certlens.binaryViewer');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('a PEM public key gets a CodeLens naming the keystore that holds its certificate', async () => {
    await copyFixture('keystore.jks', 'it-keystore.jks');
    const pubUri = await copyFixture('leaf.pub.pem', 'it-keystore-leaf.pub.pem');
    await open('it-keystore-leaf.pub.pem');
    const titles = await waitFor('a "matches it-keystore.jks" lens', async () => {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', pubUri, 100);
      const t = (lenses ?? []).map((l) => l.command?.title ?? '');
      return t.some((x) => /matches it-keystore\.jks/.test(x)) ? t : undefined;
    });
    assert.ok(
      titles.some((t) => /leaf\.jks\.test/.test(t)),
      JSON.stringify(titles),
    );
  });
});
