// Feature tests against the contract in issue 3 / the lead's brief. They
// assert through the VS Code API and wait for conditions with bounded polling.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { suite, test } from './runner';
import { certlensDiagnostics, daysLeft, diagnosticCode, extension, fixture, hoverText, open, waitFor } from './util';

interface CertLensApi {
  fileDecoration(uri: vscode.Uri): Promise<{ badge?: string; tooltip?: string } | undefined>;
}

suite('languages', () => {
  test('.pem .crt .cer .key .csr .crl open as language "pem"', async () => {
    for (const name of ['fullchain.pem', 'leaf.crt', 'leaf.cer', 'leaf.key', 'request.csr', 'intermediate-ca.crl']) {
      const doc = await vscode.workspace.openTextDocument(fixture(name));
      assert.equal(doc.languageId, 'pem', `${name} opened as "${doc.languageId}"`);
    }
  });

  test('the manifest activates on YAML', () => {
    const events: string[] = extension().packageJSON.activationEvents ?? [];
    assert.ok(
      events.some((e) => e === 'onLanguage:yaml' || /^workspaceContains:.*ya?ml/.test(e)),
      `activationEvents ${JSON.stringify(events)} has no onLanguage:yaml`,
    );
  });
});

suite('CodeLens', () => {
  async function lenses(name: string, pattern: RegExp): Promise<vscode.CodeLens[]> {
    const uri = fixture(name);
    await open(name);
    return waitFor(`a CodeLens matching ${pattern} on ${name}`, async () => {
      const all = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
      const hits = (all ?? []).filter((l) => l.command && pattern.test(l.command.title));
      return hits.length ? hits : undefined;
    });
  }

  test('a valid certificate shows "expires in …" and opens the details', async () => {
    const [lens] = await lenses('leaf.crt', /expires in/);
    assert.equal(lens!.command!.command, 'certlens.showDetails');
    await vscode.commands.executeCommand(lens!.command!.command, ...(lens!.command!.arguments ?? []));
  });

  test('an expired certificate shows "expired"', async () => {
    const [lens] = await lenses('expired.crt', /expired/i);
    assert.equal(lens!.command!.command, 'certlens.showDetails');
  });

  test('every block of a chain file gets a lens', async () => {
    await lenses('fullchain.pem', /expires in/);
    const all = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', fixture('fullchain.pem'), 100);
    const lines = new Set(all.filter((l) => l.command?.command === 'certlens.showDetails').map((l) => l.range.start.line));
    assert.ok(lines.size >= 2, `expected a details lens on each of the 2 blocks, got lines ${[...lines]}`);
  });
});

suite('revocation', () => {
  test('a certificate the workspace CRL revokes gets cert-revoked, and the hover says REVOKED', async () => {
    const uri = fixture('revoked.crt');
    await open('revoked.crt');
    const d = await waitFor('a cert-revoked diagnostic on revoked.crt', () =>
      certlensDiagnostics(uri).find((x) => diagnosticCode(x) === 'cert-revoked'),
    );
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.match(d.message, /revoked on \d{4}-\d{2}-\d{2} \(keyCompromise\) per intermediate-ca\.crl/);
    assert.equal(d.range.start.line, 0);
    const text = await waitFor('a hover with the revocation status', async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(2, 5));
      const t = hoverText(hovers ?? []);
      return t.includes('Revocation') ? t : undefined;
    });
    assert.match(text, /REVOKED on/);
    const lens = await waitFor('a REVOKED CodeLens on revoked.crt', async () => {
      const all = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
      return (all ?? []).find((l) => /^\$\(error\) REVOKED · /.test(l.command?.title ?? ''));
    });
    assert.equal(lens.range.start.line, 0);
  });

  test('the CRL itself carries no revocation problem, and leaf.crt is not revoked', async () => {
    const crl = fixture('intermediate-ca.crl');
    const leaf = fixture('leaf.crt');
    await open('intermediate-ca.crl');
    await open('leaf.crt');
    const text = await waitFor('a hover on leaf.crt saying it is not revoked', async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', leaf, new vscode.Position(2, 5));
      const t = hoverText(hovers ?? []);
      return /not revoked per/.test(t) ? t : undefined;
    });
    assert.match(text, /intermediate-ca\.crl/);
    const bad = ['cert-revoked', 'crl-bad-signature', 'crl-unsupported'];
    assert.deepEqual(
      certlensDiagnostics(crl).filter((x) => bad.includes(String(diagnosticCode(x)))),
      [],
    );
    assert.deepEqual(
      certlensDiagnostics(leaf).filter((x) => bad.includes(String(diagnosticCode(x)))),
      [],
    );
  });
});

suite('hover', () => {
  test('hovering inside a certificate block shows its SHA-256 fingerprint', async () => {
    const uri = fixture('leaf.crt');
    await open('leaf.crt');
    const text = await waitFor('a hover with SHA-256', async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(2, 5));
      const t = hoverText(hovers ?? []);
      return t.includes('SHA-256') ? t : undefined;
    });
    assert.match(text, /[0-9A-F]{2}(:[0-9A-F]{2}){31}|[0-9a-f]{64}/i, 'hover has no 32-byte fingerprint');
  });
});

