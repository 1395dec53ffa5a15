import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JsonFilesWriter, scanFormat } from '../../../src/cli/scan-output';

describe('JsonFilesWriter', () => {
  const cases: Array<[string, unknown[]]> = [
    ['no file', []],
    ['one file', [{ path: 'a.pem', items: [], problems: [{ code: 'x', message: 'line\nbreak "q"', range: { start: { line: 0 } } }] }]],
    [
      'two files, nested and empty',
      [
        { path: 'a', items: [{ kind: 'certificate', sans: [] }] },
        { path: 'b\\c', items: [], secrets: [{}] },
      ],
    ],
  ];
  for (const [name, files] of cases)
    it(`${name}: byte for byte JSON.stringify`, () => {
      let out = '';
      const w = new JsonFilesWriter((s) => void (out += s));
      for (const f of files) w.file(f);
      w.end();
      assert.equal(out, `${JSON.stringify({ version: 1, files }, null, 2)}\n`);
    });
});

describe('scanFormat', () => {
  const cases: Array<[string | undefined, boolean, string]> = [
    [undefined, false, 'text'],
    [undefined, true, 'json'],
    ['json', true, 'json'],
    ['openmetrics', false, 'openmetrics'],
  ];
  for (const [format, json, want] of cases) it(`${format}/${json}`, () => assert.equal(scanFormat(format, json), want));
});
