// The national document-exchange axis stub: a real HTTP server with its own SQLite store.
// Routes are documented in server/axis/README.md.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { isAppError } from '../../shared/api/errors';
import { AXIS_HEADERS, canonicalRequest, sha256HexOf, signCanonical } from '../../core/exchange/axisClient';
import { DEFAULT_XML_LIMITS } from '../../core/exchange/edxml';
import type { AxisListedEdoc } from '../../core/exchange/axisClient';
import type { ExchangeOrgan } from '../../core/exchange/edxml/types';
import { normalizeOrgan } from '../../core/exchange/edxml/normalize';
import { isValidAgencyCode, vietnamNow } from '../../core/exchange/edxml/text';
import { AxisStore, PACKAGE_LOG_BYTES } from './store';
import type { SegmentRef } from '../../core/storage/segmentLog';
import { GroupCommitter } from './groupCommit';
import { NonceBook } from './nonces';
import { HttpError } from './httpError';
import { parseAckBatch } from './acks';
import { DeliveryWaits } from './longPoll';
import { NO_FAULTS, chance, parseFaults, type AxisFaults } from './faults';
import { appendAxisTraceHeader } from './trace';

export const AXIS_ORGAN_ID = 'VDXP';
const SIGNATURE_WINDOW_SEC = 300;
const MAX_BODY = DEFAULT_XML_LIMITS.maxBytes + 1024 * 1024;
const DRAIN_LIMIT = 4 * MAX_BODY;
/** The largest package a listing may carry inline (`inline=`): statuses are 2–3 KB. */
export const MAX_INLINE_PACKAGE_BYTES = 64 * 1024;
/** The package bytes one listing carries at most; later entries are listed without them. */
export const INLINE_LIST_BYTES = 2 * 1024 * 1024;
/** The longest a listing may be held (`wait=`), well inside the ±5-minute signature window. */
export const MAX_WAIT_MS = 25_000;
/** Held listings at once; more are answered at once (each holds a connection open). */
const MAX_HELD_LISTINGS = 2_000;

export interface AxisServerOptions {
  dataDir: string;
  port?: number;
  host?: string;
  /** Bearer token for /admin; default: read from (or written to) <dataDir>/admin-token. */
  adminToken?: string;
  /** The OrganId the axis writes in its TraceHeader. */
  axisOrganId?: string;
  faults?: Partial<AxisFaults>;
}

export interface AxisServerHandle {
  url: string;
  port: number;
  adminToken: string;
  /** Direct, in-process registration of a connected system (the embedding app uses this). */
  createSystem(name: string, systemId?: string): { systemId: string; secret: string };
  setFaults(f: Partial<AxisFaults>): void;
  store: AxisStore;
  /** Group-commit transactions so far and the writes they carried. */
  commits: { commits: number; writes: number };
  close(): Promise<void>;
}

function statusFor(code: string): number {
  if (code.startsWith('AXIS_AUTH')) return 401;
  if (code.startsWith('EDXML_')) return 422;
  return 400;
}

/**
 * Reads the body up to MAX_BODY. Past that it keeps reading and discarding up to DRAIN_LIMIT, so
 * the 413 answer reaches a client that is still uploading (closing mid-upload makes clients see a
 * reset instead of the answer); beyond DRAIN_LIMIT the connection is simply cut.
 */
