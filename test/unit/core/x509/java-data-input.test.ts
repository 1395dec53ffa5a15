/** JavaDataInput: big-endian reads that never pass their limit. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JavaDataInput } from '../../../../src/core/x509/java-data-input';

class Input extends JavaDataInput {
  protected truncated(what: string, n: number, left: number): Error {
    return new Error(`${what}: ${n}/${left}`);
  }
}
const bytes = Uint8Array.from([0xfe, 0xed, 0xfe, 0xed, 0x00, 0x02, 0x7f]);

describe('JavaDataInput', () => {
  const cases: Array<{ name: string; start: number; limit: number; read: (r: Input) => unknown; want: unknown }> = [
    { name: 'u32 reads big-endian, unsigned', start: 0, limit: 7, read: (r) => r.u32('magic'), want: 0xfeedfeed },
    { name: 'u16 after u32', start: 0, limit: 7, read: (r) => (r.u32('m'), r.u16('v')), want: 2 },
    { name: 'u8 at the last byte', start: 6, limit: 7, read: (r) => r.u8('b'), want: 0x7f },
    { name: 'skip then u8', start: 0, limit: 7, read: (r) => (r.skip(6, 's'), r.u8('b')), want: 0x7f },
    {
      name: 'u32 past the limit → truncated, nothing read',
      start: 4,
      limit: 7,
      read: (r) => r.u32('count'),
      want: new Error('count: 4/3'),
    },
    { name: 'a limit shorter than the buffer is honoured', start: 0, limit: 3, read: (r) => r.u32('magic'), want: new Error('magic: 4/3') },
    { name: 'a negative length is refused', start: 0, limit: 7, read: (r) => r.skip(-1, 'len'), want: new Error('len: -1/7') },
    { name: 'empty input', start: 0, limit: 0, read: (r) => r.u8('b'), want: new Error('b: 1/0') },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = new Input(bytes, c.start, c.limit);
      if (c.want instanceof Error) {
        assert.throws(() => c.read(r), { message: c.want.message });
      } else assert.equal(c.read(r), c.want);
    });
  }
  it('a failed read leaves the position where it was', () => {
    const r = new Input(bytes, 5, 7);
    assert.throws(() => r.u32('x'));
    assert.equal(r.p, 5);
    assert.equal(r.left(), 2);
  });
});
