import type { ModuleDefinition } from '../types';
import { AdminPage } from './AdminPage';

export const adminModule: ModuleDefinition = {
  id: 'admin',
  titleKey: 'modules.admin.title',
  descriptionKey: 'modules.admin.description',
  anyOf: ['agency.manage', 'users.manage', 'registers.manage', 'audit.read'],
  Page: AdminPage,
};
