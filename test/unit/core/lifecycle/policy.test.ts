import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyzeFleet, mergeFleetFindings } from '../../../../src/core/lifecycle/analyze-fleet';
import { parsePolicy } from '../../../../src/core/lifecycle/policy';
import { checkPolicy, globMatch, thresholdsFor } from '../../../../src/core/lifecycle/policy-check';
import { fleetCertificates } from '../../../../src/core/lifecycle/fleet';
import { DEFAULT_THRESHOLDS } from '../../../../src/core/lint/expiry';
import { LIFECYCLE, loadFleet, NOW } from './fixture-fleet';

const POLICY_DIR = join(LIFECYCLE, 'policy');

describe('parsePolicy', () => {
  it('reads the fixture policy', () => {
    const { policy, problems } = parsePolicy(readFileSync(join(POLICY_DIR, '.certlens.yaml'), 'utf8'));
    assert.deepEqual(problems, []);
    assert.deepEqual(policy?.lifetime, { leaf: 398 });
    assert.deepEqual(policy?.keys, [{ type: 'EC', curves: ['P-256', 'P-384'] }]);
    assert.deepEqual(policy?.rotation, { overlapMinimumDays: 14 });
    assert.equal(policy?.san[0]?.files, 'devices/**');
  });

  const bad: Array<{ name: string; text: string; message: RegExp; at?: string }> = [
    {
      name: 'the fixture: a negative lifetime and an unknown rule',
      text: readFileSync(join(POLICY_DIR, 'bad/.certlens.yaml'), 'utf8'),
      message: /lifetime: leaf: expected a positive number of days \(and 1 more: keyz: unknown rule/,
      at: '-5',
    },
    { name: 'YAML syntax error', text: 'lifetime: {leaf: 3\n', message: /YAML syntax/ },
    { name: 'a list at the top', text: '- a\n- b\n', message: /expected a mapping of rules/ },
    { name: 'unknown key type', text: 'keys:\n  - { type: ROT13 }\n', message: /keys: each entry needs a type/ },
    { name: 'expiry without files', text: 'expiry:\n  - { warnDays: 3 }\n', message: /expiry: entry 1: files: expected a glob/ },
    {
      name: 'errorDays above warnDays',
      text: 'expiry:\n  - { files: "a/**", warnDays: 3, errorDays: 9 }\n',
      message: /errorDays must not exceed warnDays/,
    },
    { name: 'keyReuse typo', text: 'rotation: { keyReuse: loud }\n', message: /keyReuse: expected info or warning/ },
    { name: 'duplicate keys', text: 'version: 1\nversion: 1\n', message: /YAML syntax/ },
    { name: 'BOM and CRLF', text: '\uFEFFversion: 2\r\n', message: /version: only version 1/ },
  ];
  for (const c of bad)
    it(`gives one policy-invalid and no policy: ${c.name}`, () => {
      const { policy, problems } = parsePolicy(c.text);
      assert.equal(policy, undefined);
      assert.equal(problems.length, 1);
      assert.equal(problems[0]!.code, 'policy-invalid');
      assert.equal(problems[0]!.severity, 'error');
      assert.match(problems[0]!.message, c.message);
      if (c.at) assert.equal(c.text.slice(problems[0]!.span.start, problems[0]!.span.end), c.at);
    });

  it('accepts an empty file as an empty policy', () => {
    assert.deepEqual(parsePolicy('').problems, []);
    assert.ok(parsePolicy('# nothing yet\n').policy);
  });
});

describe('checkPolicy on the fixtures', () => {
  it('flags every rule dev1.pem breaks and nothing on the compliant files', async () => {
    const { policy } = parsePolicy(readFileSync(join(POLICY_DIR, '.certlens.yaml'), 'utf8'));
    const files = await loadFleet(POLICY_DIR);
    const found = checkPolicy(fleetCertificates(files), policy!);
    const byFile: Record<string, string[]> = {};
    for (const f of found) (byFile[f.file] ??= []).push(f.code);
    assert.deepEqual(byFile, {
      'devices/dev1.pem': ['policy-lifetime-exceeded', 'policy-key-not-allowed', 'policy-issuer-not-allowed', 'policy-san-missing'],
    });
    const san = found.find((f) => f.code === 'policy-san-missing')!;
    assert.match(san.message, /"DNS:\*\.devices\.example" .*has DNS:dev1\.other\.example/);
  });

  it('uses the policy overlap minimum in the rotation analysis', async () => {
    const files = await loadFleet(join(LIFECYCLE, 'key-reused'));
    const withPolicy = analyzeFleet(files, {
      now: NOW.getTime(),
      policy: parsePolicy('rotation: { overlapMinimumDays: 45, keyReuse: warning }').policy!,
    });
    const codes = mergeFleetFindings('mq-new.pem', [], withPolicy).map((p) => `${p.code}:${p.severity}`);
    assert.deepEqual(codes.sort(), ['rotation-key-reused:warning', 'rotation-overlap-short:warning']);
  });
});

describe('thresholdsFor and globMatch', () => {
  const { policy } = parsePolicy('expiry:\n  - { files: "devices/**", warnDays: 60 }\n  - { files: "devices/lab/*.pem", errorDays: 1 }\n');
  const cases: Array<[string, Partial<typeof DEFAULT_THRESHOLDS>]> = [
    ['web/tls.pem', {}],
    ['devices/a/b.pem', { warnDays: 60 }],
    ['devices/lab/x.pem', { warnDays: 60, errorDays: 1 }],
    ['devices\\lab\\x.pem', { warnDays: 60, errorDays: 1 }],
    ['other/devices/x.pem', {}],
  ];
  for (const [file, changed] of cases)
    it(file, () => assert.deepEqual(thresholdsFor(policy, file, DEFAULT_THRESHOLDS), { ...DEFAULT_THRESHOLDS, ...changed }));
  it('matches dot folders and braces like VS Code', () => {
    assert.ok(globMatch('**/*.{pem,crt}', '.config/a.crt'));
    assert.ok(!globMatch('*.pem', 'a/b.pem'));
  });
});
