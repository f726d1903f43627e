import type { AppEvent, Input, MethodName, Output } from './contract';
import { AppError, type ErrorPayload } from './errors';

/**
 * How the UI reaches the core. Two implementations: Electron IPC (window.vanthu from the preload)
 * and HTTP for web mode. Both carry the same method names and JSON payloads.
 */
export interface Transport {
  call(method: string, input: unknown, sessionToken: string | undefined): Promise<{ ok: true; result: unknown } | { ok: false; error: ErrorPayload }>;
  subscribe(onEvent: (e: AppEvent) => void): () => void;
}

/** Typed client over any transport; remembers the session token after login. */
export class ApiClient {
  private sessionToken: string | undefined;

  constructor(private readonly transport: Transport) {}

  setSession(token: string | undefined): void {
    this.sessionToken = token;
  }

  get hasSession(): boolean {
    return this.sessionToken !== undefined;
  }

  async call<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>> {
    const res = await this.transport.call(method, input, this.sessionToken);
    if (!res.ok) throw AppError.fromPayload(res.error);
    if (method === 'auth.login') this.sessionToken = (res.result as { sessionToken: string }).sessionToken;
    if (method === 'auth.logout') this.sessionToken = undefined;
    return res.result as Output<M>;
  }

  subscribe(onEvent: (e: AppEvent) => void): () => void {
    return this.transport.subscribe(onEvent);
  }
}

/** The bridge the Electron preload exposes on window.vanthu. */
export interface PreloadBridge {
  call(method: string, input: unknown, sessionToken: string | undefined): Promise<{ ok: true; result: unknown } | { ok: false; error: ErrorPayload }>;
  onEvent(listener: (e: AppEvent) => void): () => void;
}

export const HTTP_TOKEN_HEADER = 'x-vanthu-token';
export const HTTP_SESSION_HEADER = 'x-vanthu-session';

/** Web-mode transport: POST /api/call/<method>, events over SSE at /api/events. */
export function httpTransport(baseUrl: string, launchToken: string, fetchImpl: typeof fetch = fetch): Transport {
  return {
    async call(method, input, sessionToken) {
      const headers: Record<string, string> = { 'content-type': 'application/json', [HTTP_TOKEN_HEADER]: launchToken };
      if (sessionToken) headers[HTTP_SESSION_HEADER] = sessionToken;
      let res: Response;
      try {
        res = await fetchImpl(`${baseUrl}/api/call/${encodeURIComponent(method)}`, { method: 'POST', headers, body: JSON.stringify(input ?? {}) });
      } catch (e) {
        return { ok: false, error: { code: 'OFFLINE', message: `Cannot reach VanThu at ${baseUrl}: ${(e as Error).message}` } };
      }
      try {
        return (await res.json()) as { ok: true; result: unknown } | { ok: false; error: ErrorPayload };
      } catch {
        return { ok: false, error: { code: 'INTERNAL', message: `Unexpected reply (HTTP ${res.status}) from VanThu.` } };
      }
    },
    subscribe(onEvent) {
      if (typeof EventSource === 'undefined') return () => {};
      const es = new EventSource(`${baseUrl}/api/events?token=${encodeURIComponent(launchToken)}`);
      es.onmessage = (m) => {
        try {
          onEvent(JSON.parse(m.data as string) as AppEvent);
        } catch {
          /* ignore malformed event */
        }
      };
      return () => es.close();
    },
  };
}

export function bridgeTransport(bridge: PreloadBridge): Transport {
  return { call: (m, i, s) => bridge.call(m, i, s), subscribe: (l) => bridge.onEvent(l) };
}
