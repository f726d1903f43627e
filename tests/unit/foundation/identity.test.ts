import { describe, expect, it } from 'vitest';
import { addUser, ADMIN_PASSWORD, failsWith, initAgency, login, openCore, TestClock, USER_PASSWORD } from '../../support/core';

describe('first-run setup', () => {
  it('refuses a malformed agency code with a field-level error and creates nothing', async () => {
    const core = openCore();
    const err = await failsWith(
      core.call('setup.initialize', { agency: { name: 'X', code: 'g22', shortName: 'UBND' }, units: [], admin: { username: 'admin', fullName: 'A', password: 'long-enough-1' } }, {}),
      'VALIDATION',
    );
    expect(err.fields?.map((f) => f.path)).toContain('agency.code');
    expect((await core.call('system.status', {}, {})).initialized).toBe(false);
  });

  it('sets up once; a second setup is refused', async () => {
    const core = openCore();
    await initAgency(core);
    const status = await core.call('system.status', {}, {});
    expect(status.initialized).toBe(true);
    expect(status.agency).toEqual({ name: 'Ủy ban nhân dân tỉnh Thử Nghiệm', code: '000.00.00.H99', shortName: 'UBND' });
    await failsWith(initAgency(core), 'ALREADY_INITIALIZED');
  });

  it('stores passwords as scrypt hashes, never in clear', async () => {
    const core = openCore();
    await initAgency(core);
    const row = core.db.prepare("SELECT password_hash FROM users WHERE username = 'admin'").get() as { password_hash: string };
    expect(row.password_hash.startsWith('scrypt$')).toBe(true);
    expect(row.password_hash).not.toContain(ADMIN_PASSWORD);
  });
});

