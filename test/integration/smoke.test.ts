// Proves the harness itself: we are inside a real VS Code 1.100 extension host
// with the extension under development loaded. Passes without any feature code.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { suite, test } from './runner';
import { EXTENSION_ID, extension, fixture, waitFor } from './util';

suite('smoke', () => {
  test('runs inside VS Code 1.100', () => {
    console.log(
      `  VS Code ${vscode.version} (${vscode.env.appName}, appHost ${vscode.env.appHost}, ` +
        `remote ${vscode.env.remoteName ?? 'none'}, node ${process.version})`,
    );
    assert.match(vscode.version, /^1\.100\./);
  });

  test(`${EXTENSION_ID} is loaded from the development path`, () => {
    const ext = extension();
    const pkg = ext.packageJSON as { name: string; publisher: string; main: string };
    assert.equal(`${pkg.publisher}.${pkg.name}`, EXTENSION_ID);
    assert.equal(pkg.main, './dist/extension.js');
  });

  test('the fixture workspace is open', async () => {
    const stat = await vscode.workspace.fs.stat(fixture('leaf.crt'));
    assert.equal(stat.type, vscode.FileType.File);
  });
});

suite('activation', () => {
  // Lazy activation (STYLE.md §4): no '*' and no onStartupFinished; the
  // workspace holds certificate files, so `workspaceContains` may already have
  // activated it, and opening a .pem file must do so in any case.
  test('activation is lazy and a .pem file activates the extension', async () => {
    const ext = extension();
    const events: string[] = ext.packageJSON.activationEvents ?? [];
    assert.ok(!events.includes('*') && !events.includes('onStartupFinished'), `eager activation events: ${JSON.stringify(events)}`);
    assert.ok(
      events.every((e) => /^(onLanguage|workspaceContains|onCommand|onView|onCustomEditor):/.test(e)),
      JSON.stringify(events),
    );
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(fixture('fullchain.pem')));
    await waitFor('the extension to activate on a .pem file', () => ext.isActive, 10_000);
  });

  test('activate() resolves', async () => {
    const ext = extension();
    await ext.activate();
    assert.equal(ext.isActive, true);
  });
});
