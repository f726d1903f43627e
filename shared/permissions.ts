// Roles and what they may do. The core checks these on every call; the UI only uses them to
// decide what to show.

export const ROLES = ['admin', 'clerk', 'specialist', 'leader', 'secretary'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'agency.manage',
  'users.manage',
  'users.read',
  'audit.read',
  'documents.read',
  'documents.register',
  'documents.direct',
  'documents.handle',
  'documents.draft',
  'documents.approve',
  'documents.release',
  'registers.manage',
  'signing.sign',
  'signing.seal',
  'signing.verify',
  'trust.manage',
  'exchange.send',
  'exchange.receive',
  'meetings.manage',
  'meetings.attend',
  'dossiers.manage',
  'reports.read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: ['agency.manage', 'users.manage', 'users.read', 'audit.read', 'registers.manage', 'trust.manage', 'reports.read', 'signing.verify'],
  clerk: [
    'users.read', 'documents.read', 'documents.register', 'documents.release', 'signing.seal', 'signing.verify',
    'exchange.send', 'exchange.receive', 'dossiers.manage', 'reports.read',
  ],
  specialist: ['users.read', 'documents.read', 'documents.handle', 'documents.draft', 'signing.verify', 'dossiers.manage', 'meetings.attend'],
  leader: [
    'users.read', 'documents.read', 'documents.direct', 'documents.handle', 'documents.approve', 'documents.draft',
    'signing.sign', 'signing.verify', 'meetings.attend', 'reports.read', 'dossiers.manage',
  ],
  secretary: ['users.read', 'documents.read', 'meetings.manage', 'meetings.attend', 'signing.sign', 'signing.verify'],
};

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  const out = new Set<Permission>();
  for (const r of roles) for (const p of ROLE_PERMISSIONS[r]) out.add(p);
  return out;
}

export function hasPermission(roles: readonly Role[], p: Permission): boolean {
  return roles.some((r) => ROLE_PERMISSIONS[r].includes(p));
}
