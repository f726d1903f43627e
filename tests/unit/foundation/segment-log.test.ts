// The append-only segment log that holds outbox packages (profile) and the axis stub's packages.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SegmentLog, type SegmentRef } from '../../../core/storage/segmentLog';

const dirs: string[] = [];
function freshDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-seglog-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('segment log', () => {
  it('gives back every record exactly, across segment boundaries, before and after reopening', async () => {
    const dir = freshDir();
    const log = new SegmentLog(dir, { segmentBytes: 10_000 });
    const records = Array.from({ length: 40 }, (_, i) => randomBytes(500 + ((i * 397) % 3000)));
    const refs = records.map((r) => log.append(r));
    await log.flush();
    // Records never straddle segments, and segments stay near their size.
    expect(log.segments().length).toBeGreaterThan(5);
    for (const [i, ref] of refs.entries()) {
      expect(ref.offset + ref.length).toBeLessThanOrEqual(Math.max(10_000, records[i]!.length));
      expect(sha(log.read(ref))).toBe(sha(records[i]!));
    }
    await log.close();
    const again = new SegmentLog(dir, { segmentBytes: 10_000 });
    for (const [i, ref] of refs.entries()) expect(sha(again.read(ref))).toBe(sha(records[i]!));
    // Appending goes on in the newest segment, after what is there.
    const last = refs.at(-1)!;
    const next = again.append(Buffer.from('after reopening'));
    if (next.segment === last.segment) expect(next.offset).toBe(last.offset + last.length);
    else expect(next).toMatchObject({ segment: last.segment + 1, offset: 0 });
    expect(again.read(next).toString()).toBe('after reopening');
    await again.close();
  });

  it('puts a record bigger than a segment in a segment of its own', async () => {
    const log = new SegmentLog(freshDir(), { segmentBytes: 1_000 });
    const small = log.append(randomBytes(100));
    const big = randomBytes(5_000);
    const bigRef = log.append(big);
    const after = log.append(randomBytes(100));
    expect(bigRef.segment).toBe(small.segment + 1);
    expect(bigRef.offset).toBe(0);
    expect(after.segment).toBe(bigRef.segment + 1);
    expect(sha(log.read(bigRef))).toBe(sha(big));
    await log.close();
  });

  it('skips bytes a crash left at the end of a segment that no record names', async () => {
    const dir = freshDir();
    const log = new SegmentLog(dir);
    const first = log.append(Buffer.from('kept'));
    await log.flush();
    log.closeSync();
    // A half-written record from a process that died before it was named anywhere.
    fs.appendFileSync(log.pathOf(first.segment), randomBytes(777));
    const reopened = new SegmentLog(dir);
    const second = reopened.append(Buffer.from('next record'));
    expect(second).toEqual({ segment: first.segment, offset: 4 + 777, length: 11 });
    expect(reopened.read(first).toString()).toBe('kept');
    expect(reopened.read(second).toString()).toBe('next record');
    await reopened.close();
  });

  it('says clearly when it does not hold the bytes a reference names', async () => {
    const dir = freshDir();
    const log = new SegmentLog(dir, { segmentBytes: 1_000 });
    const ref = log.append(randomBytes(600));
    log.append(randomBytes(600)); // starts segment 2
    await log.flush();
    const expectDamaged = (r: SegmentRef, words: RegExp) => {
      try {
        log.read(r);
        expect.unreachable('read should have failed');
      } catch (e) {
        expect((e as { code: string }).code).toBe('FILE_CORRUPT');
        expect((e as Error).message).toMatch(words);
      }
    };
    expectDamaged({ ...ref, length: 5_000 }, /ends before byte 5000.*restore the data folder/);
    expectDamaged({ segment: 99, offset: 0, length: 1 }, /Segment 99 .* is missing \(ENOENT\)/);
    expectDamaged({ segment: 1, offset: -1, length: 1 }, /Not a record reference/);
    await log.close();
    // A truncated segment (a damaged disk or a bad copy) is reported, not served short.
    fs.truncateSync(path.join(dir, '000001.seg'), 100);
    const reopened = new SegmentLog(dir, { segmentBytes: 1_000 });
    expect(() => reopened.read(ref)).toThrow(/ends before byte 600/);
    await reopened.close();
  });

  it('answers every flush, joining the one running when it can', async () => {
    const log = new SegmentLog(freshDir());
    await log.flush(); // nothing written: nothing to do
    const waits: Promise<void>[] = [];
    for (let i = 0; i < 50; i++) {
      log.append(randomBytes(1_000));
      waits.push(log.flush());
    }
    await Promise.all(waits);
    await log.close();
    expect(() => log.append(Buffer.from('x'))).toThrow(/closed/);
  });

  it('keeps every flushed record through kill -9 of the writing process', async () => {
    const dir = freshDir();
    // The writer prints a record's reference and hash only after the flush that covers it.
    const writer = `
      const { SegmentLog } = await import(${JSON.stringify(path.resolve('core/storage/segmentLog.ts'))});
      const { createHash, randomBytes } = await import('node:crypto');
      const log = new SegmentLog(${JSON.stringify(dir)}, { segmentBytes: 256 * 1024 });
      for (;;) {
        const batch = Array.from({ length: 8 }, () => randomBytes(1000 + Math.floor(Math.random() * 30000)));
        const refs = batch.map((b) => log.append(b));
        await log.flush();
        batch.forEach((b, i) => process.stdout.write(JSON.stringify({ ...refs[i], sha: createHash('sha256').update(b).digest('hex') }) + '\\n'));
      }`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', writer], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (out.split('\n').length > 400) {
          clearInterval(timer);
          resolve();
        }
      }, 20);
      child.once('exit', (code) => reject(new Error(`the writer exited by itself (${code})`)));
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const lines = out.split('\n').slice(0, -1); // the last line may be cut
    const reopened = new SegmentLog(dir, { segmentBytes: 256 * 1024 });
    for (const line of lines) {
      const r = JSON.parse(line) as SegmentRef & { sha: string };
      expect(sha(reopened.read(r))).toBe(r.sha);
    }
    expect(reopened.segments().length).toBeGreaterThan(3);
    // And the log takes new records after the crash.
    const ref = reopened.append(Buffer.from('after the crash'));
    await reopened.flush();
    expect(reopened.read(ref).toString()).toBe('after the crash');
    await reopened.close();
  }, 60_000);
});
