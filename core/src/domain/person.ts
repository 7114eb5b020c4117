import type { AgencyId } from './area.js';

export type Role = 'coordinator' | 'chair' | 'agency-rep' | 'idva' | 'observer' | 'admin';

/** Someone who uses the app, identified by their Entra object id. */
export interface Person {
  id: string;
  aadObjectId: string;
  displayName: string;
  email: string;
  agencyId?: AgencyId;
  roles: Role[];
}

export const hasRole = (p: Pick<Person, 'roles'> | undefined, ...roles: Role[]): boolean =>
  !!p && p.roles.some((r) => roles.includes(r));

export const isCoordinator = (p: Pick<Person, 'roles'> | undefined) => hasRole(p, 'coordinator', 'admin');
