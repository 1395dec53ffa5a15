import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MessageChannel } from 'node:worker_threads';
import { isPacked, pack, packArray, packedOf, unpackArray, unpackSliced, type Packed } from '../../../src/node/packed';

/** Items shaped like decoded certificates: strings, numbers, nested objects and DER bytes. */
function items(
  n: number,
): Array<{ span: { start: number; end: number }; der: Uint8Array; certificate: { subject: string; sans: string[] } }> {
  return Array.from({ length: n }, (_, i) => ({
    span: { start: i * 10, end: i * 10 + 9 },
    der: Uint8Array.from([0x30, i & 0xff, (i >> 8) & 0xff, 7]),
    certificate: { subject: `CN=host-${i}`, sans: [`DNS:host-${i}.example`] },
  }));
}

/** Counts event-loop turns (setImmediate callbacks) that run until stopped. */
function turns(): { count: () => number; stop: () => void } {
  let n = 0;
  let on = true;
  const spin = () => {
    n++;
    if (on) setImmediate(spin);
  };
  setImmediate(spin);
  return { count: () => n, stop: () => (on = false) };
}

describe('packed', () => {
  it('packs the big top-level arrays only, and unpacks to the same value', async () => {
    const value = { items: items(1000), problems: items(3), label: 'x' };
    const p = pack(value, 100);
    assert.ok(isPacked(p));
    assert.deepEqual(Object.keys(p.arrays), ['items']);
    assert.equal(p.arrays.items?.slices.length, 10);
    assert.deepEqual(await unpackSliced(p), value);
    const small = { items: items(5) };
    assert.equal(pack(small, 100), small, 'a value with no big array is posted as it is');
  });

  it('gives typed arrays buffers of their own, never a view on the shared slices (WebCrypto refuses those)', async () => {
    const got = unpackArray(packArray(items(300), 100)) as ReturnType<typeof items>;
    for (const i of got) assert.ok(!(i.der.buffer instanceof SharedArrayBuffer) && i.der.byteLength === i.der.buffer.byteLength);
    const digest = await crypto.subtle.digest('SHA-256', (got[299]?.der ?? new Uint8Array()) as Uint8Array<ArrayBuffer>);
    assert.equal(digest.byteLength, 32);
    const buf = unpackArray(packArray([{ b: Buffer.from([1, 2]) }], 100)) as Array<{ b: Buffer }>;
    assert.ok(Buffer.isBuffer(buf[0]?.b) && buf[0]?.b.equals(Buffer.from([1, 2])));
  });

  it('rebuilds a packed value a slice per event-loop turn, other turns running in between', async () => {
    const value = { items: items(2000) };
    const p = pack(value, 100);
    const loop = turns();
    const seen: number[] = [];
    const got = await unpackSliced(p, () => seen.push(loop.count()));
    loop.stop();
    assert.deepEqual(got, value);
    // One progress call before the first slice, one after each of the 20.
    assert.equal(seen.length, 21);
    for (let i = 1; i < seen.length; i++) assert.ok((seen[i] ?? 0) > (seen[i - 1] ?? 0), `no other turn ran before slice ${i}`);
  });

  it('stops between slices once told to (a cancelled request): no slice is read after', async () => {
    const p = pack({ items: items(2000) }, 100);
    let done = 0;
    const read = unpackSliced(
      p,
      (progress) => (done = progress.done),
      undefined,
      () => done >= 3,
    );
    await assert.rejects(read, /stopped/);
    assert.equal(done, 3);
  });

  it('keeps the slices of a rebuilt array: packing it again reuses them, and a post shares them', async () => {
    const p = pack({ items: items(600), other: items(600) }, 100) as Packed;
    const got = await unpackSliced<{ items: ReturnType<typeof items>; other: ReturnType<typeof items> }>(p);
    assert.equal(packedOf(got.items), p.arrays['items']);
    assert.equal(packedOf(got.other), undefined, 'only the arrays named in `keep` hold on to their slices');
    const again = pack({ items: got.items }, 100) as Packed;
    assert.equal(again.arrays['items'], p.arrays['items'], 'the array was serialised again');
    const { port1, port2 } = new MessageChannel();
    const received = new Promise<unknown>((resolve) => port2.once('message', resolve));
    port1.postMessage(again);
    const posted = (await received) as Packed;
    port1.close();
    // Shared, not copied: a byte written here is seen through the posted slice.
    const mine = p.arrays['items']?.slices[0];
    const theirs = posted.arrays['items']?.slices[0];
    assert.ok(mine && theirs);
    const before = new Uint8Array(theirs)[0];
    new Uint8Array(mine)[0] = 0xee;
    assert.equal(new Uint8Array(theirs)[0], 0xee);
    new Uint8Array(mine)[0] = before ?? 0;
    assert.deepEqual((await unpackSliced<{ items: unknown[] }>(posted)).items, got.items);
  });
});
