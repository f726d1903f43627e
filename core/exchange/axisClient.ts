// A typed client for the document-exchange axis (our stub in server/axis speaks the same JSON API).
// Every request is signed: HMAC-SHA256 with the system's secret over the method, the path with its
// query, a timestamp, a one-time nonce and the SHA-256 of the body. See server/axis/README.md.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { AppError } from '../../shared/api/errors';
import type { ExchangeOrgan } from './edxml/types';

export const AXIS_HEADERS = {
  system: 'x-axis-system',
  timestamp: 'x-axis-timestamp',
  nonce: 'x-axis-nonce',
  signature: 'x-axis-signature',
} as const;

/** The exact bytes that get signed; server and client must build them identically. */
export function canonicalRequest(method: string, pathWithQuery: string, timestamp: string, nonce: string, bodySha256Hex: string): string {
  return [method.toUpperCase(), pathWithQuery, timestamp, nonce, bodySha256Hex].join('\n');
}

export function sha256HexOf(body: Uint8Array | string): string {
  return createHash('sha256').update(body).digest('hex');
}

export function signCanonical(secret: string, canonical: string): string {
  return createHmac('sha256', secret).update(canonical).digest('hex');
}

/** Headers for one signed request. `now` and `nonce` are injectable for tests of stale/replayed requests. */
export function signRequest(
  creds: { systemId: string; secret: string },
  method: string,
  pathWithQuery: string,
  body: Uint8Array | string,
  opts: { now?: number; nonce?: string; bodySha256?: string } = {},
): Record<string, string> {
  const timestamp = String(Math.floor((opts.now ?? Date.now()) / 1000));
  const nonce = opts.nonce ?? randomBytes(16).toString('hex');
  const signature = signCanonical(creds.secret, canonicalRequest(method, pathWithQuery, timestamp, nonce, opts.bodySha256 ?? sha256HexOf(body)));
  return {
    [AXIS_HEADERS.system]: creds.systemId,
    [AXIS_HEADERS.timestamp]: timestamp,
    [AXIS_HEADERS.nonce]: nonce,
    [AXIS_HEADERS.signature]: signature,
  };
}

export interface AxisAgency extends ExchangeOrgan {
  systemId: string;
  registeredAt: string;
}

export interface AxisListedEdoc {
  edocId: string;
  kind: 'document' | 'status';
  fromOrganId: string;
  toOrganId: string;
  documentId: string;
  subject?: string;
  statusCode?: string;
  size: number;
  sha256: string;
  sentAt: string;
  attempts: number;
  /** The package itself, when the listing was asked to carry packages up to its size (`inline`). */
  packageBase64?: string;
}

export interface AxisSentEdoc {
  edocId: string;
  kind: 'document' | 'status';
  fromOrganId: string;
  documentId: string;
  sentAt: string;
  deliveries: { organId: string; state: 'pending' | 'done' | 'failed'; attempts: number; updatedAt: string; lastError?: string }[];
}

export interface AxisSendResult {
  edocId: string;
  recipients: string[];
  /** True when the axis already had this exact package from this system and returned its id. */
  duplicate: boolean;
}

/** One acknowledgement in a batch (POST /v1/edocs/status). */
export interface AxisAck {
  edocId: string;
  status: 'done' | 'fail';
  organId?: string;
  reason?: string;
}

/** What the axis did with one acknowledgement of a batch: deliveries changed, or why not. */
export type AxisAckResult = { edocId: string; updated: number } | { edocId: string; error: { code: string; message: string } };

/** The axis takes at most this many acknowledgements in one request. */
export const MAX_ACKS_PER_REQUEST = 500;

export interface AxisClientOptions {
  baseUrl: string;
  systemId: string;
  secret: string;
  /** Per request; the axis may be slow or silent. */
  timeoutMs?: number;
}

/** An answer read whole: the axis's bodies are a package or a small JSON document. */
interface AxisResponse {
  status: number;
  body: Buffer;
}

/**
 * Connections are kept open between requests (and shared by every client of the process). An idle
 * one is closed after a few seconds, well before the axis closes it (65 s), so a request never goes
 * out on a socket the axis has just dropped. node:http rather than fetch: for a 140 KB package the
 * fetch machinery (web streams) costs several times the CPU of the request itself.
 */
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 32, timeout: 4_000 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 32, timeout: 4_000 }),
};

/** The caller gave up (its AbortSignal fired); never retried. */
class Cancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

