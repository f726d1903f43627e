import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, session } from 'electron';
import { Core } from '../core/app';
import { appRoot } from '../core/paths';
import { startExchange } from '../core/exchange/index';
import { AppError, isAppError } from '../shared/api/errors';
import { hardenApp, hardenSession, isTrustedSender } from './security';
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './protocol';

// The Electron main process stays thin: open the profile, create one hardened window, and pass
// API calls from the preload bridge to the core. All logic lives in core/.

app.enableSandbox();
hardenApp(app);
registerAppScheme();

const dataDirArg = process.argv.find((a) => a.startsWith('--data-dir='))?.slice('--data-dir='.length);
const rendererDir = path.join(appRoot(), 'dist', 'renderer');
let core: Core | undefined;
let win: BrowserWindow | undefined;

function createWindow(): void {
  win = new BrowserWindow({
    width: 1280,
    height: 800,
    title: 'VanThu',
    show: false,
    webPreferences: {
      // The preload exposes exactly one object (call + onEvent) through contextBridge; reviewed.
      preload: path.join(appRoot(), 'dist', 'main', 'preload.cjs'), // eng-disable PRELOAD_JS_CHECK
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  win.once('ready-to-show', () => win?.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
}

app.whenReady().then(() => {
  hardenSession(session.defaultSession);
  serveRenderer(rendererDir);
  try {
    core = Core.open({ dataDir: path.resolve(dataDirArg ?? app.getPath('userData')), purpose: 'VanThu desktop' });
  } catch (e) {
    dialog.showErrorBox('VanThu', isAppError(e) ? e.message : String(e));
    app.quit();
    return;
  }
  const opened = core;
  // Delivers the outbox and polls the axis in the background, as configured in the profile.
  startExchange(opened);
  ipcMain.handle('vanthu:call', async (event, method: unknown, input: unknown, sessionToken: unknown) => {
    if (!isTrustedSender(event.senderFrame) || event.sender !== win?.webContents) {
      return { ok: false, error: new AppError('FORBIDDEN', 'Calls are accepted only from the VanThu window.').toPayload() };
    }
    try {
      const result = await opened.call(String(method), input, { sessionToken: typeof sessionToken === 'string' ? sessionToken : undefined });
      return { ok: true, result };
    } catch (e) {
      return { ok: false, error: (isAppError(e) ? e : new AppError('INTERNAL', (e as Error).message)).toPayload() };
    }
  });
  opened.events.on((e) => win?.webContents.send('vanthu:event', e));
  createWindow();
});

app.on('window-all-closed', () => {
  core?.close();
  app.quit();
});
