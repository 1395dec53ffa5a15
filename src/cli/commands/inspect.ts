import { parseArgs } from 'node:util';
import { describeItem } from '../../core/format/describe';
import { buildFileReport } from '../../core/analysis/file-report';
import { storeRootFingerprints } from '../../core/lint/profile';
import { LineIndex } from '../../core/util/line-index';
import { reportToJson, type JsonFile } from '../../core/format/report-json';
import { loadFile, walk } from '../../node/files';
import { loadTrustStore } from '../../node/trust-store';
import { EXIT_OK, keystorePassword, resolveNow, type CliCommand, type CliContext } from '../cli-context';
import { displayPath, readPaths } from '../args';

const USAGE = `usage: certlens inspect <file…> [--json] [--now ISO-8601] [--keystore-password PW]

Prints every block of every file: certificates, CSRs, CRLs, keys (type and
size only), PKCS#7, PKCS#12 and Java keystore (JKS, JCEKS) contents. Think
'openssl x509 -text', for all blocks at once.
--keystore-password (or CERTLENS_KEYSTORE_PASSWORD) opens PKCS#12 files and
verifies keystore integrity; without it only the empty password is tried.`;

export const inspectCommand: CliCommand = {
  summary: 'print every block of certificate files',
  usage: USAGE,
  async run(ctx: CliContext): Promise<number> {
    const { values, positionals } = parseArgs({
      args: ctx.args,
      allowPositionals: true,
      options: { json: { type: 'boolean', default: false }, now: { type: 'string' }, 'keystore-password': { type: 'string' } },
      strict: true,
    });
    const paths = readPaths(positionals, ctx);
    const now = resolveNow(values.now, ctx);
    const files: JsonFile[] = [];
    const explicit = new Set(paths);
    const password = keystorePassword(values['keystore-password'], ctx);
    // As in scan: a copy of a trust-store root gets no profile findings.
    const trustedRoots = values.json ? await storeRootFingerprints((await loadTrustStore({ systemTrust: true })).anchors) : undefined;
    for await (const path of walk(paths)) {
      const loaded = await loadFile(path, explicit.has(path), password === undefined ? {} : { password });
      if (!loaded) continue;
      const shown = displayPath(ctx, path);
      const { items, problems, secrets } = loaded.decoded;
      if (values.json) {
        const report = await buildFileReport(
          { file: shown, ...(loaded.text !== undefined && { text: loaded.text }), decoded: loaded.decoded },
          { now, ...(trustedRoots && { trustedRoots }) },
        );
        files.push(reportToJson(shown, report));
        continue;
      }
      const index = loaded.text === undefined ? undefined : new LineIndex(loaded.text);
      ctx.stdout(`${shown}: ${items.length} item(s)\n`);
      items.forEach((item, i) => {
        const d = describeItem(item, { now });
        const line = index ? ` (line ${index.position(item.span.start).line + 1})` : '';
        ctx.stdout(`\n  [${i + 1}] ${d.title}${line}\n`);
        if (d.status) ctx.stdout(`      ${d.status}\n`);
        const width = Math.max(0, ...d.fields.map((f) => f.label.length));
        for (const f of d.fields) ctx.stdout(`      ${f.label.padEnd(width)}  ${f.value}\n`);
      });
      for (const s of secrets ?? []) ctx.stdout(`\n  Secret${s.name ? ` ${s.name}` : ''} (${s.path}): ${s.text}\n`);
      for (const p of problems) ctx.stdout(`  ${p.severity} [${p.code}] ${p.message}\n`);
      ctx.stdout('\n');
    }
    if (values.json) ctx.stdout(`${JSON.stringify({ version: 1, files }, null, 2)}\n`);
    return EXIT_OK;
  },
};