describe('login and sessions', () => {
  it('logs in with the right password and tells who the user is', async () => {
    const core = openCore();
    await initAgency(core);
    const token = await login(core, 'admin');
    const me = await core.call('auth.me', {}, { sessionToken: token });
    expect(me.user.username).toBe('admin');
    expect(me.permissions).toContain('users.manage');
  });

  it('gives the same answer for a wrong password and an unknown user', async () => {
    const core = openCore();
    await initAgency(core);
    const a = await failsWith(core.call('auth.login', { username: 'admin', password: 'wrong-password' }, {}), 'LOGIN_FAILED');
    const b = await failsWith(core.call('auth.login', { username: 'nobody', password: 'wrong-password' }, {}), 'LOGIN_FAILED');
    expect(a.message).toBe(b.message);
  });

  it('locks an account after repeated failures, even against the right password, until an admin unlocks it', async () => {
    const clock = new TestClock();
    const core = openCore({ clock });
    await initAgency(core);
    const clerkId = await addUser(core, 'clerk1', ['clerk']);
    for (let i = 0; i < 5; i++) await failsWith(core.call('auth.login', { username: 'clerk1', password: 'bad-password' }, {}), 'LOGIN_FAILED');
    await failsWith(core.call('auth.login', { username: 'clerk1', password: USER_PASSWORD }, {}), 'ACCOUNT_LOCKED');
    const admin = await login(core, 'admin');
    await core.call('users.update', { id: clerkId, unlock: true }, { sessionToken: admin });
    expect(await login(core, 'clerk1')).toBeTruthy();
  });

  it('unlocks by itself after the lock-out period', async () => {
    const clock = new TestClock();
    const core = openCore({ clock });
    await initAgency(core);
    await addUser(core, 'clerk1', ['clerk']);
    for (let i = 0; i < 5; i++) await failsWith(core.call('auth.login', { username: 'clerk1', password: 'bad-password' }, {}), 'LOGIN_FAILED');
    clock.advance(901);
    expect(await login(core, 'clerk1')).toBeTruthy();
  });

  it('locks an idle session; only the password unlocks it', async () => {
    const clock = new TestClock();
    const core = openCore({ clock });
    await initAgency(core);
    const admin = await login(core, 'admin');
    await core.call('settings.updateSecurity', { idleLockSeconds: 60 }, { sessionToken: admin });
    clock.advance(30);
    await core.call('auth.me', {}, { sessionToken: admin });
    clock.advance(61);
    await failsWith(core.call('auth.me', {}, { sessionToken: admin }), 'SESSION_LOCKED');
    await failsWith(core.call('auth.unlock', { password: 'wrong-password' }, { sessionToken: admin }), 'LOGIN_FAILED');
    await core.call('auth.unlock', { password: ADMIN_PASSWORD }, { sessionToken: admin });
    expect((await core.call('auth.me', {}, { sessionToken: admin })).user.username).toBe('admin');
  });

  it('ends the session on logout', async () => {
    const core = openCore();
    await initAgency(core);
    const token = await login(core, 'admin');
    await core.call('auth.logout', {}, { sessionToken: token });
    await failsWith(core.call('auth.me', {}, { sessionToken: token }), 'UNAUTHENTICATED');
  });

  it('ends a session locked by inactivity when the user logs out from the lock screen', async () => {
    const clock = new TestClock();
    const core = openCore({ clock });
    await initAgency(core);
    const admin = await login(core, 'admin');
    await core.call('settings.updateSecurity', { idleLockSeconds: 60 }, { sessionToken: admin });
    clock.advance(120);
    await failsWith(core.call('auth.me', {}, { sessionToken: admin }), 'SESSION_LOCKED');
    await core.call('auth.logout', {}, { sessionToken: admin });
    await failsWith(core.call('auth.unlock', { password: ADMIN_PASSWORD }, { sessionToken: admin }), 'UNAUTHENTICATED');
    await failsWith(core.call('auth.logout', {}, {}), 'UNAUTHENTICATED');
  });

  it('ends the sessions of a user who is disabled', async () => {
    const core = openCore();
    await initAgency(core);
    const id = await addUser(core, 'clerk1', ['clerk']);
    const clerk = await login(core, 'clerk1');
    const admin = await login(core, 'admin');
    await core.call('users.update', { id, disabled: true }, { sessionToken: admin });
    await failsWith(core.call('auth.me', {}, { sessionToken: clerk }), 'UNAUTHENTICATED');
    await failsWith(login(core, 'clerk1'), 'ACCOUNT_DISABLED');
  });
});

describe('permissions are enforced in the core', () => {
  it('refuses a clerk who tries to add users, and a caller with no session', async () => {
    const core = openCore();
    await initAgency(core);
    await addUser(core, 'clerk1', ['clerk']);
    const clerk = await login(core, 'clerk1');
    const input = { username: 'x1', fullName: 'X', password: 'long-enough-1', roles: ['leader' as const] };
    await failsWith(core.call('users.create', input, { sessionToken: clerk }), 'FORBIDDEN');
    await failsWith(core.call('users.create', input, {}), 'UNAUTHENTICATED');
    await failsWith(core.call('audit.list', {}, { sessionToken: clerk }), 'FORBIDDEN');
  });

  it('keeps at least one active administrator', async () => {
    const core = openCore();
    await initAgency(core);
    const admin = await login(core, 'admin');
    const me = await core.call('auth.me', {}, { sessionToken: admin });
    await failsWith(core.call('users.update', { id: me.user.id, roles: ['clerk'] }, { sessionToken: admin }), 'CONFLICT');
  });

  it('answers a malformed call with a typed error instead of crashing', async () => {
    const core = openCore();
    await failsWith(core.call('no.such.method', {}, {}), 'UNKNOWN_METHOD');
    await failsWith(core.call('auth.login', { username: 42 }, {}), 'VALIDATION');
    await failsWith(core.call('auth.login', null, {}), 'VALIDATION');
  });

  it('refuses a duplicate username', async () => {
    const core = openCore();
    await initAgency(core);
    await addUser(core, 'clerk1', ['clerk']);
    await failsWith(addUser(core, 'clerk1', ['leader']), 'USERNAME_TAKEN');
  });
});