suite('diagnostics', () => {
  test('an expired certificate gets cert-expired', async () => {
    const uri = fixture('expired.crt');
    await open('expired.crt');
    const d = await waitFor('a cert-expired diagnostic on expired.crt', () =>
      certlensDiagnostics(uri).find((x) => diagnosticCode(x) === 'cert-expired'),
    );
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
  });

  test('a certificate valid for 90 days gets no cert-expired', async () => {
    const leaf = fixture('leaf.crt');
    const expired = fixture('expired.crt');
    await open('leaf.crt');
    await open('expired.crt');
    // expired.crt, opened after leaf.crt, has been analysed: so has leaf.crt.
    await waitFor('a cert-expired diagnostic on expired.crt', () =>
      certlensDiagnostics(expired).some((x) => diagnosticCode(x) === 'cert-expired'),
    );
    assert.deepEqual(
      certlensDiagnostics(leaf).filter((x) => diagnosticCode(x) === 'cert-expired'),
      [],
    );
  });

  test('changing the expiry thresholds updates diagnostics without a reload', async () => {
    const name = 'expiring-soon.crt';
    const uri = fixture(name);
    const left = await daysLeft(name); // about 7.5
    assert.ok(left > 5 && left < 9, `fixture ${name} has ${left.toFixed(2)} days left`);
    await open(name);
    const config = vscode.workspace.getConfiguration('certlens.expiry', uri);
    const target = vscode.ConfigurationTarget.Workspace;
    const expiryProblem = (d: vscode.Diagnostic) =>
      d.severity <= vscode.DiagnosticSeverity.Warning && /expir/i.test(String(diagnosticCode(d)));
    try {
      await config.update('warnDays', 30, target);
      await config.update('errorDays', 14, target);
      await waitFor(`an Error on ${name} with errorDays 14 (${left.toFixed(1)} days left)`, () =>
        certlensDiagnostics(uri).find((d) => d.severity === vscode.DiagnosticSeverity.Error && expiryProblem(d)),
      );
      await config.update('errorDays', 1, target);
      await config.update('warnDays', 3, target);
      await waitFor(`no expiry Error/Warning on ${name} with warnDays 3, errorDays 1`, () =>
        certlensDiagnostics(uri).every((d) => !expiryProblem(d)),
      );
    } finally {
      await config.update('warnDays', undefined, target);
      await config.update('errorDays', undefined, target);
    }
  });
});

suite('custom editor', () => {
  test('certlens.binaryViewer opens a DER file', async () => {
    const uri = fixture('leaf.der');
    await vscode.commands.executeCommand('vscode.openWith', uri, 'certlens.binaryViewer');
    await waitFor('a certlens.binaryViewer tab for leaf.der', () =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .find(
          (t) =>
            t.input instanceof vscode.TabInputCustom &&
            t.input.viewType === 'certlens.binaryViewer' &&
            t.input.uri.toString() === uri.toString(),
        ),
    );
  });
});

suite('file decoration', () => {
  async function api(): Promise<CertLensApi> {
    const exported = (await extension().activate()) as Partial<CertLensApi> | undefined;
    assert.equal(typeof exported?.fileDecoration, 'function', 'activate() does not return { fileDecoration }');
    return exported as CertLensApi;
  }

  test('a certificate expiring in ~7 days gets a day-count badge', async () => {
    const { fileDecoration } = await api();
    const left = await daysLeft('expiring-soon.crt');
    const deco = await waitFor('a decoration for expiring-soon.crt', () => fileDecoration(fixture('expiring-soon.crt')));
    const m = /^(\d+)d$/.exec(deco.badge ?? '');
    assert.ok(m, `badge ${JSON.stringify(deco.badge)} is not like "7d"`);
    assert.ok([Math.floor(left), Math.ceil(left)].includes(Number(m[1])), `badge ${deco.badge} for ${left.toFixed(2)} days`);
  });

  test('an expired certificate gets a badge, a healthy 90-day one gets none', async () => {
    const { fileDecoration } = await api();
    const expired = await waitFor('a decoration for expired.crt', () => fileDecoration(fixture('expired.crt')));
    assert.ok(expired.badge, 'expired.crt has no badge');
    const leaf = await fileDecoration(fixture('leaf.crt'));
    assert.equal(leaf?.badge, undefined, `leaf.crt (healthy, 90 days) has a badge: ${JSON.stringify(leaf)}`);
  });
});

suite('commands', () => {
  // Follows the manifest: every contributed command, run the way the palette
  // runs it (no arguments) with a certificate in the active editor.
  test('every contributed command runs without throwing', async () => {
    const commands: { command: string }[] = extension().packageJSON.contributes?.commands ?? [];
    assert.ok(commands.length > 0, 'package.json contributes no commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    const failures: string[] = [];
    for (const { command } of commands) {
      await open('leaf.crt');
      if (!registered.has(command)) {
        failures.push(`${command}: contributed but not registered`);
        continue;
      }
      const run = Promise.resolve(vscode.commands.executeCommand(command)).then(
        () => undefined,
        (e: unknown) => (e instanceof Error ? e.message : String(e)),
      );
      // A command may wait for user input (quick pick, input box): dismiss it,
      // which resolves the prompt with undefined, and require the command to end.
      const settled = await Promise.race([run.then((err) => ({ err })), new Promise((r) => setTimeout(r, 2000))]);
      let err: string | undefined;
      if (settled) err = (settled as { err?: string }).err;
      else {
        await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
        const late = await Promise.race([run.then((e) => ({ err: e })), new Promise((r) => setTimeout(r, 10_000))]);
        err = late ? (late as { err?: string }).err : 'did not finish within 12 s (waiting for input?)';
      }
      console.log(`    ${err ? '✖' : '·'} ${command}${err ? `: ${err}` : ''}`);
      if (err) failures.push(`${command}: ${err}`);
    }
    assert.deepEqual(failures, []);
  }, 120_000);
});
