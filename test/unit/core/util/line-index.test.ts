import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineIndex } from '../../../../src/core/util/line-index';

describe('LineIndex', () => {
  const cases: Array<[string, number, number, number]> = [
    ['', 0, 0, 0],
    ['abc', 2, 0, 2],
    ['a\nbc', 3, 1, 1],
    ['a\r\nbc', 3, 1, 0],
    ['a\r\nbc', 2, 0, 2],
    ['a\rb', 2, 1, 0],
    ['a\n\nb', 3, 2, 0],
    ['abc', 99, 0, 3],
    ['abc', -5, 0, 0],
  ];
  for (const [text, offset, line, character] of cases) {
    it(`${JSON.stringify(text)} @${offset}`, () => {
      assert.deepEqual(new LineIndex(text).position(offset), { line, character });
    });
  }
});
