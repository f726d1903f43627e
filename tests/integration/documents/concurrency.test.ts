import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { incoming, openProfile, type TestProfile } from './profile';

let p: TestProfile;
beforeEach(async () => {
  p = await openProfile('2026-01-05T02:00:00Z');
});
afterEach(() => p.close());

const WRITER = path.join(import.meta.dirname, 'concurrentWriter.ts');

describe('arrival numbers under concurrent writers', () => {
  it('four processes and the app registering at once get every number exactly once, with no gaps', async () => {
    const registerId = (await p.system('registers.create', { name: 'Sổ văn bản đến', direction: 'incoming' })).register.id;
    const perWriter = 40;
    const children: ChildProcess[] = ['A', 'B', 'C', 'D'].map((name) =>
      fork(WRITER, [p.dir, String(registerId), String(perWriter), name], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
    );
    await Promise.all(children.map((c) => new Promise((resolve) => c.once('message', resolve))));
    const results = children.map(
      (c) =>
        new Promise<number[]>((resolve, reject) => {
          c.once('message', (m) => resolve((m as { numbers: number[] }).numbers));
          c.once('exit', (code) => code !== 0 && reject(new Error(`writer exited with ${code}`)));
        }),
    );
    for (const c of children) c.send('go');
    // The app itself (through Core) keeps registering while the writers run.
    const mine: number[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await p.users.clerk.call('documents.registerIncoming', { registerId, ...incoming({ numberNotation: `${i + 1}/TB-APP`, dateIssued: '2026-01-02' }) });
      mine.push(r.document.arrivalNumber!);
    }
    const all = [...(await Promise.all(results)).flat(), ...mine];
    const total = 4 * perWriter + 20;
    expect(all.length).toBe(total);
    expect(new Set(all).size).toBe(total);
    expect([...all].sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    // Each writer saw its own numbers rise.
    expect(mine).toEqual([...mine].sort((a, b) => a - b));
    const verify = await p.system('audit.verify', {});
    expect(verify.ok).toBe(true);
    const regs = await p.users.clerk.call('registers.list', { direction: 'incoming', year: 2026 });
    expect(regs.registers[0]!.lastNumber).toBe(total);
  });
});
