import { ApiClient, bridgeTransport, httpTransport, type PreloadBridge } from '../../shared/api/client';

declare global {
  interface Window {
    vanthu?: PreloadBridge;
  }
}

const TOKEN_KEY = 'vanthu.launchToken';

/** Picks the transport: Electron's preload bridge when present, otherwise HTTP (web mode). */
export function createClient(): ApiClient {
  if (window.vanthu) return new ApiClient(bridgeTransport(window.vanthu));
  // The launch token arrives once in the URL fragment; keep it for this tab and drop it from the URL.
  const m = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  if (m) {
    sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(m[1]!));
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return new ApiClient(httpTransport(window.location.origin, sessionStorage.getItem(TOKEN_KEY) ?? ''));
}
