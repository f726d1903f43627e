import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupDataDir, restoreDataDir } from '../../../core/storage/backup';
import { addUser, failsWith, initAgency, openCore, tempDir } from '../../support/core';

describe('backup and restore', () => {
  it('copies a profile while it is open and restores it with its users, files and audit chain', async () => {
    const core = openCore();
    await initAgency(core);
    await addUser(core, 'clerk1', ['clerk']);
    const blob = core.blobs.put(Buffer.from('%PDF-1.7 a stored attachment'));
    const out = path.join(tempDir(), 'backup');
    const manifest = await backupDataDir(core.dataDir, out); // the app still holds the profile
    expect(manifest.files.map((f) => f.path)).toContain(`files/blobs/${blob.sha256.slice(0, 2)}/${blob.sha256}`);
    await addUser(core, 'after-backup', ['clerk']); // later changes are not in the snapshot

    const restored = path.join(tempDir(), 'restored');
    restoreDataDir(out, restored);
    const copy = openCore({ dataDir: restored });
    const users = await copy.asSystem('test')('users.list', {});
    expect(users.users.map((u) => u.username)).toEqual(['admin', 'clerk1']);
    expect(copy.blobs.get(blob.sha256).toString()).toBe('%PDF-1.7 a stored attachment');
    expect(copy.audit.verify().ok).toBe(true);
  });

  it('refuses a backup whose files do not match their checksums, restoring nothing', async () => {
    const core = openCore();
    await initAgency(core);
    core.blobs.put(Buffer.from('attachment bytes'));
    const out = path.join(tempDir(), 'backup');
    const manifest = await backupDataDir(core.dataDir, out);
    const blobEntry = manifest.files.find((f) => f.path.startsWith('files/blobs/'))!;
    fs.appendFileSync(path.join(out, blobEntry.path), 'x');
    const target = path.join(tempDir(), 'restored');
    const err = await failsWith(Promise.resolve().then(() => restoreDataDir(out, target)), 'BACKUP_INVALID');
    expect(err.message).toContain('does not match its checksum');
    expect(fs.existsSync(target)).toBe(false);
  });

  it('refuses a backup with a missing database, and a folder that is not a backup', async () => {
    const core = openCore();
    await initAgency(core);
    const out = path.join(tempDir(), 'backup');
    await backupDataDir(core.dataDir, out);
    fs.rmSync(path.join(out, 'vanthu.db'));
    await failsWith(Promise.resolve().then(() => restoreDataDir(out, path.join(tempDir(), 'r'))), 'BACKUP_INVALID');
    await failsWith(Promise.resolve().then(() => restoreDataDir(tempDir(), path.join(tempDir(), 'r'))), 'BACKUP_INVALID');
  });

  it('never overwrites: restore needs an empty folder and backup a new one', async () => {
    const core = openCore();
    await initAgency(core);
    const out = path.join(tempDir(), 'backup');
    await backupDataDir(core.dataDir, out);
    await failsWith(backupDataDir(core.dataDir, out), 'TARGET_NOT_EMPTY');
    await failsWith(Promise.resolve().then(() => restoreDataDir(out, core.dataDir)), 'TARGET_NOT_EMPTY');
    expect((await core.asSystem('test')('users.list', {})).users).toHaveLength(1);
  });
});
