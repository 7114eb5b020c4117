import { type Meeting, type TeamsLink, isClosedSession } from '../../domain/meeting.js';
import type { Person } from '../../domain/person.js';
import { hasRole } from '../../domain/person.js';
import type { Repos } from '../../ports/repositories.js';
import type { Invitee, ScheduledMeeting } from '../../ports/teams-meetings.js';

/**
 * Who is invited to the Teams meeting: the area's agency representatives, IDVAs and chairs (for
 * a closed session only its invited people and agencies), and always the chair and delegates.
 * Sorted by name, one invitation per email address, never the organiser themselves.
 */
export async function teamsInvitees(r: Repos, m: Meeting, organiserAad: string): Promise<Invitee[]> {
  const areaAgencies = new Set((await r.agencies.list(m.areaId)).map((a) => a.id));
  const named = new Set([m.chairId, ...m.delegateIds].filter((x): x is string => !!x));
  const rep = (p: Pick<Person, 'roles'>) => hasRole(p, 'agency-rep', 'idva', 'chair');
  const chosen = (await r.people.list()).filter((p) => {
    if (named.has(p.id)) return true;
    if (isClosedSession(m))
      return (
        m.invitedPersonIds.includes(p.id) ||
        (!!p.agencyId && m.invitedAgencyIds.includes(p.agencyId) && rep(p))
      );
    return !!p.agencyId && areaAgencies.has(p.agencyId) && rep(p);
  });
  const seen = new Set<string>();
  const out: Invitee[] = [];
  for (const p of chosen.sort((a, b) => a.displayName.localeCompare(b.displayName))) {
    const email = p.email?.trim();
    if (!email || p.aadObjectId === organiserAad || seen.has(email.toLowerCase())) continue;
    seen.add(email.toLowerCase());
    out.push({ email, name: p.displayName });
  }
  return out;
}

/** Long enough for the agenda (cases × minutes per case), at least an hour, at most ten. */
export async function teamsMeetingMinutes(r: Repos, m: Meeting, asked?: number): Promise<number> {
  if (asked) return asked;
  const area = await r.areas.get(m.areaId);
  const per = area?.minutesPerCase[m.kind] ?? 20;
  const cases =
    (await r.agenda.list(m.id)).length || (isClosedSession(m) ? 1 : (area?.maxCasesPerMeeting ?? 3));
  return Math.min(600, Math.max(60, cases * per));
}

/**
 * The meeting's Teams link after scheduling: what Graph returned over what was stored. The chat
 * id is the conversation id the bot sees there, so the bot links itself on first contact; what
 * the bot already learnt there (service URL, reference) is kept.
 */
export function mergeTeamsLink(
  prev: TeamsLink | undefined,
  s: ScheduledMeeting,
  transactionId: string,
  tenantId?: string,
): TeamsLink {
  return {
    ...prev,
    conversationId: s.chatId ?? prev?.conversationId ?? '',
    serviceUrl: prev?.serviceUrl ?? '',
    reference: prev?.reference ?? {},
    tenantId: prev?.tenantId ?? tenantId,
    eventId: s.eventId,
    organiser: s.organiser,
    transactionId,
    ...(s.chatId ? { chatId: s.chatId } : {}),
    ...(s.joinUrl ? { joinUrl: s.joinUrl } : {}),
    ...(s.onlineMeetingId ? { onlineMeetingId: s.onlineMeetingId } : {}),
  };
}
