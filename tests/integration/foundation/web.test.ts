import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient, httpTransport } from '../../../shared/api/client';
import { startWebServer, type WebServer } from '../../../server/web/server';
import { ADMIN_PASSWORD, initAgency, openCore, tempDir } from '../../support/core';

let server: WebServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start() {
  const core = openCore();
  await initAgency(core);
  const staticDir = tempDir();
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>VanThu</title>');
  server = await startWebServer({ core, staticDir });
  return { core, server };
}

function raw(s: WebServer, opts: { path: string; method?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: s.port, path: opts.path, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

describe('web mode HTTP transport', () => {
  it('serves the same API as a direct call: log in and read the user back', async () => {
    const { server: s } = await start();
    const client = new ApiClient(httpTransport(s.url, s.token));
    const login = await client.call('auth.login', { username: 'admin', password: ADMIN_PASSWORD });
    expect(login.user.username).toBe('admin');
    const me = await client.call('auth.me', {});
    expect(me.permissions).toContain('users.manage');
  });

  it('refuses API calls without the launch token or with a wrong one', async () => {
    const { server: s } = await start();
    const none = await raw(s, { path: '/api/call/system.status', method: 'POST', body: '{}' });
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body).error.code).toBe('BAD_TOKEN');
    const wrong = await new ApiClient(httpTransport(s.url, 'not-the-token')).call('system.status', {}).catch((e) => e);
    expect(wrong.code).toBe('BAD_TOKEN');
  });

  it('refuses requests for another host name (DNS rebinding)', async () => {
    const { server: s } = await start();
    const r = await raw(s, { path: '/api/call/system.status', method: 'POST', headers: { host: 'evil.example:80', 'x-vanthu-token': s.token }, body: '{}' });
    expect(r.status).toBe(421);
  });

  it('answers malformed JSON, unknown methods and bad input with typed errors', async () => {
    const { server: s } = await start();
    const h = { 'x-vanthu-token': s.token, 'content-type': 'application/json' };
    const badJson = await raw(s, { path: '/api/call/auth.login', method: 'POST', headers: h, body: '{oops' });
    expect([badJson.status, JSON.parse(badJson.body).error.code]).toEqual([400, 'VALIDATION']);
    const unknown = await raw(s, { path: '/api/call/drop.tables', method: 'POST', headers: h, body: '{}' });
    expect([unknown.status, JSON.parse(unknown.body).error.code]).toEqual([400, 'UNKNOWN_METHOD']);
    const denied = await raw(s, { path: '/api/call/users.list', method: 'POST', headers: h, body: '{}' });
    expect([denied.status, JSON.parse(denied.body).error.code]).toEqual([401, 'UNAUTHENTICATED']);
  });

  it('serves the page with a strict CSP and never files outside the app folder', async () => {
    const { server: s } = await start();
    const page = await raw(s, { path: '/' });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['x-frame-options']).toBe('DENY');
    const escape = await raw(s, { path: '/..%2f..%2f..%2fetc%2fpasswd.txt' });
    expect(escape.status).toBe(403);
  });

  it('pushes core events to the page over server-sent events', async () => {
    const { core, server: s } = await start();
    const received = await new Promise<string>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port: s.port, path: `/api/events?token=${s.token}` }, (res) => {
        let buf = '';
        res.on('data', (c) => {
          buf += c;
          if (buf.includes('"changed"')) {
            req.destroy();
            resolve(buf);
          }
        });
        setTimeout(() => core.emit({ type: 'changed', subject: 'users', id: '7' }), 100);
      });
      req.on('error', reject);
    });
    expect(received).toContain('"sync.state"');
    expect(received).toContain('"subject":"users"');
  });
});
