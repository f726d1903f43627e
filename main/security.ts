import type { App, Session, WebContents, WebFrameMain } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../shared/webAssets';
import { APP_ORIGIN } from './protocol';

// Electron security checklist, in one place: no navigation, no new windows, no webviews, no
// permissions, IPC only from our own page.

/** True only for the main frame of our own page on the app:// origin. */
export function isTrustedSender(frame: WebFrameMain | null): boolean {
  if (!frame || frame.parent) return false;
  try {
    return new URL(frame.url).origin === APP_ORIGIN;
  } catch {
    return false;
  }
}

export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  // Same CSP on anything else the session might load (the app:// handler sets it too).
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}

export function hardenApp(app: App): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (e) => e.preventDefault());
    contents.on('will-redirect', (e) => e.preventDefault());
    contents.on('will-attach-webview', (e) => e.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}
