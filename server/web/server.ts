import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { AppError, isAppError } from '../../shared/api/errors';
import { HTTP_SESSION_HEADER, HTTP_TOKEN_HEADER } from '../../shared/api/client';
import type { Core } from '../../core/app';
import { MIME_TYPES } from '../../shared/webAssets';
import { readBody, sendJson, SECURITY_HEADERS, statusFor } from './http';

// Web mode: the same React UI and API as the desktop app, on loopback only. A random token per
// launch, given in the printed URL, must accompany every API call (as a header, which other web
// pages cannot add without a CORS preflight we never answer), and the Host header must be ours
// (DNS-rebinding defence).

export interface WebServerOptions {
  core: Core;
  port?: number;
  host?: string;
  /** Built renderer (index.html + assets). */
  staticDir: string;
  /** Fixed token (tests); random per launch otherwise. */
  token?: string;
  maxBodyBytes?: number;
}

export interface WebServer {
  url: string;
  /** URL to open in a browser: carries the launch token once. */
  openUrl: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

function tokensEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? crypto.randomBytes(24).toString('base64url');
  const maxBody = opts.maxBodyBytes ?? 64 * 1024 * 1024;
  const staticRoot = path.resolve(opts.staticDir);
  const sseClients = new Set<http.ServerResponse>();
  let allowedHosts = new Set<string>();

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'INTERNAL', message: (e as Error).message } });
      else res.destroy();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    if (!allowedHosts.has(req.headers.host ?? '')) {
      sendJson(res, 421, { ok: false, error: { code: 'BAD_TOKEN', message: 'Wrong Host header.' } });
      return;
    }
    const url = new URL(req.url ?? '/', 'http://local');
    if (url.pathname.startsWith('/api/')) return api(req, res, url);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, 405, { ok: false, error: { code: 'VALIDATION', message: 'Method not allowed.' } });
      return;
    }
    serveStatic(url.pathname, res);
  }

  async function api(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    if (url.pathname === '/api/events' && req.method === 'GET') {
      if (!tokensEqual(url.searchParams.get('token') ?? '', token)) {
        sendJson(res, 401, { ok: false, error: { code: 'BAD_TOKEN', message: 'Missing or wrong launch token.' } });
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(`data: ${JSON.stringify({ type: 'sync.state', ...opts.core.syncState() })}\n\n`);
      sseClients.add(res);
      const ping = setInterval(() => res.write(': ping\n\n'), 25_000);
      req.on('close', () => {
        clearInterval(ping);
        sseClients.delete(res);
      });
      return;
    }
    const m = /^\/api\/call\/([A-Za-z0-9_.-]+)$/.exec(url.pathname);
    if (!m || req.method !== 'POST') {
      sendJson(res, 404, { ok: false, error: { code: 'UNKNOWN_METHOD', message: 'Use POST /api/call/<method>.' } });
      return;
    }
    const given = req.headers[HTTP_TOKEN_HEADER];
    if (typeof given !== 'string' || !tokensEqual(given, token)) {
      sendJson(res, 401, { ok: false, error: { code: 'BAD_TOKEN', message: 'Missing or wrong launch token; open the URL VanThu printed at start.' } });
      return;
    }
    try {
      const body = await readBody(req, maxBody);
      let input: unknown = {};
      if (body.length) {
        try {
          input = JSON.parse(body.toString('utf8'));
        } catch {
          throw new AppError('VALIDATION', 'The request body is not valid JSON.');
        }
      }
      const session = req.headers[HTTP_SESSION_HEADER];
      const result = await opts.core.call(m[1]!, input, { sessionToken: typeof session === 'string' ? session : undefined });
      sendJson(res, 200, { ok: true, result });
    } catch (e) {
      const err = isAppError(e) ? e : new AppError('INTERNAL', (e as Error)?.message ?? String(e));
      if (!isAppError(e)) console.error(`[web] ${m[1]} failed:`, e);
      sendJson(res, statusFor(err.code), { ok: false, error: err.toPayload() });
    }
  }

  function serveStatic(pathname: string, res: http.ServerResponse): void {
    let rel = decodeURIComponent(pathname);
    if (rel === '/' || !path.extname(rel)) rel = '/index.html'; // client-side routes
    const file = path.resolve(staticRoot, '.' + rel);
    if (!file.startsWith(staticRoot + path.sep)) {
      sendJson(res, 403, { ok: false, error: { code: 'FORBIDDEN', message: 'Outside the app folder.' } });
      return;
    }
    fs.readFile(file, (err, data) => {
      if (err) {
        if (rel === '/index.html') {
          res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
          res.end('The VanThu interface is not built yet. Run "npm run build", then start again.');
        } else {
          res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
          res.end('Not found');
        }
        return;
      }
      res.writeHead(200, {
        'content-type': MIME_TYPES[path.extname(file)] ?? 'application/octet-stream',
        'cache-control': rel === '/index.html' ? 'no-store' : 'public, max-age=3600',
      });
      res.end(data);
    });
  }

  const unsubscribe = opts.core.events.on((e) => {
    const line = `data: ${JSON.stringify(e)}\n\n`;
    for (const c of sseClients) c.write(line);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  allowedHosts = new Set([`${host}:${port}`, `localhost:${port}`, `127.0.0.1:${port}`]);
  const url = `http://${host}:${port}`;
  return {
    url,
    openUrl: `${url}/#token=${token}`,
    token,
    port,
    async close() {
      unsubscribe();
      for (const c of sseClients) c.end();
      sseClients.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
