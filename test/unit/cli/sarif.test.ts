import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toSarif } from '../../../src/cli/sarif';

const range = { start: { line: 0, character: 0 }, end: { line: 2, character: 5 } };

describe('toSarif', () => {
  const log = toSarif({
    toolName: 'certlens',
    toolVersion: '0.1.0',
    rules: [{ id: 'CM001', title: 'Legacy API', help: 'Use v1.', severity: 'error' }],
    files: [
      { uri: 'dir with space/a.yaml', problems: [{ code: 'CM001', severity: 'error', message: 'm1', range }] },
      { uri: 'b.yaml', problems: [{ code: 'cert-expired', severity: 'info', message: 'm2', range }] },
    ],
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- SARIF is read by path in this table
  }) as { runs: Array<{ results: Array<Record<string, any>>; tool: { driver: { rules: Array<Record<string, any>> } } }> };
  const run = log.runs[0]!;
  const cases: Array<[string, unknown, unknown]> = [
    ['1-based region', run.results[0]!.locations[0].physicalLocation.region, { startLine: 1, startColumn: 1, endLine: 3, endColumn: 6 }],
    ['escaped relative uri', run.results[0]!.locations[0].physicalLocation.artifactLocation.uri, 'dir%20with%20space/a.yaml'],
    ['info → note', run.results[1]!.level, 'note'],
    ['unknown code gets a rule', run.tool.driver.rules.map((r) => r.id), ['CM001', 'cert-expired']],
    ['ruleIndex points at it', run.results[1]!.ruleIndex, 1],
    ['rule default level', run.tool.driver.rules[0]!.defaultConfiguration, { level: 'error' }],
    ['rule name', run.tool.driver.rules[0]!.name, 'LegacyAPI'],
  ];
  for (const [name, got, want] of cases) it(name, () => assert.deepEqual(got, want));
});
