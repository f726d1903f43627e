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
