import fs from 'node:fs';
import path from 'node:path';
import type { Role } from '../shared/permissions';
import { Core } from './app';
import { seedDocumentsDemo } from './documents/demo';
import { resourcePath } from './paths';
import { attachEmbeddedAxis, exchangeOf, type EmbeddedAxis } from './exchange/index';

// A ready-made demo: two agencies, each its own profile (data directory), with a user for every
// role. Domain modules add their demo content through DEMO_SEEDERS.

export const DEMO_PASSWORD = 'demo12345';

export interface DemoAgency {
  key: 'province' | 'department';
  name: string;
  code: string;
  shortName: string;
  units: { name: string; code: string }[];
}

export const DEMO_AGENCIES: DemoAgency[] = [
  {
    key: 'province',
    name: 'Ủy ban nhân dân tỉnh Bình Định',
    code: '000.00.00.H10',
    shortName: 'UBND',
    units: [
      { name: 'Văn phòng', code: 'VP' },
      { name: 'Phòng Kinh tế', code: 'KT' },
      { name: 'Phòng Văn xã', code: 'VX' },
    ],
  },
  {
    key: 'department',
    name: 'Sở Thông tin và Truyền thông tỉnh Bình Định',
    code: '000.00.12.H10',
    shortName: 'STTTT',
    units: [
      { name: 'Văn phòng Sở', code: 'VP' },
      { name: 'Phòng Công nghệ thông tin', code: 'CNTT' },
    ],
  },
];

export const DEMO_USERS: { username: string; fullName: string; title: string; roles: Role[]; unitIndex: number | null }[] = [
  { username: 'vanthu', fullName: 'Nguyễn Thị Lan', title: 'Văn thư', roles: ['clerk'], unitIndex: 0 },
  { username: 'chuyenvien', fullName: 'Trần Văn Minh', title: 'Chuyên viên', roles: ['specialist'], unitIndex: 1 },
  { username: 'lanhdao', fullName: 'Lê Quang Hùng', title: 'Phó Chủ tịch', roles: ['leader'], unitIndex: null },
  { username: 'thuky', fullName: 'Phạm Thu Hà', title: 'Thư ký cuộc họp', roles: ['secretary'], unitIndex: 0 },
];

export type DemoSeeder = (core: Core, agency: DemoAgency, log: (m: string) => void) => Promise<void>;
/** Domain modules register demo content here (documents from the corpus, meetings, …). */
export const DEMO_SEEDERS: DemoSeeder[] = [seedDocumentsDemo];

export function demoCorpusDir(): string {
  return resourcePath('demo', 'corpus');
}

export interface DemoProfile {
  key: DemoAgency['key'];
  dataDir: string;
  agency: { name: string; code: string; shortName: string };
}

/**
 * Creates (or reuses, if already made) the demo profiles under `root`. With `axis` (the launcher's
 * embedded exchange axis) both demo agencies are registered on it and their exchange connected.
 */
export async function createDemo(root: string, log: (m: string) => void = () => {}, axis?: EmbeddedAxis): Promise<DemoProfile[]> {
  const out: DemoProfile[] = [];
  for (const a of DEMO_AGENCIES) {
    const dataDir = path.join(root, a.key);
    const agency = { name: a.name, code: a.code, shortName: a.shortName };
    out.push({ key: a.key, dataDir, agency });
    if (fs.existsSync(path.join(dataDir, 'vanthu.db'))) {
      const core = Core.open({ dataDir, purpose: 'demo check' });
      const ready = core.identity.isInitialized();
      try {
        if (ready && axis) await attachEmbeddedAxis(exchangeOf(core), axis, 'system:demo');
      } finally {
        core.close();
      }
      if (ready) continue;
    }
    log(`Creating demo profile "${a.name}" in ${dataDir}…`);
    const core = Core.open({ dataDir, purpose: 'demo setup' });
    try {
      const call = core.asSystem('demo');
      const setup = await call('setup.initialize', { agency, units: a.units, admin: { username: 'admin', fullName: 'Quản trị hệ thống', password: DEMO_PASSWORD } });
      for (const u of DEMO_USERS) {
        const unitId = u.unitIndex === null ? null : (setup.units[u.unitIndex]?.id ?? null);
        await call('users.create', { username: u.username, fullName: u.fullName, title: u.title, password: DEMO_PASSWORD, roles: u.roles, unitId });
      }
      for (const seed of DEMO_SEEDERS) await seed(core, a, log);
      if (axis) await attachEmbeddedAxis(exchangeOf(core), axis, 'system:demo');
    } finally {
      core.close();
    }
  }
  return out;
}
