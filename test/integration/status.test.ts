// One verdict on every surface (issue 11): revoked.crt, expired.crt and leaf.crt
// show the same status in the CodeLens lead, the Explorer badge, the status
// bar, the Certificates view and the API, and the API equals `certlens scan --json`.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import { suite, test } from './runner';
import { extension, fixture, open, waitFor } from './util';

interface JsonItem {
  kind: string;
  sha256?: string;
  subject?: string;
  status?: string;
}
interface JsonFile {
  path: string;
  status?: string;
  items: JsonItem[];
  problems: Array<{ code: string; severity: string; item?: number }>;
}
interface Api {
  analysis(uri: vscode.Uri): Promise<JsonFile | undefined>;
  fileDecoration(uri: vscode.Uri): Promise<{ badge?: string; tooltip?: string } | undefined>;
  statusBar(): { text: string; tooltip?: string } | undefined;
  inventory(): Promise<Array<{ label: string; description?: string; icon?: string }>>;
}

const api = (): Api => extension().exports as Api;

const CASES = [
  { file: 'revoked.crt', status: 'revoked', lead: /^\$\(error\) REVOKED · /, icon: 'error', badge: '!' },
  { file: 'expired.crt', status: 'expired', lead: /^\$\(error\) EXPIRED · /, icon: 'error', badge: '!' },
  { file: 'leaf.crt', status: 'ok', lead: /^\$\(pass\) /, icon: 'pass', badge: undefined },
] as const;

suite('one status on every surface', () => {
  for (const c of CASES) {
    test(`${c.file}: ${c.status} in the API, the CodeLens lead, the badge, the status bar and the inventory`, async () => {
      const uri = fixture(c.file);
      await open(c.file);
      const json = await waitFor(`the API analysis of ${c.file} with a status`, async () => {
        const j = await api().analysis(uri);
        return j?.items[0]?.status === c.status ? j : undefined;
      });
      const subject = json.items[0]!.subject ?? '';

      const lens = await waitFor(`the lead CodeLens of ${c.file}`, async () => {
        const all = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
        return (all ?? []).find((l) => l.command?.command === 'certlens.showDetails' && l.range.start.line === 0);
      });
      assert.match(lens.command!.title, c.lead);
      // Never "chain OK" alone above a revoked or expired certificate.
      const all = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
      if (c.status !== 'ok') assert.ok(!all.some((l) => /^\$\(pass\) chain OK/.test(l.command?.title ?? '')), 'a "chain OK" lens alone');

      const decoration = await api().fileDecoration(uri);
      assert.equal(decoration?.badge, c.badge, `badge of ${c.file}: ${JSON.stringify(decoration)}`);

      const bar = await waitFor(`the status bar for ${c.file}`, () => {
        const b = api().statusBar();
        return b && b.text.includes(subject.replace(/^.*CN=/, '').split(',')[0]!) ? b : undefined;
      });
      assert.ok(bar.text.startsWith(`$(${c.icon})`), `status bar: ${bar.text}`);
      if (c.status !== 'ok') assert.match(bar.text, new RegExp(c.status.toUpperCase()));

      const row = await waitFor(`the inventory row of ${c.file}`, async () =>
        (await api().inventory()).find((r) => r.label && subject.includes(r.label)),
      );
      assert.equal(row.icon, c.icon, `inventory icon: ${JSON.stringify(row)}`);
      if (c.status !== 'ok') assert.match(row.description ?? '', new RegExp(`^${c.status}`));
    });
  }

  test('the API analysis equals `certlens scan --json` for the same files (statuses and findings)', async () => {
    const folder = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    const cli = join(extension().extensionPath, 'dist', 'cli.js');
    const names = CASES.map((c) => c.file);
    const { stdout } = await promisify(execFile)(process.execPath, [cli, 'scan', '--json', folder], {
      cwd: folder,
      maxBuffer: 64 * 1024 * 1024,
    }).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }));
    const scanned = (JSON.parse(stdout) as { files: JsonFile[] }).files;
    const shape = (f: JsonFile) => ({
      status: f.status,
      items: f.items.map((i) => ({ kind: i.kind, sha256: i.sha256, status: i.status })),
      problems: f.problems.map((p) => `${p.severity} ${p.code} @${p.item ?? '-'}`).sort(),
    });
    for (const name of names) {
      const fromCli = scanned.find((f) => f.path === name);
      assert.ok(fromCli, `scan --json has no ${name}: ${scanned.map((f) => f.path).join(', ')}`);
      const fromApi = await api().analysis(fixture(name));
      assert.deepEqual(shape(fromApi!), shape(fromCli), name);
    }
  });
});
