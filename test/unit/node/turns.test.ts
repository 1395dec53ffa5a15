import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mapInTurns } from '../../../src/node/turns';

describe('mapInTurns', () => {
  it('maps like Array.map, a chunk per event-loop turn, other turns running between chunks', async () => {
    const xs = Array.from({ length: 1000 }, (_, i) => i);
    let turns = 0;
    let on = true;
    const spin = () => {
      turns++;
      if (on) setImmediate(spin);
    };
    setImmediate(spin);
    const seen: number[] = [];
    const got = await mapInTurns(xs, (x, i) => ((seen[i] = turns), x * 2), undefined, 100);
    on = false;
    assert.deepEqual(
      got,
      xs.map((x) => x * 2),
    );
    // The first chunk runs in the caller's turn; every later chunk after at least one other turn.
    assert.equal(seen[0], 0);
    for (let c = 1; c < 10; c++)
      assert.ok((seen[c * 100] ?? 0) > (seen[c * 100 - 1] ?? 0), `chunk ${c} ran in the same turn as the one before`);
    for (let c = 0; c < 10; c++) assert.equal(seen[c * 100 + 99], seen[c * 100], `chunk ${c} was split`);
  });

  it('a short list costs no extra turn; cancelled between chunks gives undefined', async () => {
    let turnsSeen = 0;
    setImmediate(() => turnsSeen++);
    assert.deepEqual(await mapInTurns([1, 2, 3], (x) => x + 1), [2, 3, 4]);
    assert.equal(turnsSeen, 0);
    let calls = 0;
    let cancel = false;
    const got = await mapInTurns(
      Array.from({ length: 500 }, (_, i) => i),
      () => {
        calls++;
        if (calls === 100) cancel = true;
      },
      () => cancel,
      100,
    );
    assert.equal(got, undefined);
    assert.equal(calls, 100);
  });
});