function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > DRAIN_LIMIT) {
        req.destroy();
        return;
      }
      if (size <= MAX_BODY) chunks.push(c);
      else chunks.length = 0;
    });
    req.on('end', () => {
      if (size > MAX_BODY) reject(new HttpError(413, 'AXIS_TOO_LARGE', `The request body is over ${MAX_BODY} bytes.`));
      else resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

function adminTokenFor(dataDir: string, given?: string): string {
  if (given) return given;
  const file = path.join(dataDir, 'admin-token');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const token = randomBytes(24).toString('base64url');
  fs.writeFileSync(file, token + '\n', { mode: 0o600 });
  return token;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function startAxisServer(opts: AxisServerOptions): Promise<AxisServerHandle> {
  const store = new AxisStore(opts.dataDir);
  const adminToken = adminTokenFor(opts.dataDir, opts.adminToken);
  const axisOrganId = opts.axisOrganId ?? AXIS_ORGAN_ID;
  // Twice the timestamp window: a nonce older than that cannot come back with a fresh timestamp.
  const nonces = new NonceBook(store.db, 2 * SIGNATURE_WINDOW_SEC);
  const commits = new GroupCommitter(store.db, () => store.flushWal(), 256, nonces);
  const waits = new DeliveryWaits(MAX_HELD_LISTINGS);
  let closed = false;
  let faults: AxisFaults = { ...NO_FAULTS, ...parseFaults({ ...(opts.faults ?? {}) }) };
  /** Signed /v1 requests by what they asked for (for /admin/stats and the benchmark). */
  const requests: Record<string, number> = { total: 0 };
  const countRequest = (method: string, pathname: string) => {
    const [, resource, id, sub] = pathname.split('/').filter(Boolean);
    const kind =
      resource !== 'edocs' ? (resource ?? 'other')
      : method === 'POST' && !id ? 'send'
      : id === 'received' || id === 'sent' ? id
      : sub === 'status' ? 'ack'
      : id === 'status' ? 'acks'
      : 'get';
    requests.total = (requests.total ?? 0) + 1;
    requests[kind] = (requests[kind] ?? 0) + 1;
  };
  const envFaults = process.env.AXIS_FAULTS;
  if (envFaults && !opts.faults) faults = parseFaults(JSON.parse(envFaults));

  /** The caller's system, and the nonce batch to wait for before answering. */
  function authenticate(req: http.IncomingMessage, pathWithQuery: string, bodySha: string): { systemId: string; nonceBatch: number } {
    const h = (name: string) => {
      const v = req.headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    const systemId = h(AXIS_HEADERS.system);
    const ts = h(AXIS_HEADERS.timestamp);
    const nonce = h(AXIS_HEADERS.nonce);
    const signature = h(AXIS_HEADERS.signature);
    if (!systemId || !ts || !nonce || !signature) {
      throw new HttpError(401, 'AXIS_AUTH_MISSING', 'Sign the request: x-axis-system, x-axis-timestamp, x-axis-nonce and x-axis-signature are required.');
    }
    const secret = store.systemSecret(systemId);
    if (!secret) throw new HttpError(401, 'AXIS_AUTH_UNKNOWN_SYSTEM', `System "${systemId.slice(0, 60)}" is not connected to this axis.`);
    const expected = signCanonical(secret, canonicalRequest(req.method ?? 'GET', pathWithQuery, ts, nonce, bodySha));
    if (!safeEqual(expected, signature.toLowerCase())) throw new HttpError(401, 'AXIS_AUTH_BAD_SIGNATURE', 'The request signature does not match; check the system secret.');
    const now = Math.floor(Date.now() / 1000);
    if (!/^\d{1,12}$/.test(ts) || Math.abs(now - Number(ts)) > SIGNATURE_WINDOW_SEC) {
      throw new HttpError(401, 'AXIS_AUTH_STALE', 'The request timestamp is more than 5 minutes from the axis clock; check the computer clock.');
    }
    if (!/^[A-Za-z0-9_-]{16,128}$/.test(nonce)) throw new HttpError(401, 'AXIS_AUTH_MISSING', 'The nonce must be 16–128 URL-safe characters.');
    const nonceBatch = nonces.use(systemId, nonce, now);
    if (nonceBatch === undefined) throw new HttpError(401, 'AXIS_AUTH_REPLAY', 'This request was already received once (replayed nonce).');
    return { systemId, nonceBatch };
  }

  function ownedOrgans(systemId: string, organId: string | null): readonly string[] {
    const mine = store.agenciesOf(systemId);
    if (organId === null) return mine;
    if (!mine.includes(organId)) throw new HttpError(403, 'AXIS_NOT_YOUR_AGENCY', `Agency ${organId.slice(0, 40)} is not registered by this system.`);
    return [organId];
  }

  function limitParam(url: URL): number {
    const raw = url.searchParams.get('limit');
    const n = raw === null ? 100 : Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > 1000) throw new HttpError(400, 'VALIDATION', 'limit must be 1–1000.');
    return n;
  }

  function intParam(url: URL, name: string, min: number, max: number): number | undefined {
    const raw = url.searchParams.get(name);
    if (raw === null) return undefined;
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isInteger(n) || n < min || n > max) throw new HttpError(400, 'VALIDATION', `${name} must be a whole number from ${min} to ${max}.`);
    return n;
  }

  /** Adds the bytes of each package up to `inline` bytes, oldest first, until the listing's budget is spent. */
  function withInlinePackages(list: AxisListedEdoc[], inline: number): AxisListedEdoc[] {
    let budget = INLINE_LIST_BYTES;
    return list.map((e) => {
      if (e.size > inline || e.size > budget) return e;
      const bytes = store.packageBytes(e.edocId);
      if (!bytes) return e;
      budget -= e.size;
      return { ...e, packageBase64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') };
    });
  }

  function json(body: Buffer): unknown {
    try {
      return JSON.parse(body.toString('utf8'));
    } catch {
      throw new HttpError(400, 'VALIDATION', 'The request body is not JSON.');
    }
  }

  async function sendEdoc(systemId: string, body: Buffer, bodySha: string): Promise<{ status: number; body: unknown }> {
    const dup = store.findDuplicate(systemId, bodySha);
    if (dup) return { status: 200, body: { ...dup, duplicate: true } };
    if (body.length > DEFAULT_XML_LIMITS.maxBytes) {
      throw new HttpError(413, 'EDXML_TOO_LARGE', `The package is over ${DEFAULT_XML_LIMITS.maxBytes} bytes.`);
    }
    const { bytes, parsed } = appendAxisTraceHeader(body, axisOrganId, vietnamNow());
    const from = parsed.kind === 'document' ? parsed.document.from.organId : parsed.status.from.organId;
    ownedOrgans(systemId, from);
    const recipients = parsed.kind === 'document' ? parsed.document.to.map((t) => t.organId) : [parsed.status.responseFor.organId];
    const unknown = recipients.filter((r) => !store.hasAgency(r));
    if (unknown.length) throw new HttpError(422, 'AXIS_UNKNOWN_RECIPIENT', `These recipients are not registered on the axis: ${unknown.join(', ')}.`, { unknown });
    // A large package is appended to the segment log and flushed first (one flush on the thread
    // pool for all the uploads of this moment); a small one (a status) goes into the database with
    // its row. The row is committed with the other sends of this moment and answered only once
    // that is on disk. The same bytes may be in one group twice (a client retrying): the second is
    // a duplicate, and its appended copy is never named.
    const sha256 = sha256HexOf(bytes);
    let stored: { bodyRef: SegmentRef } | { body: Uint8Array } = { body: bytes };
    if (bytes.length >= PACKAGE_LOG_BYTES) {
      stored = { bodyRef: store.appendPackage(bytes) };
      await store.packageLog.flush();
    }
    const input = {
      kind: parsed.kind,
      senderSystem: systemId,
      fromOrgan: from,
      documentId: parsed.kind === 'document' ? parsed.document.documentId : parsed.status.responseFor.documentId,
      subject: parsed.kind === 'document' ? parsed.document.subject : parsed.status.description,
      statusCode: parsed.kind === 'status' ? parsed.status.statusCode : undefined,
      bodySha256: bodySha,
      sha256,
      size: bytes.length,
      recipients,
      ...stored,
    };
    const result = await commits.run(() => store.findDuplicate(systemId, bodySha) ?? { edocId: store.insertEdoc(input) });
    if ('recipients' in result) return { status: 200, body: { ...result, duplicate: true } };
    // Committed and on disk: answer whoever is holding a listing for these recipients.
    waits.delivered(recipients);
    return { status: 201, body: { edocId: result.edocId, recipients: [...new Set(recipients)].sort(), duplicate: false } };
  }

  /** Acknowledgements of many packages: each checked alone, all applied in one group commit. */
  async function acknowledgeMany(systemId: string, body: Buffer): Promise<{ status: number; body: unknown }> {
    const items = parseAckBatch(json(body));
    type Checked = { edocId: string; error: { code: string; message: string } } | { edocId: string; organs: readonly string[]; status: 'done' | 'fail'; reason?: string };
    const checked = items.map((a): Checked => {
      try {
        const organs = ownedOrgans(systemId, a.organId ?? null);
        if (!store.addressedTo(a.edocId, organs)) throw new HttpError(404, 'NOT_FOUND', `No package ${a.edocId.slice(0, 60)} addressed to this system.`);
        return { edocId: a.edocId, organs, status: a.status, reason: a.reason };
      } catch (e) {
        if (!(e instanceof HttpError)) throw e;
        return { edocId: a.edocId, error: { code: e.code, message: e.message } };
      }
    });
    const updated = await commits.run(() => checked.map((c) => ('error' in c ? 0 : store.acknowledge(c.edocId, c.organs, c.status, c.reason))));
    return { status: 200, body: { results: checked.map((c, i) => ('error' in c ? { edocId: c.edocId, error: c.error } : { edocId: c.edocId, updated: updated[i] })) } };
  }

  /** Handles one authenticated /v1 request. Returns [status, JSON body] or raw bytes. */
  async function handleV1(req: http.IncomingMessage, res: http.ServerResponse, url: URL, systemId: string, body: Buffer, bodySha: string): Promise<{ status: number; body: unknown; raw?: Buffer }> {
    const method = req.method ?? 'GET';
    let parts: string[]; // ['v1', resource, id?, sub?]
    try {
      parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    } catch {
      throw new HttpError(400, 'VALIDATION', 'The path is not valid percent-encoding.');
    }
    const [, resource, id, sub] = parts;
    if (resource === 'agencies') {
      if (method === 'GET' && !id) return { status: 200, body: { agencies: store.agencies() } };
      if (method === 'POST' && !id) {
        let organ: ExchangeOrgan;
        try {
          organ = normalizeOrgan(json(body) as ExchangeOrgan, 'agency');
        } catch (e) {
          if (e instanceof HttpError) throw e;
          throw new HttpError(400, isAppError(e) ? e.code : 'VALIDATION', (e as Error).message);
        }
        const existing = store.agency(organ.organId);
        if (existing && existing.systemId !== systemId) throw new HttpError(409, 'AXIS_AGENCY_TAKEN', `Agency ${organ.organId} is registered by another system.`);
        return { status: existing ? 200 : 201, body: store.registerAgency(systemId, organ) };
      }
      if (method === 'DELETE' && id && !sub) {
        // Already gone is success, so a retried unregister is harmless.
        if (!store.hasAgency(id)) return { status: 200, body: { organId: id, unregistered: false } };
        ownedOrgans(systemId, id);
        store.unregisterAgency(id);
        return { status: 200, body: { organId: id, unregistered: true } };
      }
    }
    if (resource === 'edocs') {
      if (method === 'POST' && !id) return sendEdoc(systemId, body, bodySha);
      if (method === 'GET' && id === 'received' && !sub) {
        const organs = ownedOrgans(systemId, url.searchParams.get('organId'));
        const limit = limitParam(url);
        const inline = intParam(url, 'inline', 0, MAX_INLINE_PACKAGE_BYTES) ?? 0;
        const wait = intParam(url, 'wait', 0, MAX_WAIT_MS) ?? 0;
        let list = store.received(organs, limit);
        // Held while nothing new is listed: a delivery refused before ("fail", attempts > 0) stays
        // listed, but it is no reason to answer at once.
        if (wait > 0 && !list.some((e) => e.attempts === 0)) {
          // The signature was checked on arrival; holding the answer does not age it.
          const end = await waits.wait(organs, wait, res);
          if (end === 'closed') throw new HttpError(503, 'AXIS_CLOSING', 'The axis is shutting down; ask again in a moment.');
          if (end === 'gone') throw new HttpError(499, 'AXIS_CLIENT_GONE', 'The caller closed the connection.');
          list = store.received(organs, limit);
        }
        if (faults.reorder) list = [...list].reverse();
        if (inline > 0) list = withInlinePackages(list, inline);
        if (faults.duplicateRate > 0) list = list.flatMap((e) => (chance(faults.duplicateRate) ? [e, e] : [e]));
        return { status: 200, body: { documents: list.filter((e) => e.kind === 'document'), statuses: list.filter((e) => e.kind === 'status') } };
      }
      if (method === 'GET' && id === 'sent' && !sub) {
        const organId = url.searchParams.get('organId');
        if (organId !== null) ownedOrgans(systemId, organId);
        return { status: 200, body: { edocs: store.sent(systemId, organId ?? undefined, limitParam(url)) } };
      }
      if (method === 'GET' && id && !sub) {
        const pkg = store.edocFor(id, systemId, store.agenciesOf(systemId));
        if (!pkg) throw new HttpError(404, 'NOT_FOUND', `No package ${id.slice(0, 60)} for this system.`);
        // A view of the stored bytes, not a copy (Buffer.from would copy 140 KB per download).
        return { status: 200, body: null, raw: Buffer.isBuffer(pkg) ? pkg : Buffer.from(pkg.buffer, pkg.byteOffset, pkg.byteLength) };
      }
      if (method === 'POST' && id === 'status' && !sub) return acknowledgeMany(systemId, body);
      if (method === 'POST' && id && sub === 'status') {
        const ack = json(body) as { status?: string; organId?: string; reason?: string };
        if (ack.status !== 'done' && ack.status !== 'fail') throw new HttpError(400, 'VALIDATION', 'status must be "done" or "fail".');
        if (ack.organId !== undefined && (typeof ack.organId !== 'string' || !isValidAgencyCode(ack.organId))) throw new HttpError(400, 'VALIDATION', 'organId is not an agency code.');
        const organs = ownedOrgans(systemId, ack.organId ?? null);
        if (!store.addressedTo(id, organs)) throw new HttpError(404, 'NOT_FOUND', `No package ${id.slice(0, 60)} addressed to this system.`);
        const reason = typeof ack.reason === 'string' ? ack.reason.slice(0, 500) : undefined;
        return { status: 200, body: { updated: await commits.run(() => store.acknowledge(id, organs, ack.status as 'done' | 'fail', reason)) } };
      }
    }
    throw new HttpError(404, 'NOT_FOUND', `No route ${method} ${url.pathname}.`);
  }

  function handleAdmin(req: http.IncomingMessage, url: URL, body: Buffer): { status: number; body: unknown } {
    const auth = req.headers.authorization ?? '';
    if (!safeEqual(auth, `Bearer ${adminToken}`)) throw new HttpError(401, 'AXIS_AUTH_ADMIN', 'Admin routes need "Authorization: Bearer <admin token>".');
    const method = req.method ?? 'GET';
    if (url.pathname === '/admin/systems' && method === 'POST') {
      const b = json(body) as { name?: unknown; systemId?: unknown };
      if (typeof b.name !== 'string' || !b.name.trim()) throw new HttpError(400, 'VALIDATION', 'name is required.');
      if (b.systemId !== undefined && (typeof b.systemId !== 'string' || !/^[A-Za-z0-9._-]{1,64}$/.test(b.systemId))) throw new HttpError(400, 'VALIDATION', 'systemId must be 1–64 letters, digits, ".", "_" or "-".');
      if (typeof b.systemId === 'string' && store.systemSecret(b.systemId)) throw new HttpError(409, 'CONFLICT', 'That systemId exists.');
      return { status: 201, body: store.createSystem(b.name.trim(), b.systemId as string | undefined) };
    }
    if (url.pathname === '/admin/faults' && method === 'GET') return { status: 200, body: faults };
    if (url.pathname === '/admin/faults' && method === 'PUT') {
      try {
        faults = parseFaults(json(body));
      } catch (e) {
        if (e instanceof HttpError) throw e;
        throw new HttpError(400, 'VALIDATION', (e as Error).message);
      }
      return { status: 200, body: faults };
    }
    if (url.pathname === '/admin/stats' && method === 'GET') {
      const cpu = process.cpuUsage();
      return { status: 200, body: { ...store.counts(), rssBytes: process.memoryUsage().rss, cpuMicros: cpu.user + cpu.system, cpuSystemMicros: cpu.system, groupCommits: commits.counters, nonceWrites: nonces.counters, longPolls: waits.counters, requests } };
    }
    throw new HttpError(404, 'NOT_FOUND', `No route ${method} ${url.pathname}.`);
  }

  const server = http.createServer(async (req, res) => {
    const reply = (status: number, payload: unknown, raw?: Buffer) => {
      if (res.headersSent || res.destroyed) return;
      const close = status === 413 ? { connection: 'close' } : {};
      if (raw) {
        res.writeHead(status, { 'content-type': 'application/xml; charset=utf-8', 'content-length': raw.length, ...close });
        res.end(raw);
      } else {
        const text = JSON.stringify(payload);
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...close });
        res.end(text);
      }
    };
    try {
      const url = new URL(req.url ?? '/', 'http://axis.local');
      const body = await readBody(req);
      if (url.pathname === '/health') return reply(200, { ok: true, axisOrganId });
      if (url.pathname.startsWith('/admin/')) {
        const r = handleAdmin(req, url, body);
        return reply(r.status, r.body);
      }
      if (!url.pathname.startsWith('/v1/')) throw new HttpError(404, 'NOT_FOUND', `No route ${req.method} ${url.pathname}.`);
      if (faults.latencyMs > 0) await new Promise((r) => setTimeout(r, faults.latencyMs));
      if (faults.dropNext > 0) {
        faults = { ...faults, dropNext: faults.dropNext - 1 };
        return void req.socket.destroy();
      }
      if (chance(faults.dropRate)) return void req.socket.destroy();
      if (chance(faults.errorRate)) throw new HttpError(500, 'AXIS_FAULT_INJECTED', 'Injected failure (fault switch errorRate).');
      const bodySha = sha256HexOf(body);
      const { systemId, nonceBatch } = authenticate(req, url.pathname + url.search, bodySha);
      countRequest(req.method ?? 'GET', url.pathname);
      const r = await handleV1(req, res, url, systemId, body, bodySha);
      // Answered only once its nonce is in the store (a write's went in with its group commit).
      await nonces.written(nonceBatch);
      if (chance(faults.dropAfterCommitRate)) return void req.socket.destroy();
      return reply(r.status, r.body, r.raw);
    } catch (e) {
      if (e instanceof HttpError) return reply(e.status, { error: { code: e.code, message: e.message, details: e.details } });
      if (isAppError(e)) return reply(statusFor(e.code), { error: { code: e.code, message: e.message, details: e.details } });
      // Requests cut off by closing may fail on the closed store: expected, and nobody is listening.
      if (closed) return;
      console.error('axis: unexpected error', e);
      return reply(500, { error: { code: 'INTERNAL', message: 'The axis failed on this request; see its log.' } });
    }
  });
  // Longer than clients' idle-socket timeouts, so a client never reuses a socket we just closed.
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as { port: number; address: string };
  const host = address.address.includes(':') ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    adminToken,
    createSystem: (name, systemId) => store.createSystem(name, systemId),
    setFaults: (f) => {
      faults = parseFaults(f);
    },
    store,
    commits: commits.counters,
    close: async () => {
      if (closed) return;
      closed = true;
      // Held listings are answered (503) first, then every connection is closed.
      waits.closeAll();
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      // Writes already queued are committed and flushed before the store closes.
      await commits.idle();
      nonces.close();
      store.close();
    },
  };
}
