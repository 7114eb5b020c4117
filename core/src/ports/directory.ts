import type { AgencyId, AreaConfig } from '../domain/area.js';

/**
 * Someone's agency from the organisation's directory (in production Microsoft Graph: company name,
 * department or email domain, matched with the area's `agencyDirectoryMap`).
 *
 * Contract: resolves `undefined` whenever the directory cannot say (guest or external user, no
 * profile, no or several matches) and, for callers' safety, adapters should not throw; the meeting
 * room treats a rejection as `undefined` too. The person then picks their agency on the
 * declaration card once, and that choice is remembered.
 */
export interface AgencyDirectory {
  resolveAgency(
    aadObjectId: string,
    area: Pick<AreaConfig, 'id' | 'agencyDirectoryMap'>,
  ): Promise<AgencyId | undefined>;
}

/** The organisation's directory searched by name or email (Graph), for adding people to MARAC. */
export interface PeopleDirectory {
  search(
    query: string,
  ): Promise<{ aadObjectId: string; displayName: string; email?: string; department?: string }[]>;
}
