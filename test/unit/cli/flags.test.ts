/**
 * The flag table (`src/cli/flags.ts`, `flag-values.ts`) and, through `main`,
 * every command's answer to a bad argument: exit 2 and one line per mistake.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { UsageError } from '../../../src/cli/cli-context';
import { readDate, readDuration, readNumber } from '../../../src/cli/flag-values';
import { parseFlags } from '../../../src/cli/flags';
import { main } from '../../../src/cli/main';

const ROOT = join(__dirname, '..', '..', '..');
const CERT = join(ROOT, 'test', 'fixtures', 'certs', 'healthy.pem');
const YAML = join(ROOT, 'test', 'fixtures', 'cert-manager', 'realistic', 'linkerd-identity.yaml');

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    cwd: ROOT,
    now: () => new Date('2025-06-01T00:00:00Z'),
  });
  return { code, stdout, stderr };
}

describe('readNumber / readDuration / readDate', () => {
  const numbers: Array<[string, Parameters<typeof readNumber>[1], number | RegExp]> = [
    ['10', { min: 0, max: 100 }, 10],
    ['-5', { min: -10, max: 10 }, -5],
    ['2.5', { min: 0, max: 100 }, 2.5],
    ['-5', { min: 0, max: 100 }, /expected a non-negative number, got "-5"/],
    ['ten', { min: 0, max: 100 }, /expected a non-negative number/],
    ['0x10', { min: 0, max: 100 }, /expected/],
    ['1e3', { min: 0, max: 10_000 }, /expected/],
    ['Infinity', { min: 0, max: 100 }, /expected/],
    ['', { min: 0, max: 100 }, /expected/],
    ['1.5', { min: 1, max: 100, integer: true }, /expected a positive whole number/],
    ['99999999999', { min: 1, max: 600_000, integer: true, maxNote: 'ms' }, /^at most 600000 ms, got 99999999999$/],
  ];
  for (const [text, range, want] of numbers) {
    it(`readNumber(${JSON.stringify(text)})`, () => {
      const r = readNumber(text, range);
      if (typeof want === 'number') assert.deepEqual(r, { ok: true, value: want });
      else assert.ok(!r.ok && want.test(r.error), JSON.stringify(r));
    });
  }
  const durations: Array<[string, number | RegExp]> = [
    ['168h', 168 * 3600e9],
    ['1h30m', 5400e9],
    ['banana', /expected a duration such as 168h/],
    ['90d', /expected a duration/],
    ['-5h', /greater than zero/],
    ['0', /greater than zero/],
    ['', /expected a duration/],
  ];
  for (const [text, want] of durations) {
    it(`readDuration(${JSON.stringify(text)})`, () => {
      const r = readDuration(text);
      if (typeof want === 'number') assert.deepEqual(r, { ok: true, value: want });
      else assert.ok(!r.ok && want.test(r.error), JSON.stringify(r));
    });
  }
  const dates: Array<[string, string | RegExp]> = [
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
    ['2025-06-01T12:30:00Z', '2025-06-01T12:30:00.000Z'],
    ['2025-06-01T12:30:00+02:00', '2025-06-01T10:30:00.000Z'],
    ['2024-02-30', /^no such date: 2024-02-30$/],
    ['2023-02-29', /no such date/],
    ['2025-04-31', /no such date/],
    ['2025-06-01T24:00:00Z', /no such date|not an ISO/],
    ['2025-06-01T12:60Z', /no such date|not an ISO/],
    ['2025-06-01T12:00+25:00', /no such date|not an ISO/],
    ['2025-13-45', /not an ISO-8601 date/],
    ['yesterday', /not an ISO-8601 date/],
    ['2025/06/01', /not an ISO-8601 date/],
  ];
  for (const [text, want] of dates) {
    it(`readDate(${JSON.stringify(text)})`, () => {
      const r = readDate(text);
      if (typeof want === 'string') assert.equal(r.ok && r.value.toISOString(), want);
      else assert.ok(!r.ok && want.test(r.error), JSON.stringify(r));
    });
  }
});

describe('parseFlags', () => {
  const table = {
    days: { kind: 'number', min: -100, max: 100 },
    n: { kind: 'number', min: 0, max: 10 },
    json: { kind: 'boolean' },
    disable: { kind: 'list' },
    ca: { kind: 'string', multiple: true },
    format: { kind: 'enum', values: ['text', 'json'] },
    name: { kind: 'string' },
  } as const;
  it('typed values, defaults and positionals', () => {
    const { values, positionals } = parseFlags(
      ['a', '--days', '-5', '--disable', 'x,y', '--disable=z', '--ca', 'c1', '--ca', 'c2', 'b', '--json'],
      table,
    );
    assert.deepEqual(positionals, ['a', 'b']);
    assert.equal(values.days, -5);
    assert.equal(values.json, true);
    assert.deepEqual(values.disable, ['x', 'y', 'z']);
    assert.deepEqual(values.ca, ['c1', 'c2']);
    assert.equal(values.n, undefined);
    assert.equal(values.format, undefined);
  });
  it('everything after -- is a positional', () => {
    assert.deepEqual(parseFlags(['--', '--json', '-x'], table).positionals, ['--json', '-x']);
  });
  const mistakes: Array<[string[], string[]]> = [
    [['--bogus'], ['unknown option --bogus']],
    [['-x'], ['unknown option -x']],
    [['--name'], ['--name needs a value']],
    [['--name', '--json'], ['--name needs a value (got the option --json; write --name=--json if that is the value)']],
    [['--json=yes'], ['--json takes no value']],
    [['--n', '-1'], ['--n: expected a non-negative number, got "-1"']],
    [
      ['--format', 'xml', '--n', '11'],
      ['--n: at most 10, got 11', '--format: one of text, json; got "xml"'],
    ],
    [
      ['--bogus', '--name'],
      ['unknown option --bogus', '--name needs a value'],
    ],
  ];
  for (const [args, lines] of mistakes) {
    it(`${args.join(' ')} → ${lines.length} line(s)`, () => {
      assert.throws(
        () => parseFlags(args, table),
        (e: unknown) => e instanceof UsageError && e.message.split('\n').sort().join('|') === [...lines].sort().join('|'),
      );
    });
  }
});

describe('every command: one clear line per mistake, exit 2', () => {
  const cases: Array<[string[], RegExp]> = [
    [['scan', CERT, '--warn-days', '-5'], /^certlens scan: --warn-days: expected a non-negative number, got "-5"\n$/],
    [['scan', CERT, '--warn-days', '99999999'], /^certlens scan: --warn-days: at most 36500, got 99999999\n$/],
    [['scan', CERT, '--warn-percent', '101'], /^certlens scan: --warn-percent: at most 100, got 101\n$/],
    [['scan', CERT, '--now', '2024-02-30'], /^certlens scan: --now: no such date: 2024-02-30\n$/],
    [['inspect', CERT, '--now', '2024-02-30'], /^certlens inspect: --now: no such date: 2024-02-30\n$/],
    [['lint', YAML, '--now', '2023-02-29'], /^certlens lint: --now: no such date: 2023-02-29\n$/],
    [['lint', YAML, '--overlap-minimum', 'banana'], /^certlens lint: --overlap-minimum: expected a duration such as 168h.*"banana"\n$/],
    [['lint', YAML, '--alert', '-5h'], /^certlens lint: --alert: expected a duration greater than zero, got "-5h"\n$/],
    [['lint', YAML, '--page=-72h'], /^certlens lint: --page: expected a duration greater than zero, got "-72h"\n$/],
    [['lint', YAML, '--page', '0s'], /^certlens lint: --page: expected a duration greater than zero/],
    [['check', 'x', '--timeout', '99999999999'], /^certlens check: --timeout: at most 600000 ms \(10 minutes\), got 99999999999\n$/],
    [['check', 'x', '--timeout', '1.5'], /^certlens check: --timeout: expected a positive whole number, got "1.5"\n$/],
    [['check', 'x', '--concurrency', '0'], /^certlens check: --concurrency: expected a positive whole number, got "0"\n$/],
    [['check', 'x', '--now', '2024-02-30'], /^certlens check: --now: no such date: 2024-02-30\n$/],
    [
      ['scan', CERT, '--warn-days', 'ten', '--now', '2024-02-30'],
      /^certlens scan: --now: no such date: 2024-02-30\ncertlens scan: --warn-days: expected a non-negative number, got "ten"\n$/,
    ],
  ];
  for (const [args, stderr] of cases) {
    it(args.join(' '), async () => {
      const r = await run(args);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, stderr);
      assert.doesNotMatch(r.stderr, /ambiguous/);
      assert.equal(r.stdout, '');
    });
  }
  it('valid durations are accepted', async () => {
    const r = await run(['lint', YAML, '--overlap-minimum', '336h', '--alert', '1h', '--page', '30m', '--now', '2025-06-01']);
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    assert.equal(r.stderr, '');
  });
});
