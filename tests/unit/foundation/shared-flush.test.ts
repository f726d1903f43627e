// SharedFlush: writers of one moment share flushes, and nobody is answered by a flush that began
// before their write.
import { describe, expect, it } from 'vitest';
import { SharedFlush } from '../../../core/storage/sharedFlush';

describe('shared flush', () => {
  it('runs one flush at a time; callers arriving meanwhile share the next one, which starts after their writes', async () => {
    let written = 0;
    const flushed: number[] = [];
    const gates: (() => void)[] = [];
    const flush = new SharedFlush(async () => {
      const upTo = written; // what this flush covers is decided when it starts
      await new Promise<void>((r) => gates.push(r));
      flushed.push(upTo);
    });
    written = 1;
    const a = flush.request();
    written = 2;
    const b = flush.request();
    written = 3;
    const c = flush.request();
    expect(gates).toHaveLength(1);
    gates.shift()!();
    await a;
    expect(flushed).toEqual([1]);
    await new Promise((r) => setTimeout(r, 0));
    expect(gates).toHaveLength(1); // b and c share the second flush
    gates.shift()!();
    await Promise.all([b, c]);
    expect(flushed).toEqual([1, 3]);
  });

  it('reports a failed flush to its callers, and the next caller gets a fresh try', async () => {
    let fail = true;
    const flush = new SharedFlush(async () => {
      if (fail) throw new Error('EIO');
    });
    await expect(flush.request()).rejects.toThrow('EIO');
    fail = false;
    await expect(flush.request()).resolves.toBeUndefined();
  });
});
