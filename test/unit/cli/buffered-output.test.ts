import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BufferedOutput } from '../../../src/cli/buffered-output';

describe('BufferedOutput', () => {
  it('holds writes until the limit, then writes them as one, and flush writes the rest', () => {
    const writes: string[] = [];
    const out = new BufferedOutput((s) => writes.push(s), 10);
    out.write('abcd');
    out.write('efgh');
    assert.deepEqual(writes, []);
    out.write('ij');
    assert.deepEqual(writes, ['abcdefghij']);
    out.write('k');
    out.flush();
    out.flush();
    assert.deepEqual(writes, ['abcdefghij', 'k']);
  });

  it('writes the same bytes in the same order as unbuffered writes', () => {
    const direct: string[] = [];
    const buffered: string[] = [];
    const out = new BufferedOutput((s) => buffered.push(s), 256);
    for (let i = 0; i < 500; i++) {
      const s = `line ${i} ${'x'.repeat(i % 37)}\n`;
      direct.push(s);
      out.write(s);
    }
    out.flush();
    assert.equal(buffered.join(''), direct.join(''));
    assert.ok(buffered.length < direct.length / 5);
  });
});
