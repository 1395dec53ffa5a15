/**
 * `certlens scan --json` on test/fixtures/private-pki (scripts/gen-private-pki-fixtures.ts):
 * each SPIFFE, Apple TLS and ROCA code on the block it belongs to, and the SVID's
 * SPIFFE ID and TTL in the JSON.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { main } from '../../../src/cli/main';

const ROOT = join(__dirname, '..', '..', '..');
const DIR = 'test/fixtures/private-pki';

interface JsonRange {
  start: { line: number };
}
interface JsonReport {
  files: Array<{
    path: string;
    items: Array<{ range: JsonRange; spiffe?: unknown }>;
    problems: Array<{ code: string; severity: string; range: JsonRange }>;
  }>;
}

async function scan(): Promise<JsonReport> {
  let stdout = '';
  await main(['scan', '--json', '--now', '2026-01-01T00:00:00Z', '--no-system-trust', '--ca', `${DIR}/root.pem`, DIR], {
    stdout: (s) => void (stdout += s),
    stderr: () => undefined,
    cwd: ROOT,
    now: () => new Date('2000-01-01T00:00:00Z'),
  });
  return JSON.parse(stdout) as JsonReport;
}

/** `code@blockIndex` for every private-PKI finding of a file. */
function codes(report: JsonReport, file: string): string[] {
  const f = report.files.find((x) => x.path.endsWith(`/${file}`));
  assert.ok(f, file);
  return f.problems
    .filter((p) => /^(spiffe-|apple-tls-|weak-key-roca)/.test(p.code))
    .map((p) => `${p.code}/${p.severity}@${f.items.findIndex((i) => i.range.start.line === p.range.start.line)}`);
}

describe('certlens scan --json: private-PKI profiles', () => {
  let report: JsonReport;
  before(async () => {
    report = await scan();
  });
  const table: [string, string[]][] = [
    ['svid-ok.pem', []],
    ['server-ok.pem', []],
    ['root.pem', []],
    ['spiffe-uri-count.pem', ['spiffe-uri-count/error@0']],
    ['spiffe-id-invalid.pem', ['spiffe-id-invalid/error@0']],
    ['spiffe-leaf-profile.pem', ['spiffe-leaf-profile/error@0']],
    ['spiffe-signing-profile.pem', ['spiffe-signing-profile/error@0']],
    ['apple-tls-validity.pem', ['apple-tls-validity/warning@0']],
    ['apple-tls-san.pem', ['apple-tls-san/warning@0']],
    ['apple-tls-eku.pem', ['apple-tls-eku/warning@0']],
    ['weak-key-roca.pem', ['weak-key-roca/error@0']],
    // Blocks: a clean SVID, the ROCA leaf, a clean server leaf, the SVID with two URIs.
    ['mixed.pem', ['weak-key-roca/error@1', 'spiffe-uri-count/error@3']],
  ];
  for (const [file, want] of table) it(file, () => assert.deepEqual(codes(report, file), want));

  it('the SVID carries its SPIFFE ID and TTL', () => {
    const f = report.files.find((x) => x.path.endsWith('/svid-ok.pem'));
    assert.deepEqual(f?.items[0]?.spiffe, { id: 'spiffe://example.org/ns/prod/sa/api', ttlSeconds: 31_536_000 });
    const server = report.files.find((x) => x.path.endsWith('/server-ok.pem'));
    assert.ok(server?.items[0]);
    assert.equal(server.items[0].spiffe, undefined);
  });
});
