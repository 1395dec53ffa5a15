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
    'dist/decode-worker.js',
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
