/**
 * `certlens scan` on source code: the fixtures of test/fixtures/source, read
 * when the folder or a file is named, with no pem-malformed finding.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../../src/cli/main';

const ROOT = join(__dirname, '..', '..', '..');
const SOURCE = join(ROOT, 'test', 'fixtures', 'source');

async function scan(args: string[]) {
  let stdout = '';
  const code = await main(['scan', ...args, '--json', '--now', '2025-06-01T00:00:00Z', '--no-chain'], {
    stdout: (s) => void (stdout += s),
    stderr: () => undefined,
    cwd: ROOT,
    now: () => new Date('2000-01-01T00:00:00Z'),
  });
  return { code, report: JSON.parse(stdout) };
}

describe('certlens scan on source code', () => {
  it('reads every fixture of a folder: 28 certificates, no pem-malformed, no error', async () => {
    const { code, report } = await scan([SOURCE]);
    const files = report.files as Array<{
      path: string;
      items: Array<{ kind: string; source?: { form: string; language?: string } }>;
      problems: Array<{ code: string; severity: string }>;
    }>;
    assert.equal(files.length, 19);
    const items = files.flatMap((f) => f.items);
    assert.equal(items.filter((i) => i.kind === 'certificate' && i.source).length, 28);
    const problems = files.flatMap((f) => f.problems);
    assert.deepEqual(
      problems.filter((p) => p.code === 'pem-malformed'),
      [],
    );
    assert.deepEqual(
      problems.filter((p) => p.severity === 'error'),
      [],
    );
    assert.equal(code, 0);
  });
  it('labels items with the language of the file name', async () => {
    const { report } = await scan([join(SOURCE, 'tls_test.go'), join(SOURCE, 'esp32-ca-der.h')]);
    const sources = report.files.flatMap((f: { items: Array<{ source: unknown }> }) => f.items.map((i) => i.source));
    assert.deepEqual(sources, [
      { form: 'backtick', language: 'go' },
      { form: 'concatenation', language: 'go' },
      { form: 'byte-array', language: 'c' },
    ]);
  });
  it('with chains: separate literals are not one bundle (no chain-misordered, no chain-root-included)', async () => {
    let stdout = '';
    const code = await main(['scan', SOURCE, '--json', '--now', '2025-06-01T00:00:00Z', '--no-system-trust'], {
      stdout: (s) => void (stdout += s),
      stderr: () => undefined,
      cwd: ROOT,
      now: () => new Date('2000-01-01T00:00:00Z'),
    });
    const problems = JSON.parse(stdout).files.flatMap((f: { problems: Array<{ code: string; severity: string }> }) => f.problems);
    assert.deepEqual(
      problems.filter((p: { code: string; severity: string }) => p.severity !== 'info' || p.code === 'chain-root-included'),
      [],
    );
    assert.equal(code, 0);
  });
});
