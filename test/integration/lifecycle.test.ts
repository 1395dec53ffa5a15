// Chains across files, key pairing, certificates embedded in Kubernetes YAML,
// the cert-manager renewal timeline and PKCS#12 unlocking, in the real editor.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { suite, test } from './runner';
import { certlensDiagnostics, diagnosticCode, extension, fixture, open, waitFor } from './util';

interface CertLensApi {
  analysis(uri: vscode.Uri): Promise<{ items: Array<Record<string, unknown>>; problems: Array<{ code: string }> } | undefined>;
}

async function lensTitles(name: string, want: RegExp): Promise<string[]> {
  const uri = fixture(name);
  await open(name);
  return waitFor(`a CodeLens matching ${want} on ${name}`, async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
    const titles = (lenses ?? []).map((l) => l.command?.title ?? '');
    return titles.some((t) => want.test(t)) ? titles : undefined;
  });
}

suite('chains across files', () => {
  test('the leaf of fullchain.pem shows its chain verdict up to the workspace root', async () => {
    const titles = await lensTitles('fullchain.pem', /chain/i);
    assert.ok(
      titles.some((t) => /CertLens Sample Root/i.test(t)),
      JSON.stringify(titles),
    );
  });

  test('misordered-chain.pem gets chain-misordered on its own block', async () => {
    const uri = fixture('misordered-chain.pem');
    await open('misordered-chain.pem');
    const d = await waitFor('chain-misordered', () => certlensDiagnostics(uri).find((x) => diagnosticCode(x) === 'chain-misordered'));
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
  });
});

suite('key pairing', () => {
  test('leaf.key says which certificate uses it', async () => {
    const titles = await lensTitles('leaf.key', /matches/i);
    assert.ok(
      titles.some((t) => /www\.example\.test/.test(t)),
      JSON.stringify(titles),
    );
  });

  test('unrelated.key says no certificate uses it', async () => {
    await lensTitles('unrelated.key', /no certificate/i);
  });
});

suite('Kubernetes YAML', () => {
  test('the certificates inside tls-secret.yaml get countdown lenses on the data.tls.crt line', async () => {
    const uri = fixture('tls-secret.yaml');
    const editor = await open('tls-secret.yaml');
    const line = editor.document
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('tls.crt:'));
    assert.ok(line >= 0);
    const lenses = await waitFor('lenses on tls.crt', async () => {
      const all = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
      const onLine = (all ?? []).filter((l) => l.range.start.line === line && /expires in/.test(l.command?.title ?? ''));
      return onLine.length >= 2 ? onLine : undefined; // leaf and intermediate
    });
    assert.ok(lenses.length >= 2);
  });

  test('cert-manager.yaml: the renewal CodeLens shows the CM002 error, and the timeline once the quick fix is applied', async () => {
    const uri = fixture('cert-manager.yaml');
    await lensTitles('cert-manager.yaml', /no renewal timeline: CM002/);
    const diag = await waitFor('CM002 on cert-manager.yaml', async () =>
      vscode.languages.getDiagnostics(uri).find((d) => diagnosticCode(d) === 'CM002'),
    );
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diag.range);
    const fix = (actions ?? []).find((a) => a.title === 'Replace with 2160h0m0s');
    assert.ok(fix?.edit, JSON.stringify((actions ?? []).map((a) => a.title)));
    await vscode.workspace.applyEdit(fix.edit);
    const titles = await lensTitles('cert-manager.yaml', /^renews /);
    assert.ok(
      titles.some((t) => /overlap/.test(t)),
      JSON.stringify(titles),
    );
    await waitFor('no finding left on cert-manager.yaml', async () =>
      vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'certlens').length === 0 ? true : undefined,
    );
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});

suite('PKCS#12', () => {
  test('bundle.p12 is locked until unlocked with its password, kept in memory', async () => {
    const api = (await extension().activate()) as CertLensApi;
    const uri = fixture('bundle.p12');
    const locked = await api.analysis(uri);
    assert.ok(
      locked?.items.some((i) => i.kind === 'pkcs12' && i.status === 'needs-password'),
      JSON.stringify(locked?.items),
    );
    await vscode.commands.executeCommand('certlens.unlockPkcs12', uri, 'wrong password');
    const wrong = await waitFor('wrong-password', async () => {
      const a = await api.analysis(uri);
      return a?.items.some((i) => i.status === 'wrong-password') ? a : undefined;
    });
    assert.ok(!wrong.items.some((i) => i.kind === 'certificate'));
    await vscode.commands.executeCommand('certlens.unlockPkcs12', uri, 'certlens-sample');
    const open = await waitFor('the unlocked bundle', async () => {
      const a = await api.analysis(uri);
      return a?.items.some((i) => i.kind === 'pkcs12' && i.status === 'ok') ? a : undefined;
    });
    assert.equal(open.items.filter((i) => i.kind === 'certificate').length, 2);
    assert.equal(open.items.filter((i) => i.kind === 'private-key').length, 1);
  });
});
