/**
 * A person's agency from their directory profile. The area's `agencyDirectoryMap` is tried against
 * companyName, then department, then the email domain (case-insensitive). Guests and external users,
 * people with no profile, and profiles that match nothing (or several agencies) get no agency: the
 * person picks it once on the declaration card, and that choice is remembered elsewhere.
 */
import type { AreaConfig } from '@marac/core';
import { GraphApiError } from './errors.js';
import { seg, type GraphCaller } from './graph-client.js';
import type { AgencyMatchField, AgencyResolution, Directory, DirectoryProfile } from './ports.js';

export const PROFILE_FIELDS = [
  'id',
  'displayName',
  'mail',
  'companyName',
  'department',
  'userPrincipalName',
  'userType',
];

const norm = (s: string | undefined | null) => (s ?? '').trim().toLowerCase();

/** The domain of an address, lower case ('' when there is none). */
const domainOf = (address: string | undefined) => {
  const at = norm(address).lastIndexOf('@');
  return at < 0 ? '' : norm(address).slice(at + 1);
};

/** A map entry matches a domain if it names it or a parent of it ("@police.uk" or "police.uk"). */
const domainMatches = (domain: string, entry: string) => {
  const e = norm(entry).replace(/^@/, '');
  return !!domain && !!e && (domain === e || domain.endsWith(`.${e}`));
};

export const isGuest = (p: DirectoryProfile) =>
  norm(p.userType) === 'guest' || /#ext#/i.test(p.userPrincipalName ?? '');

/** Pure: the agency a profile maps to, field by field; ambiguous when one field matches two agencies. */
export function matchAgency(
  profile: DirectoryProfile,
  map: AreaConfig['agencyDirectoryMap'],
): AgencyResolution {
  if (isGuest(profile)) return { agencyId: undefined, reason: 'guest', profile };
  const email = profile.mail || profile.userPrincipalName;
  const fields: [AgencyMatchField, string, (entry: string) => boolean][] = [
    [
      'companyName',
      profile.companyName ?? '',
      (e) => !!norm(profile.companyName) && norm(profile.companyName) === norm(e),
    ],
    [
      'department',
      profile.department ?? '',
      (e) => !!norm(profile.department) && norm(profile.department) === norm(e),
    ],
    ['emailDomain', domainOf(email), (e) => domainMatches(domainOf(email), e)],
  ];
  for (const [field, value, test] of fields) {
    const hits = map.filter((m) => test(m.match));
    const agencies = [...new Set(hits.map((h) => h.agencyId))];
    if (agencies.length === 1) return { agencyId: agencies[0], matchedOn: field, matched: value, profile };
    if (agencies.length > 1) {
      // A longer (more specific) domain entry wins, e.g. "mh.nhs.uk" over "nhs.uk".
      if (field === 'emailDomain') {
        const best = [...hits].sort((a, b) => norm(b.match).length - norm(a.match).length);
        if (norm(best[0].match).length > norm(best[1].match).length)
          return { agencyId: best[0].agencyId, matchedOn: field, matched: value, profile };
      }
      return { agencyId: undefined, reason: 'ambiguous', profile };
    }
  }
  return { agencyId: undefined, reason: 'no-match', profile };
}

interface GraphUser {
  id: string;
  displayName?: string | null;
  mail?: string | null;
  companyName?: string | null;
  department?: string | null;
  userPrincipalName?: string | null;
  userType?: string | null;
}

const toProfile = (u: GraphUser): DirectoryProfile => {
  const p: DirectoryProfile = { id: u.id };
  for (const k of [
    'displayName',
    'mail',
    'companyName',
    'department',
    'userPrincipalName',
    'userType',
  ] as const) {
    const v = u[k];
    if (v) p[k] = v;
  }
  return p;
};

export function createDirectory(app: GraphCaller, forUser: (ssoToken: string) => GraphCaller): Directory {
  async function profile(userIdOrUpn: string): Promise<DirectoryProfile | undefined> {
    try {
      const u = await app.call<GraphUser>('users.read', (c) =>
        c
          .api(`/users/${seg(userIdOrUpn)}`)
          .select(PROFILE_FIELDS)
          .get(),
      );
      return u?.id ? toProfile(u) : undefined;
    } catch (e) {
      if (e instanceof GraphApiError && e.kind === 'not-found') return undefined;
      throw e;
    }
  }
  return {
    profile,
    async search(query) {
      const q = query.trim().replace(/'/g, "''");
      if (!q) return [];
      const res = await app.call<{ value: GraphUser[] }>('users.read', (c) =>
        c
          .api('/users')
          .filter(
            `startswith(displayName,'${q}') or startswith(mail,'${q}') or startswith(userPrincipalName,'${q}')`,
          )
          .select(PROFILE_FIELDS)
          .top(10)
          .get(),
      );
      return (res?.value ?? []).filter((u) => u.id).map(toProfile);
    },
    async resolveAgency(userIdOrUpn, area) {
      const p = await profile(userIdOrUpn);
      if (!p) return { agencyId: undefined, reason: 'not-found' };
      return matchAgency(p, area.agencyDirectoryMap);
    },
    async resolveSignedInAgency(ssoToken, area) {
      const me = await forUser(ssoToken).call<GraphUser>('me.read', (c) =>
        c.api('/me').select(PROFILE_FIELDS).get(),
      );
      if (!me?.id) return { agencyId: undefined, reason: 'not-found' };
      return matchAgency(toProfile(me), area.agencyDirectoryMap);
    },
  };
}
