import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { globToRegExp, joinGlobs, pathMatcher } from '../../../../src/core/util/glob';

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
    // VS Code's character classes.
    ['certs/[ab].pem', 'certs/b.pem', true],
    ['certs/[!a].pem', 'certs/a.pem', false],
    ['{**/*.pem,**/cacerts}', 'cacerts', true],
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

describe('joinGlobs (one glob for findFiles, no nested braces)', () => {
  const cases: Array<[string[], string | undefined]> = [
    [[], undefined],
    [['**/*.pem'], '**/*.pem'],
    [['**/*.{pem,crt}'], '**/*.{pem,crt}'],
    [['**/node_modules/**', '**/.git/**'], '{**/node_modules/**,**/.git/**}'],
    [['**/*.{pem,jks}', '**/cacerts'], '{**/*.pem,**/*.jks,**/cacerts}'],
    [['a/{x,y}/b', 'c'], '{a/x/b,a/y/b,c}'],
    // Two groups in one pattern: kept as is (rare; not expanded combinatorially).
    [['{a,b}/{c,d}', 'e'], '{{a,b}/{c,d},e}'],
    // Malformed: an unbalanced brace is kept literally.
    [['{unclosed', 'x'], '{{unclosed,x}'],
  ];
  for (const [globs, want] of cases) {
    it(`${JSON.stringify(globs)} → ${want}`, () => assert.equal(joinGlobs(globs), want));
  }
  it('the joined default include matches what each pattern matches', () => {
    const globs = ['**/*.{pem,crt,cer,cert,der,key,csr,req,crl,p7b,p7c,p12,pfx,jks,jceks,keystore,truststore}', '**/cacerts'];
    const joined = globToRegExp(joinGlobs(globs)!);
    for (const p of ['a.pem', 'x/y.jks', 'lib/security/cacerts', 'k.truststore', 'a.JCEKS']) assert.ok(joined.test(p), p);
    for (const p of ['a.txt', 'cacerts.bak', 'x/notcacerts']) assert.ok(!joined.test(p), p);
  });
});
