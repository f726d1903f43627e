import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../shared/api/errors';
import { ROLES, type Role } from '../../shared/permissions';
import { Core } from '../../core/app';
import { backupDataDir, restoreDataDir } from '../../core/storage/backup';
import { createDemo, DEMO_PASSWORD, DEMO_USERS } from '../../core/demo';
import { defineCommand, type CliContext } from '../command';

const cliActor = () => `cli:${os.userInfo().username}`;

/** Opens the profile for one command, always closing it (and releasing the lock) afterwards. */
export async function withCore<T>(ctx: CliContext, fn: (core: Core) => Promise<T> | T): Promise<T> {
  const core = Core.open({ dataDir: ctx.dataDir, purpose: 'vanthu command line' });
  try {
    return await fn(core);
  } finally {
    core.close();
  }
}

export function secretFromEnv(varName: unknown, what: string): string {
  if (typeof varName !== 'string' || !varName) throw new AppError('VALIDATION', `Give the ${what} through an environment variable: --${what.replace(/ /g, '-')}-env VAR.`);
  const v = process.env[varName];
  if (!v) throw new AppError('VALIDATION', `The environment variable ${varName} (the ${what}) is empty or not set.`);
  return v;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

const init = defineCommand({
  name: 'init',
  summary: 'Create a profile: the agency, its units and the first administrator.',
  usage: 'init --agency-name NAME --agency-code CODE --short-name ABBR --admin-user NAME --admin-name "Full Name" --admin-password-env VAR [--unit NAME[:CODE]]... [--data-dir DIR] [--json]',
  options: {
    'agency-name': { type: 'string' },
    'agency-code': { type: 'string' },
    'short-name': { type: 'string' },
    'admin-user': { type: 'string' },
    'admin-name': { type: 'string' },
    'admin-password-env': { type: 'string' },
    unit: { type: 'string', multiple: true },
  },
  async run(ctx, { values }) {
    const password = secretFromEnv(values['admin-password-env'], 'admin password');
    const units = ((values.unit as string[] | undefined) ?? []).map((u) => {
      const [name, code = ''] = u.split(':');
      return { name: name ?? '', code };
    });
    return withCore(ctx, (core) =>
      core.asSystem(cliActor())('setup.initialize', {
        agency: { name: str(values['agency-name']) ?? '', code: str(values['agency-code']) ?? '', shortName: str(values['short-name']) ?? '' },
        units,
        admin: { username: str(values['admin-user']) ?? '', fullName: str(values['admin-name']) ?? '', password },
      }),
    );
  },
  print: (r) => `Created ${r.agency.name} (${r.agency.code}) with ${r.units.length} units; administrator "${r.admin.username}".`,
});

const demo = defineCommand({
  name: 'demo',
  summary: 'Create the demo: two agencies (province and department) with a user for every role.',
  usage: 'demo [--data-dir DIR] [--json]',
  async run(ctx) {
    const profiles = await createDemo(ctx.dataDir, ctx.progress);
    return { profiles, users: ['admin', ...DEMO_USERS.map((u) => u.username)], password: DEMO_PASSWORD };
  },
  print: (r) =>
    [...r.profiles.map((p) => `${p.agency.name} (${p.agency.code}): --data-dir ${p.dataDir}`), `Users: ${r.users.join(', ')} — password "${r.password}".`].join('\n'),
});

const usersAdd = defineCommand({
  name: 'users add',
  summary: 'Add a user.',
  usage: 'users add --username NAME --full-name "Full Name" --role ROLE [--role ROLE]... --password-env VAR [--title T] [--unit ID] [--data-dir DIR] [--json]',
  options: {
    username: { type: 'string' },
    'full-name': { type: 'string' },
    title: { type: 'string' },
    role: { type: 'string', multiple: true },
    unit: { type: 'string' },
    'password-env': { type: 'string' },
  },
  async run(ctx, { values }) {
    const roles = (values.role as string[] | undefined) ?? [];
    const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
    if (unknown.length) throw new AppError('VALIDATION', `Unknown role ${unknown.join(', ')}; roles are ${ROLES.join(', ')}.`);
    const password = secretFromEnv(values['password-env'], 'password');
    const unit = str(values.unit);
    return withCore(ctx, async (core) =>
      (await core.asSystem(cliActor())('users.create', {
        username: str(values.username) ?? '',
        fullName: str(values['full-name']) ?? '',
        title: str(values.title) ?? '',
        password,
        roles: roles as Role[],
        unitId: unit ? Number(unit) : null,
      })).user,
    );
  },
  print: (u) => `Added user "${u.username}" (${u.fullName}; ${u.roles.join(', ')}).`,
});

const usersList = defineCommand({
  name: 'users list',
  summary: 'List users.',
  usage: 'users list [--all] [--data-dir DIR] [--json]',
  options: { all: { type: 'boolean', default: false } },
  async run(ctx, { values }) {
    return withCore(ctx, async (core) => (await core.asSystem(cliActor())('users.list', { includeDisabled: values.all === true })).users);
  },
  print: (users) =>
    users.map((u) => `${String(u.id).padStart(4)}  ${u.username.padEnd(16)} ${u.fullName.padEnd(28)} ${u.roles.join(',')}${u.disabled ? ' (disabled)' : ''}`).join('\n'),
});

const auditVerify = defineCommand({
  name: 'audit verify',
  summary: 'Check the audit log’s hash chain; exits 1 if any entry was edited or deleted.',
  usage: 'audit verify [--data-dir DIR] [--json]',
  async run(ctx) {
    return withCore(ctx, (core) => core.asSystem(cliActor())('audit.verify', {}));
  },
  print: (r) => (r.ok ? `Audit log intact: ${r.entries} entries.` : [`Audit log BROKEN (${r.entries} entries):`, ...r.problems.map((p) => `  entry ${p.seq}: ${p.problem}`)].join('\n')),
  exitCode: (r) => (r.ok ? 0 : 1),
});

const backup = defineCommand({
  name: 'backup',
  summary: 'Make a consistent copy of the profile (works while the app runs) with SHA-256 manifest.',
  usage: 'backup --out DIR [--data-dir DIR] [--json]',
  options: { out: { type: 'string' } },
  async run(ctx, { values }) {
    const out = str(values.out);
    if (!out) throw new AppError('VALIDATION', 'Say where to write the backup: --out DIR (a new or empty folder).');
    const m = await backupDataDir(ctx.dataDir, path.resolve(out), ctx.progress);
    return { out: path.resolve(out), files: m.files.length, bytes: m.files.reduce((s, f) => s + f.size, 0), schemaVersion: m.schemaVersion, createdAt: m.createdAt };
  },
  print: (r) => `Backup written to ${r.out}: ${r.files} files, ${r.bytes} bytes.`,
});

const restore = defineCommand({
  name: 'restore',
  summary: 'Restore a backup into a new or empty --data-dir, after checking every checksum.',
  usage: 'restore --from BACKUP_DIR --data-dir NEW_DIR [--json]',
  options: { from: { type: 'string' } },
  run(ctx, { values }) {
    const from = str(values.from);
    if (!from) throw new AppError('VALIDATION', 'Say which backup to restore: --from DIR.');
    const m = restoreDataDir(path.resolve(from), ctx.dataDir, ctx.progress);
    return { dataDir: ctx.dataDir, files: m.files.length, schemaVersion: m.schemaVersion };
  },
  print: (r) => `Restored ${r.files} files into ${r.dataDir}.`,
});

export const foundationCommands = [init, demo, usersAdd, usersList, auditVerify, backup, restore];