/** Thrown when the connection fails before any answer (safe to try again at once). */
class NoAnswer extends Error {
  constructor(
    message: string,
    readonly timedOut: boolean,
  ) {
    super(message);
  }
}

/** Per-call settings: a longer timeout (a held listing), a way to give up early. */
interface CallOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

function exchangeOnce(url: URL, method: string, headers: Record<string, string>, body: Uint8Array | undefined, timeoutMs: number, signal?: AbortSignal): Promise<AxisResponse> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Cancelled());
    const mod = url.protocol === 'https:' ? https : http;
    let answered = false;
    const req = mod.request(url, { method, headers, agent: agents[url.protocol as 'http:' | 'https:'] }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) });
      });
      res.on('error', (e) => fail(e));
      res.on('aborted', () => fail(new Error('the answer was cut off')));
    });
    const fail = (e: Error & { timedOut?: boolean }) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (e instanceof Cancelled) reject(e);
      else if (!answered || e.timedOut) reject(new NoAnswer(e.message, !!e.timedOut));
      // Cut off mid-answer: the request may have taken effect, so it is not retried here.
      else reject(new AppError('AXIS_UNREACHABLE', `The exchange axis at ${url.origin} stopped in the middle of its answer (${e.message}). The request will be retried.`));
    };
    const timer = setTimeout(() => req.destroy(Object.assign(new Error('timed out'), { timedOut: true })), timeoutMs);
    const onAbort = () => req.destroy(new Cancelled());
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', fail);
    req.end(body);
  });
}

export class AxisClient {
  private readonly base: string;

  constructor(private readonly opts: AxisClientOptions) {
    this.base = opts.baseUrl.replace(/\/+$/, '');
  }

  private async request(method: string, pathWithQuery: string, body?: Uint8Array | string, contentType = 'application/json', bodySha256?: string, call: CallOptions = {}): Promise<AxisResponse> {
    const url = new URL(this.base + pathWithQuery);
    const payload = body === undefined ? undefined : typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    let res: AxisResponse | undefined;
    // One immediate retry when the connection fails before any answer (typically a keep-alive
    // socket the server had just closed). Every route is safe to repeat: sends are deduplicated
    // by the axis, acknowledgements and registrations are idempotent. Each try is signed afresh.
    for (let attempt = 1; !res; attempt++) {
      const headers: Record<string, string> = signRequest(this.opts, method, pathWithQuery, payload ?? '', { bodySha256 });
      if (payload !== undefined) {
        headers['content-type'] = contentType;
        headers['content-length'] = String(payload.byteLength);
      }
      try {
        res = await exchangeOnce(url, method, headers, payload, call.timeoutMs ?? this.opts.timeoutMs ?? 30_000, call.signal);
      } catch (e) {
        if (e instanceof Cancelled) throw new AppError('AXIS_UNREACHABLE', `The request to the exchange axis at ${this.base} was cancelled.`, { details: { method, path: pathWithQuery, cancelled: true } });
        if (!(e instanceof NoAnswer)) throw e;
        if (attempt < 2 && !e.timedOut) continue;
        throw new AppError('AXIS_UNREACHABLE', `The exchange axis at ${this.base} did not answer (${e.timedOut ? 'timed out' : e.message}). The request will be retried.`, { details: { method, path: pathWithQuery } });
      }
    }
    if (res.status >= 200 && res.status < 300) return res;
    let payloadErr: { code?: string; message?: string } = {};
    try {
      payloadErr = (JSON.parse(res.body.toString('utf8')) as { error?: typeof payloadErr }).error ?? {};
    } catch {
      /* not JSON: keep the status only */
    }
    const code = res.status >= 500 ? 'AXIS_SERVER_ERROR' : payloadErr.code ?? 'AXIS_REQUEST_FAILED';
    throw new AppError(code, payloadErr.message ?? `The exchange axis answered HTTP ${res.status}.`, { details: { status: res.status, axisCode: payloadErr.code } });
  }

  private async json<T>(method: string, path: string, body?: unknown, call?: CallOptions): Promise<T> {
    const res = await this.request(method, path, body === undefined ? undefined : JSON.stringify(body), 'application/json', undefined, call);
    return parseAnswer<T>(res, method, path);
  }

  registerAgency(organ: ExchangeOrgan): Promise<AxisAgency> {
    return this.json('POST', '/v1/agencies', organ);
  }

