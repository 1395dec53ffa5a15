import assert from 'node:assert/strict';
import { relative, isAbsolute } from 'node:path';
import { describe, it } from 'node:test';
import { displayPath } from '../../../src/cli/args';
import type { CliContext } from '../../../src/cli/cli-context';

const ctx = (cwd: string) => ({ cwd }) as CliContext;
/** What displayPath printed before its fast path: path.relative, else the absolute path. */
const reference = (cwd: string, abs: string) => {
  const rel = relative(cwd, abs);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs;
};

describe('displayPath', () => {
  const cases: [string, string][] = [
    ['/work/repo', '/work/repo/certs/a.pem'],
    ['/work/repo', '/work/repo/a.pem'],
    ['/work/repo', '/work/repo'],
    ['/work/repo', '/work/repo/'],
    ['/work/repo', '/work/repository/a.pem'],
    ['/work/repo', '/work/other/a.pem'],
    ['/work/repo', '/work/repo/../other/a.pem'],
    ['/work/repo', '/work/repo/./a.pem'],
    ['/work/repo', '/work/repo//a.pem'],
    ['/work/repo', '/work/repo/..hidden/a.pem'],
    ['/work/repo', '/work/repo/x/..'],
    ['/work/repo/', '/work/repo/a.pem'],
    ['/', '/etc/ssl/cert.pem'],
    ['/work/repo', '/elsewhere'],
  ];
  for (const [cwd, abs] of cases) it(`${abs} from ${cwd}`, () => assert.equal(displayPath(ctx(cwd), abs), reference(cwd, abs)));
});
