import type { AgencyId } from './area.js';

export const ROLES = [
  'coordinator',
  'chair',
  'deputy-chair',
  'agency-rep',
  'idva',
  'observer',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

/** Someone who uses the app, identified by their Entra object id. */
export interface Person {
  id: string;
  aadObjectId: string;
  displayName: string;
  email: string;
  agencyId?: AgencyId;
  roles: Role[];
  /** Deactivated people are never deleted (the audit trail names them) but cannot sign in. */
  active?: boolean;
  /** The areas this person works in; absent means every area (one-area installs, the demo). */
  areaIds?: string[];
  /** First time the bot or the Teams tab saw this person's Entra identity. */
  seenInTeamsAt?: string;
}

export const hasRole = (p: Pick<Person, 'roles'> | undefined, ...roles: Role[]): boolean =>
  !!p && p.roles.some((r) => roles.includes(r));

export const isCoordinator = (p: Pick<Person, 'roles'> | undefined) => hasRole(p, 'coordinator', 'admin');

export const isAdmin = (p: Pick<Person, 'roles'> | undefined) => hasRole(p, 'admin');

export const isActive = (p: Pick<Person, 'active'> | undefined) => !!p && p.active !== false;

export const inArea = (p: Pick<Person, 'areaIds'>, areaId: string) =>
  !p.areaIds || p.areaIds.includes(areaId);

/** Whether two people work in a common area (absent areas mean every area). */
export const sharesAnArea = (a: Pick<Person, 'areaIds'>, b: Pick<Person, 'areaIds'>) =>
  !a.areaIds || !b.areaIds || b.areaIds.some((id) => inArea(a, id));
