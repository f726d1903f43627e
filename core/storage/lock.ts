import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../shared/api/errors';

// One running instance per data directory. The lock file records the owner so a stale lock
// (its process gone) can be taken over safely, while a live one is refused with who holds it.

export interface DirLock {
  release(): void;
}

const LOCK_NAME = 'vanthu.lock';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireDirLock(dataDir: string, purpose: string): DirLock {
  const file = path.join(dataDir, LOCK_NAME);
  const me = JSON.stringify({ pid: process.pid, host: os.hostname(), purpose, since: new Date().toISOString() });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx');
      fs.writeSync(fd, me);
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          try {
            const cur = JSON.parse(fs.readFileSync(file, 'utf8')) as { pid?: number };
            if (cur.pid === process.pid) fs.unlinkSync(file);
          } catch {
            /* already gone */
          }
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let owner: { pid?: number; host?: string; purpose?: string } = {};
      try {
        owner = JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch {
        /* half-written lock: treat as stale */
      }
      const sameHost = !owner.host || owner.host === os.hostname();
      if (owner.pid && sameHost && owner.pid !== process.pid && processAlive(owner.pid)) {
        throw new AppError(
          'DATA_DIR_LOCKED',
          `The data directory ${dataDir} is in use by another VanThu process (pid ${owner.pid}, ${owner.purpose ?? 'app'}). Close it first, or use a different --data-dir.`,
          { details: { pid: owner.pid, purpose: owner.purpose } },
        );
      }
      if (owner.pid === process.pid) {
        throw new AppError('DATA_DIR_LOCKED', `The data directory ${dataDir} is already open in this process.`);
      }
      fs.rmSync(file, { force: true }); // stale: owner is gone
    }
  }
  throw new AppError('DATA_DIR_LOCKED', `Could not lock the data directory ${dataDir}.`);
}
