import { describeItem } from '../../core/format/describe';
import { buildFileReport } from '../../core/analysis/file-report';
import { storeRootFingerprints } from '../../core/lint/profile';
import { LineIndex } from '../../core/util/line-index';
import { reportToJson, type JsonFile } from '../../core/format/report-json';
import { loadFile, problemFile, walkEntries } from '../../node/files';
import { loadTrustStore } from '../../node/trust-store';
import { EXIT_FINDINGS, EXIT_OK, keystorePassword, type CliCommand, type CliContext } from '../cli-context';
import { COMMON_FLAGS, parseFlags, type FlagTable } from '../flags';
import { displayPath, printLine, readPaths } from '../args';

const USAGE = `usage: certlens inspect <file…> [--json] [--now ISO-8601] [--keystore-password PW]

Prints every block of every file: certificates, CSRs, CRLs, keys (type and
size only), PKCS#7, PKCS#12 and Java keystore (JKS, JCEKS) contents. Think
'openssl x509 -text', for all blocks at once.
--keystore-password (or CERTLENS_KEYSTORE_PASSWORD) opens PKCS#12 files and
verifies keystore integrity; without it only the empty password is tried.
Exit 0; 1 when a file could not be read (file-unreadable); 2 usage error.`;

export const INSPECT_FLAGS = { ...COMMON_FLAGS } as const satisfies FlagTable;

export const inspectCommand: CliCommand = {
  summary: 'print every block of certificate files',
  usage: USAGE,
  async run(ctx: CliContext): Promise<number> {
    const { values, positionals } = parseFlags(ctx.args, INSPECT_FLAGS);
    const paths = readPaths(positionals, ctx);
    const now = values.now ?? ctx.now();
    const files: JsonFile[] = [];
    let unreadable = 0;
    const password = keystorePassword(values['keystore-password'], ctx);
    // As in scan: a copy of a trust-store root gets no profile findings.
    const trustedRoots = values.json ? await storeRootFingerprints((await loadTrustStore({ systemTrust: true })).anchors) : undefined;
    for await (const entry of walkEntries(paths)) {
      const { path } = entry;
      const loaded = entry.problem
        ? problemFile(path, entry.problem)
        : await loadFile(path, entry.explicit, password === undefined ? {} : { password });
      if (!loaded) continue;
      if (loaded.decoded.problems.some((p) => p.code === 'file-unreadable' && p.severity === 'error')) unreadable++;
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
      printLine(ctx, `${shown}: ${items.length} item(s)`);
      items.forEach((item, i) => {
        const d = describeItem(item, { now });
        const line = index ? ` (line ${index.position(item.span.start).line + 1})` : '';
        ctx.stdout('\n');
        printLine(ctx, `  [${i + 1}] ${d.title}${line}`);
        if (d.status) printLine(ctx, `      ${d.status}`);
        const width = Math.max(0, ...d.fields.map((f) => f.label.length));
        for (const f of d.fields) printLine(ctx, `      ${f.label.padEnd(width)}  ${f.value}`);
      });
      for (const s of secrets ?? []) {
        ctx.stdout('\n');
        printLine(ctx, `  Secret${s.name ? ` ${s.name}` : ''} (${s.path}): ${s.text}`);
      }
      for (const p of problems) printLine(ctx, `  ${p.severity} [${p.code}] ${p.message}`);
      ctx.stdout('\n');
    }
    if (values.json) ctx.stdout(`${JSON.stringify({ version: 1, files }, null, 2)}\n`);
    return unreadable > 0 ? EXIT_FINDINGS : EXIT_OK;
  },
};
