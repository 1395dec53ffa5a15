/**
 * The manifest and the .vsix agree: every file package.json points at exists
 * and is shipped (`vsce ls` reads the .vscodeignore allowlist), and the
 * engine accepts VS Code 1.100 (code-server 4.100.3).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

describe('package.json and the .vsix', () => {
  const referenced: string[] = [
    pkg.main,
    pkg.bin.certlens,
    ...pkg.contributes.languages.map((l: { configuration: string }) => l.configuration),
    ...pkg.contributes.grammars.map((g: { path: string }) => g.path),
    'dist/editor-decode-worker.js',
    // What dist/cli.js (src/cli/loader.cjs) loads.
    'dist/cli-main.js',
    'dist/cli-main.cache',
    'media/details.js',
    'media/details.css',
  ].map((p: string) => p.replace(/^\.\//, ''));

  it('every referenced file is shipped by vsce', () => {
    const shipped = new Set(
      execFileSync(join(root, 'node_modules', '.bin', 'vsce'), ['ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' })
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean),
    );
    for (const f of referenced) assert.ok(shipped.has(f), `${f} is not in the .vsix`);
    for (const f of shipped) assert.ok(!/^(src|test|node_modules|samples)\//.test(f), `${f} should not ship`);
  });

  it('every referenced source file exists (dist/ after a build)', () => {
    for (const f of referenced.filter((f) => !f.startsWith('dist/'))) assert.ok(existsSync(join(root, f)), f);
  });

  it('engines.vscode accepts 1.100 and @types/vscode is not newer', () => {
    assert.equal(pkg.engines.vscode, '^1.100.0');
    assert.match(pkg.devDependencies['@types/vscode'], /^~1\.100\./);
  });

  it('activation is lazy: no "*" and no onStartupFinished', () => {
    assert.ok(!pkg.activationEvents.includes('*'));
    assert.ok(!pkg.activationEvents.includes('onStartupFinished'));
  });

  it('every command has the CertLens category and a certlens. id', () => {
    for (const c of pkg.contributes.commands) {
      assert.match(c.command, /^certlens\.[a-z][A-Za-z0-9]+$/);
      assert.equal(c.category, 'CertLens');
    }
  });
});

describe('package.json: views welcome and endpoint management', () => {
  const commands = new Set<string>(pkg.contributes.commands.map((c: { command: string }) => c.command));
  const welcome: Array<{ view: string; contents: string }> = pkg.contributes.viewsWelcome;
  it('welcome text has no Markdown code spans (viewsWelcome renders backticks literally)', () => {
    for (const w of welcome) assert.doesNotMatch(w.contents, /`/, w.view);
  });
  it('every command link of a welcome text is ours or a workbench command', () => {
    for (const w of welcome)
      for (const [, id] of w.contents.matchAll(/\(command:([\w.]+)/g))
        assert.ok(commands.has(id!) || id!.startsWith('workbench.'), `${w.view}: ${id}`);
  });
  it('the Endpoints view offers Add Endpoint… (title and welcome), Edit… and Remove on an endpoint', () => {
    const title = pkg.contributes.menus['view/title'].map((m: { command: string; when: string }) => `${m.command} ${m.when}`);
    assert.ok(title.some((t: string) => t.startsWith('certlens.addEndpoint view == certlens.endpoints')));
    assert.ok(welcome.some((w) => w.view === 'certlens.endpoints' && w.contents.includes('(command:certlens.addEndpoint)')));
    const item = pkg.contributes.menus['view/item/context'].map((m: { command: string; when: string }) => `${m.command} ${m.when}`);
    for (const c of ['certlens.editEndpoint', 'certlens.removeEndpoint'])
      assert.ok(
        item.some((t: string) => t.startsWith(c) && t.includes('viewItem == certlens.endpoint')),
        c,
      );
  });
  it('a saved endpoint may carry its trust anchors', () => {
    const props = pkg.contributes.configuration.properties['certlens.endpoints'].items.properties;
    assert.equal(props.anchors.type, 'array');
  });
});
