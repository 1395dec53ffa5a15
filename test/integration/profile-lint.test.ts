// Profile lint in the real editor: a TLS leaf without SAN gets cert-no-san
// on its block, and copies of the trust store's roots in the same file get
// no profile diagnostics (the chain service hands their fingerprints over).
import * as assert from 'node:assert/strict';
import { rootCertificates } from 'node:tls';
import * as vscode from 'vscode';
import { suite, test } from './runner';
import { certlensDiagnostics, diagnosticCode, extension, fixture, waitFor } from './util';

const PROFILE = /^cert-(serial-invalid|version|ca-profile|san-empty-subject|validity-inverted|duplicate-extension|no-san|cn-not-in-san)$/;

suite('Profile lint', () => {
  test('cert-no-san on a server leaf; vendored trust-store roots are exempt', async () => {
    await extension().activate();
    const leaf = new TextDecoder().decode(
      await vscode.workspace.fs.readFile(
        vscode.Uri.joinPath(extension().extensionUri, 'test', 'fixtures', 'profile-lint', 'cert-no-san.pem'),
      ),
    );
    const text = `${rootCertificates.join('\n')}\n${leaf}`;
    const uri = fixture('it-profile-lint.pem');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false });
    const found = await waitFor(
      'cert-no-san',
      () => {
        const d = certlensDiagnostics(uri).filter((x) => PROFILE.test(String(diagnosticCode(x))));
        return d.some((x) => diagnosticCode(x) === 'cert-no-san') ? d : undefined;
      },
      60_000,
    );
    assert.deepEqual(
      found.map((d) => [diagnosticCode(d), d.severity]),
      [['cert-no-san', vscode.DiagnosticSeverity.Warning]],
    );
    assert.equal(found[0]!.range.start.line, doc.positionAt(text.indexOf(leaf)).line, 'on the leaf block');
  });
});
