// Kubernetes manifests and crt.sh links in the real editor: a CSR resource's
// spec.request decoded in place, the TLS Secret summary lens, and the
// "Search crt.sh" link in certificate hovers (off with certlens.links.crtSh).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { suite, test } from './runner';
import { fixture, hoverText, open, waitFor } from './util';

async function hoverAt(uri: vscode.Uri, position: vscode.Position, what: string, pattern: RegExp): Promise<string> {
  return waitFor(what, async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
    const t = hoverText(hovers ?? []);
    return pattern.test(t) ? t : undefined;
  });
}

/** Line and a column inside the value of the first line containing `key`. */
function inValue(doc: vscode.TextDocument, key: string): vscode.Position {
  const line = doc
    .getText()
    .split('\n')
    .findIndex((l) => l.includes(key));
  assert.ok(line >= 0, `no ${key} in ${doc.uri.path}`);
  return new vscode.Position(line, doc.lineAt(line).text.indexOf(key) + key.length + 5);
}

suite('Kubernetes CSR resources', () => {
  test('hovering spec.request of a CertificateSigningRequest shows the CSR subject', async () => {
    const editor = await open('k8s-csr.yaml');
    const uri = fixture('k8s-csr.yaml');
    const text = await hoverAt(uri, inValue(editor.document, 'request: '), 'a CSR hover on spec.request', /CSR/);
    assert.match(text, /CN=api\.example\.test/);
    assert.doesNotMatch(text, /crt\.sh/, 'a CSR gets no crt.sh link');
    const issued = await hoverAt(uri, inValue(editor.document, '  certificate: '), 'a certificate hover on status.certificate', /SHA-256/);
    assert.match(issued, /api\.example\.test/);
  });
});

suite('TLS Secret summary', () => {
  test('tls-secret.yaml has a lens on tls.crt saying what the Secret holds', async () => {
    const editor = await open('tls-secret.yaml');
    const uri = fixture('tls-secret.yaml');
    const line = editor.document
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('tls.crt:'));
    const lens = await waitFor('the Secret summary lens', async () => {
      const all = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
      return (all ?? []).find((l) => l.range.start.line === line && /tls\.crt: leaf/.test(l.command?.title ?? ''));
    });
    assert.match(
      lens.command!.title,
      /tls\.crt: leaf CN=www\.example\.test \+ 1 intermediate \(CN=CertLens Sample Intermediate CA\) · ca\.crt: root CN=CertLens Sample Root CA/,
    );
  });
});

suite('crt.sh links', () => {
  test('a certificate hover links to crt.sh by SHA-256; certlens.links.crtSh=false hides it', async () => {
    const uri = fixture('leaf.crt');
    await open('leaf.crt');
    const text = await hoverAt(uri, new vscode.Position(2, 5), 'a hover with a crt.sh link', /crt\.sh/);
    assert.match(text, /\[Search crt\.sh\]\(https:\/\/crt\.sh\/\?sha256=[0-9a-f]{64} "[^"]*not in CT logs[^"]*"\)/);
    const config = vscode.workspace.getConfiguration('certlens');
    await config.update('links.crtSh', false, vscode.ConfigurationTarget.Workspace);
    try {
      await hoverAt(uri, new vscode.Position(2, 5), 'a hover without the crt.sh link', /SHA-256/);
      await waitFor('the link to disappear', async () => {
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(2, 5));
        const t = hoverText(hovers ?? []);
        return t.includes('SHA-256') && !t.includes('crt.sh');
      });
    } finally {
      await config.update('links.crtSh', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
