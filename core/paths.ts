import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import path from 'node:path';

/** The default profile folder: the OS user-data location Electron would use, plus `VanThu`. */
export function defaultDataDir(): string {
  if (process.env.VANTHU_DATA_DIR) return process.env.VANTHU_DATA_DIR;
  const home = os.homedir();
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'VanThu');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'VanThu');
  return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'VanThu');
}

let cachedRoot: string | undefined;

/**
 * The folder holding package.json and resources/: found by walking up from this file, so it is
 * right from the sources (tsx), from the esbuild bundle in dist/main, and inside a packaged app.
 */
export function appRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'resources'))) return (cachedRoot = dir);
    const up = path.dirname(dir);
    if (up === dir) throw new Error('Cannot find the VanThu installation folder (package.json + resources/).');
    dir = up;
  }
}

export function resourcePath(...parts: string[]): string {
  return path.join(appRoot(), 'resources', ...parts);
}
