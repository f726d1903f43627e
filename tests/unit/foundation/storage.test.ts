import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Core } from '../../../core/app';
import { BlobStore } from '../../../core/storage/blobs';
import { openDatabase } from '../../../core/storage/database';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../../core/storage/migrations/index';
import { addUser, failsWith, initAgency, openCore, tempDir } from '../../support/core';

const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

/** Starts a second process that opens the profile and holds it until killed. */
function holdProfile(dataDir: string): Promise<{ pid: number; stop: () => void }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '-e', `import('./core/app.ts').then(({ Core }) => { Core.open({ dataDir: ${JSON.stringify(dataDir)}, purpose: 'other test process' }); console.log('open'); setInterval(() => {}, 1000); })`],
    { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => d.toString().includes('open') && resolve({ pid: child.pid!, stop: () => child.kill('SIGKILL') }));
    child.on('exit', (code) => reject(new Error(`holder exited ${code}`)));
  });
}

describe('the data directory', () => {
  it('is refused while another running instance has it open, naming that process', async () => {
    const dataDir = path.join(tempDir(), 'p');
    const holder = await holdProfile(dataDir);
    try {
      const err = await failsWith(Promise.resolve().then(() => Core.open({ dataDir })), 'DATA_DIR_LOCKED');
      expect(err.message).toContain(String(holder.pid));
    } finally {
      holder.stop();
    }
  });

  it('is taken over when the process that held it was killed', async () => {
    const dataDir = path.join(tempDir(), 'p');
    const holder = await holdProfile(dataDir);
    holder.stop();
    await new Promise((r) => setTimeout(r, 200));
    const core = openCore({ dataDir });
    expect(core.identity.isInitialized()).toBe(false);
  });

  it('refuses a damaged database file and leaves it untouched', () => {
    const dataDir = tempDir();
    const junk = crypto.randomBytes(8192);
    fs.writeFileSync(path.join(dataDir, 'vanthu.db'), junk);
    expect(() => Core.open({ dataDir })).toThrow(expect.objectContaining({ code: 'DATA_DIR_CORRUPT' }));
    expect(sha(fs.readFileSync(path.join(dataDir, 'vanthu.db')))).toBe(sha(junk));
    expect(fs.existsSync(path.join(dataDir, 'vanthu.lock'))).toBe(false);
  });

  it('refuses a database written by a newer VanThu and changes nothing', async () => {
    const dataDir = tempDir();
    const core = openCore({ dataDir });
    await initAgency(core);
    core.close();
    const raw = new BetterSqlite3(path.join(dataDir, 'vanthu.db'));
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    raw.close();
    const before = sha(fs.readFileSync(path.join(dataDir, 'vanthu.db')));
    expect(() => Core.open({ dataDir })).toThrow(expect.objectContaining({ code: 'SCHEMA_TOO_NEW' }));
    expect(sha(fs.readFileSync(path.join(dataDir, 'vanthu.db')))).toBe(before);
  });

  it('opens with WAL, foreign keys and fully synchronous commits', () => {
    const core = openCore();
    expect(core.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(core.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(core.db.pragma('synchronous', { simple: true })).toBe(2);
  });

  it('migrates a database made by the first schema to the latest and keeps its data', async () => {
    const dataDir = tempDir();
    const first = openDatabase(dataDir, { migrations: MIGRATIONS.filter((m) => m.version === 1) });
    expect(first.pragma('user_version', { simple: true })).toBe(1);
    first.close();
    // Fill it through the app at schema 1, as a user of that version would have.
    const old = openCore({ dataDir });
    await initAgency(old);
    await addUser(old, 'clerk1', ['clerk']);
    old.close();
    const core = openCore({ dataDir });
    expect(core.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    const users = await core.asSystem('test')('users.list', { includeDisabled: true });
    expect(users.users.map((u) => u.username)).toEqual(['admin', 'clerk1']);
    expect(core.audit.verify().ok).toBe(true);
  });
});

describe('stored files', () => {
  it('are named by their SHA-256 and read back intact', () => {
    const store = new BlobStore(path.join(tempDir(), 'blobs'));
    const data = crypto.randomBytes(100_000);
    const { sha256 } = store.put(data);
    expect(sha256).toBe(sha(data));
    expect(store.get(sha256).equals(data)).toBe(true);
    expect(store.put(data).sha256).toBe(sha256); // idempotent
  });

  it('report damage on read instead of serving altered bytes', () => {
    const store = new BlobStore(path.join(tempDir(), 'blobs'));
    const { sha256 } = store.put(Buffer.from('%PDF-1.7 original'));
    fs.writeFileSync(store.pathOf(sha256), '%PDF-1.7 altered!');
    expect(() => store.get(sha256)).toThrow(expect.objectContaining({ code: 'INTEGRITY_FAILED' }));
  });

  it('refuses an oversized file before copying anything', () => {
    const dir = tempDir();
    const store = new BlobStore(path.join(dir, 'blobs'));
    const big = path.join(dir, 'big.pdf');
    fs.writeFileSync(big, Buffer.alloc(2048));
    expect(() => store.putFile(big, 1024)).toThrow(expect.objectContaining({ code: 'FILE_TOO_LARGE' }));
    expect([...store.list()]).toEqual([]);
    expect(fs.readdirSync(path.join(dir, 'blobs', 'tmp'))).toEqual([]);
  });

  it('never shows a half-written file under its real name when the writer is killed', async () => {
    const dir = tempDir();
    const source = path.join(dir, 'src.bin');
    fs.writeFileSync(source, crypto.randomBytes(64 * 1024 * 1024));
    const expected = sha(fs.readFileSync(source));
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', `import('./core/storage/blobs.ts').then(({ BlobStore }) => { console.log('go'); new BlobStore(${JSON.stringify(path.join(dir, 'blobs'))}).putFile(${JSON.stringify(source)}); })`], {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((r) => child.stdout.on('data', () => r()));
    await new Promise((r) => setTimeout(r, 30));
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    const store = new BlobStore(path.join(dir, 'blobs'));
    if (store.has(expected)) expect(store.get(expected).length).toBe(64 * 1024 * 1024); // finished before the kill: whole
    else expect([...store.list()]).toEqual([]);
  });
});

describe('migrations', () => {
  it('are listed in strictly increasing order, so none can be skipped on an upgraded database', () => {
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
    expect(LATEST_SCHEMA_VERSION).toBe(versions[versions.length - 1]);
  });
});
