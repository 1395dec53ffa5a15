/** walkEntries: folders that cannot be listed, folder links that loop, links reported under their own path. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { UnreadablePathError, walkEntries, type WalkFs } from '../../../src/node/walk';

const tmp = mkdtempSync(join(tmpdir(), 'certlens-walk-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
before(() => {
  mkdirSync(join(tmp, 'a', 'locked'), { recursive: true });
  mkdirSync(join(tmp, 'outside'));
  writeFileSync(join(tmp, 'a', 'one.pem'), 'x');
  writeFileSync(join(tmp, 'a', 'locked', 'hidden.pem'), 'x');
  writeFileSync(join(tmp, 'outside', 'real.pem'), 'x');
  symlinkSync(join(tmp, 'outside', 'real.pem'), join(tmp, 'a', 'link.pem'));
  symlinkSync(join(tmp, 'outside'), join(tmp, 'a', 'out'));
  symlinkSync('..', join(tmp, 'a', 'locked', 'up'));
});

async function list(fs?: WalkFs) {
  const out: string[] = [];
  for await (const e of walkEntries([join(tmp, 'a')], fs))
    out.push(`${relative(tmp, e.path)}${e.problem ? ` ${e.problem.code}/${e.problem.severity}` : ''}`);
  return out;
}

describe('walkEntries', () => {
  it('follows links under their own path and cuts the loop once', async () => {
    assert.deepEqual(await list(), [
      'a/link.pem',
      'a/locked/hidden.pem',
      'a/locked/up file-symlink-loop/info',
      'a/one.pem',
      'a/out/real.pem',
    ]);
  });
  it('a folder that cannot be listed is one finding; the walk goes on', async () => {
    const fs: WalkFs = {
      stat: fsp.stat,
      readdir: (async (p: string, o: { withFileTypes: true }) => {
        if (p.endsWith('locked')) throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
        return fsp.readdir(p, o);
      }) as WalkFs['readdir'],
    };
    assert.deepEqual(await list(fs), ['a/link.pem', 'a/locked file-unreadable/error', 'a/one.pem', 'a/out/real.pem']);
  });
  it('marks the files the listing shows as regular; links and named paths are left to the reader', async () => {
    const regular: string[] = [];
    for await (const e of walkEntries([join(tmp, 'a'), join(tmp, 'outside', 'real.pem')]))
      if (e.regular) regular.push(relative(tmp, e.path));
    assert.deepEqual(regular, ['a/locked/hidden.pem', 'a/one.pem', 'a/out/real.pem']);
  });
  it('a named path that does not exist is a usage error', async () => {
    await assert.rejects(async () => {
      for await (const _ of walkEntries([join(tmp, 'nope')])) void _;
    }, UnreadablePathError);
  });
});