  async getAgencyList(): Promise<AxisAgency[]> {
    return (await this.json<{ agencies: AxisAgency[] }>('GET', '/v1/agencies')).agencies;
  }

  async unregisterAgency(organId: string): Promise<void> {
    await this.json('DELETE', `/v1/agencies/${encodeURIComponent(organId)}`);
  }

  /** `sha256`: the package's hash when the caller already knows it (saves hashing it again to sign). */
  sendEdoc(edxml: Uint8Array | string, sha256?: string): Promise<AxisSendResult> {
    return this.request('POST', '/v1/edocs', edxml, 'application/xml', sha256).then((r) => parseAnswer<AxisSendResult>(r, 'POST', '/v1/edocs'));
  }

  /**
   * `inline`: also carry each package up to this many bytes (at most 64 KiB) in the listing.
   * `wait`: when nothing is listed, the axis holds the answer up to this many milliseconds
   * (at most 25 000) for a package to arrive; `signal` gives up early.
   */
  getReceivedEdocList(q: { organId?: string; limit?: number; inline?: number; wait?: number; signal?: AbortSignal } = {}): Promise<{ documents: AxisListedEdoc[]; statuses: AxisListedEdoc[] }> {
    const { signal, ...params } = q;
    // A held answer may take the whole wait: the timeout covers it plus the usual allowance.
    const timeoutMs = q.wait ? q.wait + (this.opts.timeoutMs ?? 30_000) : undefined;
    return this.json('GET', `/v1/edocs/received${query(params)}`, undefined, { timeoutMs, signal });
  }

  async getEdoc(edocId: string): Promise<Uint8Array> {
    const res = await this.request('GET', `/v1/edocs/${encodeURIComponent(edocId)}`);
    return new Uint8Array(res.body.buffer, res.body.byteOffset, res.body.byteLength);
  }

  async updateStatus(edocId: string, ack: { status: 'done' | 'fail'; organId?: string; reason?: string }): Promise<{ updated: number }> {
    return this.json('POST', `/v1/edocs/${encodeURIComponent(edocId)}/status`, ack);
  }

  /**
   * Acknowledges many packages, up to MAX_ACKS_PER_REQUEST per request; one result per ack, in
   * order. An axis without the batch route (404) gets them one by one instead, from then on.
   */
  async updateStatuses(acks: AxisAck[]): Promise<AxisAckResult[]> {
    if (!this.batchAcks) return this.updateOneByOne(acks);
    const results: AxisAckResult[] = [];
    // Even an empty list goes out, so a caller's mistake is answered by the axis as any other.
    for (let i = 0; i === 0 || i < acks.length; i += MAX_ACKS_PER_REQUEST) {
      const chunk = acks.slice(i, i + MAX_ACKS_PER_REQUEST);
      try {
        results.push(...(await this.json<{ results: AxisAckResult[] }>('POST', '/v1/edocs/status', { acks: chunk })).results);
      } catch (e) {
        if (!(e instanceof AppError && (e.details as { status?: number } | undefined)?.status === 404)) throw e;
        this.batchAcks = false;
        results.push(...(await this.updateOneByOne(chunk)));
      }
    }
    return results;
  }

  private batchAcks = true;

  private updateOneByOne(acks: AxisAck[]): Promise<AxisAckResult[]> {
    return Promise.all(
      acks.map(({ edocId, ...ack }) =>
        this.updateStatus(edocId, ack).then(
          (r): AxisAckResult => ({ edocId, updated: r.updated }),
          (e: unknown): AxisAckResult => {
            if (e instanceof AppError && (e.code === 'NOT_FOUND' || e.code === 'AXIS_NOT_YOUR_AGENCY')) return { edocId, error: { code: e.code, message: e.message } };
            throw e;
          },
        ),
      ),
    );
  }

  async getSentEdocList(q: { organId?: string; limit?: number } = {}): Promise<AxisSentEdoc[]> {
    return (await this.json<{ edocs: AxisSentEdoc[] }>('GET', `/v1/edocs/sent${query(q)}`)).edocs;
  }
}

function parseAnswer<T>(res: AxisResponse, method: string, path: string): T {
  try {
    return JSON.parse(res.body.toString('utf8')) as T;
  } catch {
    throw new AppError('AXIS_SERVER_ERROR', `The exchange axis sent an unreadable answer to ${method} ${path}.`);
  }
}

function query(q: Record<string, string | number | undefined>): string {
  const parts = Object.entries(q).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}
