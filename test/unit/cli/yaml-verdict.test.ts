/**
 * One YAML verdict: `certlens scan` and `certlens lint` report the same
 * `yaml-syntax` findings (file and line) for the same folder, including YAML
 * without cert-manager resources and Helm/Terraform templates, which get none.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { main } from '../../../src/cli/main';

const NOW = '2026-11-22T00:00:00Z';
const tmp = mkdtempSync(join(tmpdir(), 'certlens-verdict-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const FILES: Record<string, string> = {
  // Broken YAML with no cert-manager resource: scan used to skip it.
  'broken-config.yaml': 'server:\n  port: 8080\n  hosts: [a, b\n',
  'broken-cert.yml': 'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: x\nspec:\n  secretName: "x\n',
  'chart/templates/cert.yaml':
    '{{- if .Values.tls }}\napiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  secretName: {{ .Release.Name }}-tls\n  dnsNames: [a.example.com]\n  issuerRef: {name: ca, kind: ClusterIssuer}\n{{- end }}\n',
  'tf/cert.tftpl':
    'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: ${name}\nspec:\n  secretName: ${secret}\n  dnsNames:\n%{ for h in hosts ~}\n    - ${h}\n%{ endfor ~}\n  issuerRef: {name: ca, kind: ClusterIssuer}\n',
};
for (const [rel, text] of Object.entries(FILES)) {
  mkdirSync(join(tmp, rel, '..'), { recursive: true });
  writeFileSync(join(tmp, rel), text);
}

async function run(args: string[]): Promise<string> {
  let out = '';
  await main(args, { stdout: (s) => void (out += s), stderr: () => undefined, cwd: tmp, now: () => new Date(NOW) });
  return out;
}

interface Json {
  files: Array<{ path: string; problems: Array<{ code: string; range: { start: { line: number } } }> }>;
}

function syntax(json: Json): string[] {
  return json.files
    .flatMap((f) =>
      f.problems
        .filter((p) => p.code === 'yaml-syntax')
        .map((p) => `${f.path.replace(/^.*certlens-verdict-[^/\\]+[/\\]/, '')}:${p.range.start.line}`),
    )
    .sort();
}

describe('one yaml-syntax verdict for scan and lint', () => {
  it('reports the same yaml-syntax findings, none on templates', async () => {
    const lint = JSON.parse(await run(['lint', '.', '--format', 'json', '--now', NOW])) as Json;
    const scan = JSON.parse(await run(['scan', tmp, '--json', '--no-chain', '--now', NOW])) as Json;
    const l = syntax(lint);
    // Both errors are unterminated values, reported at the end of the input (0-based lines).
    assert.deepEqual(l, ['broken-cert.yml:6', 'broken-config.yaml:3']);
    assert.deepEqual(syntax(scan), l);
    // Both read the templates: lint lists them, and neither flags their directives.
    assert.ok(lint.files.some((f) => f.path.endsWith('cert.tftpl')));
  });
});
