import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { globToRegExp, pathMatcher } from '../../../src/core/glob';

describe('globToRegExp', () => {
  const cases: Array<[string, string, boolean]> = [
    ['**/*.pem', 'a.pem', true],
    ['**/*.pem', 'x/y/a.pem', true],
    ['**/*.pem', 'a.pem.bak', false],
    ['**/*.{pem,crt}', 'dir/a.CRT', true],
    ['*.pem', 'dir/a.pem', false],
    ['**/node_modules/**', 'a/node_modules/b/c.pem', true],
    ['**/node_modules/**', 'node_modules/c.pem', true],
    ['a?.pem', 'ab.pem', true],
    ['a?.pem', 'a/.pem', false],
    ['certs/(x).pem', 'certs/(x).pem', true],
    ['{unclosed', '{unclosed', true],
  ];
  for (const [glob, path, expected] of cases) {
    it(`${glob} ${expected ? 'matches' : 'does not match'} ${path}`, () => {
      assert.equal(globToRegExp(glob).test(path), expected);
    });
  }
  it('pathMatcher applies excludes after includes', () => {
    const m = pathMatcher(['**/*.pem'], ['**/node_modules/**']);
    assert.equal(m('a/b.pem'), true);
    assert.equal(m('node_modules/b.pem'), false);
  });
});
