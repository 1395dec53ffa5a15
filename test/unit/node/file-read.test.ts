/**
 * `readRegularFile` with an injected file system (failures that root cannot
 * provoke with chmod) and on real special files.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readRegularFile, type ReadFs } from '../../../src/node/file-read';

const tmp = mkdtempSync(join(tmpdir(), 'certlens-read-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const file = join(tmp, 'a.pem');
writeFileSync(file, 'hello');

const errno = (code: string) => Object.assign(new Error(`${code}: injected`), { code });

describe('readRegularFile', () => {
  const cases: Array<{ name: string; fs: Partial<ReadFs>; code: string; severity: string; message: RegExp }> = [
    {
      name: 'stat EACCES',
      fs: {
        statSync: (() => {
          throw errno('EACCES');
        }) as ReadFs['statSync'],
      },
      code: 'file-unreadable',
      severity: 'error',
      message: /EACCES \(permission denied\)/,
    },
    {
      name: 'open EACCES',
      fs: {
        openSync: () => {
          throw errno('EACCES');
        },
      },
      code: 'file-unreadable',
      severity: 'error',
      message: /EACCES/,
    },
    {
      name: 'read EIO',
      fs: {
        readSync: () => {
          throw errno('EIO');
        },
      },
      code: 'file-unreadable',
      severity: 'error',
      message: /EIO \(input\/output error\)/,
    },
    {
      name: 'read throws a plain error',
      fs: {
        readSync: () => {
          throw new Error('boom\nsecond line');
        },
      },
      code: 'file-unreadable',
      severity: 'error',
      message: /^cannot read this file: boom$/,
    },
    {
      name: 'ELOOP',
      fs: {
        statSync: (() => {
          throw errno('ELOOP');
        }) as ReadFs['statSync'],
      },
      code: 'file-symlink-loop',
      severity: 'warning',
      message: /loop/,
    },
    {
      name: 'dangling link',
      fs: {
        statSync: (() => {
          throw errno('ENOENT');
        }) as ReadFs['statSync'],
      },
      code: 'file-unreadable',
      severity: 'warning',
      message: /ENOENT.*link to nothing/,
    },
    {
      name: 'swapped for a FIFO between stat and open',
      fs: {
        fstatSync: ((fd: number) => Object.assign(fs.fstatSync(fd), { isFile: () => false, isFIFO: () => true })) as ReadFs['fstatSync'],
      },
      code: 'file-not-regular',
      severity: 'warning',
      message: /named pipe/,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = readRegularFile(file, { ...fs, ...c.fs });
      assert.ok(!r.ok, 'expected a problem');
      assert.equal(r.problem.code, c.code);
      assert.equal(r.problem.severity, c.severity);
      assert.match(r.problem.message, c.message);
      assert.deepEqual(r.problem.span, { start: 0, end: 0 });
    });
  }

  it('closes the descriptor when the read fails', () => {
    let closed = 0;
    readRegularFile(file, {
      ...fs,
      readSync: () => {
        throw errno('EIO');
      },
      closeSync: (fd) => {
        closed++;
        fs.closeSync(fd);
      },
    });
    assert.equal(closed, 1);
  });

  it('a file the listing called regular is opened without a stat, and a FIFO swapped in since is still refused', () => {
    let stats = 0;
    const counting: ReadFs = {
      ...fs,
      statSync: ((p: fs.PathLike) => {
        stats++;
        return fs.statSync(p);
      }) as ReadFs['statSync'],
    };
    const r = readRegularFile(file, counting, undefined, true);
    assert.ok(r.ok);
    assert.equal(Buffer.from(r.bytes).toString(), 'hello');
    assert.equal(stats, 0);
    readRegularFile(file, counting);
    assert.equal(stats, 1);
    const swapped = readRegularFile(
      file,
      {
        ...counting,
        fstatSync: ((fd: number) => Object.assign(fs.fstatSync(fd), { isFile: () => false, isFIFO: () => true })) as ReadFs['fstatSync'],
      },
      undefined,
      true,
    );
    assert.ok(!swapped.ok && swapped.problem.code === 'file-not-regular');
  });

  it('reads a regular file in one read when it holds its fstat size, and on to EOF when it grew past it', () => {
    let reads = 0;
    const counting: ReadFs = {
      ...fs,
      readSync: ((...a: Parameters<typeof fs.readSync>) => {
        reads++;
        return fs.readSync(...a);
      }) as ReadFs['readSync'],
    };
    const r = readRegularFile(file, counting);
    assert.ok(r.ok && Buffer.from(r.bytes).toString() === 'hello');
    assert.equal(reads, 1);
    const grew = readRegularFile(file, {
      ...counting,
      fstatSync: ((fd: number) => Object.assign(fs.fstatSync(fd), { size: 2 })) as ReadFs['fstatSync'],
    });
    assert.ok(grew.ok && Buffer.from(grew.bytes).toString() === 'hello');
  });

  it('reads a regular file', () => {
    const r = readRegularFile(file);
    assert.ok(r.ok);
    assert.equal(Buffer.from(r.bytes).toString(), 'hello');
  });

  it('/dev/zero is a device, never read', () => {
    const r = readRegularFile('/dev/zero');
    assert.ok(!r.ok && r.problem.code === 'file-not-regular' && /character device/.test(r.problem.message));
  });

  it('/dev/zero through a .pem link is refused as well', () => {
    const link = join(tmp, 'z.pem');
    symlinkSync('/dev/zero', link);
    const r = readRegularFile(link);
    assert.ok(!r.ok && r.problem.code === 'file-not-regular');
  });

  it('a file that grows past the cap (size 0 in stat, like /proc) stops at the cap', () => {
    let served = 0;
    const endless: Partial<ReadFs> = {
      fstatSync: ((fd: number) => Object.assign(fs.fstatSync(fd), { size: 0 })) as ReadFs['fstatSync'],
      readSync: ((_fd: number, buf: Uint8Array, off: number, len: number) => {
        served += len;
        buf.fill(0x41, off, off + len);
        return len;
      }) as ReadFs['readSync'],
    };
    const r = readRegularFile(file, { ...fs, ...endless }, 1000);
    assert.ok(!r.ok && r.problem.code === 'file-too-large', JSON.stringify(r));
    assert.ok(served <= 1001, `read ${served} bytes`);
  });

  it('a regular file over the cap is not read', () => {
    let reads = 0;
    const r = readRegularFile(file, { ...fs, readSync: () => (reads++, 0) }, 4);
    assert.ok(!r.ok && r.problem.code === 'file-too-large' && /^5 bytes: larger than 4 bytes, not read$/.test(r.problem.message));
    assert.equal(reads, 0);
  });

  it('/proc/self/mem (EIO on read, even for root) is file-unreadable', () => {
    const r = readRegularFile('/proc/self/mem');
    assert.ok(!r.ok && r.problem.code === 'file-unreadable' && /EIO/.test(r.problem.message), JSON.stringify(r));
  });
});
