import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { PreloadBridge } from '../shared/api/client';
import type { AppEvent } from '../shared/api/contract';

// The only thing the page gets: call a method of the API contract, and listen to core events.
// Raw ipcRenderer is never exposed.
const bridge: PreloadBridge = {
  call: (method, input, sessionToken) => ipcRenderer.invoke('vanthu:call', String(method), input, sessionToken),
  onEvent(listener) {
    const handler = (_e: IpcRendererEvent, event: AppEvent) => listener(event);
    ipcRenderer.on('vanthu:event', handler);
    return () => {
      ipcRenderer.removeListener('vanthu:event', handler);
    };
  },
};

contextBridge.exposeInMainWorld('vanthu', bridge);
