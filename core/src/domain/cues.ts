import type { AgencyId } from './area.js';
import type { Attendee } from './confidentiality.js';
import type { LiveMeeting } from './hearing.js';
import { hasRole, type Person } from './person.js';

/**
 * Who is told privately that it is their agency's turn: its representatives present (agency
 * representative or IDVA for that agency, or anyone who named that agency on the declaration
 * card). The chair and the coordinator are cued for their agency only when nobody else from it is
 * present; observers and people without an agency never are.
 */
export function cueRecipients(
  present: Attendee[],
  personOf: (aadObjectId: string) => Person | undefined,
  agencyId: AgencyId | undefined,
  leadsMeeting: (p: Person) => boolean,
): Attendee[] {
  if (!agencyId) return [];
  const from = present.filter((a) => a.agencyId === agencyId);
  const eligible = from.filter((a) => {
    const p = personOf(a.aadObjectId);
    return !p || hasRole(p, 'agency-rep', 'idva', 'chair', 'coordinator') || !hasRole(p, 'observer');
  });
  const lead = (a: Attendee) => {
    const p = personOf(a.aadObjectId);
    return !!p && (leadsMeeting(p) || hasRole(p, 'coordinator', 'admin'));
  };
  const reps = eligible.filter((a) => !lead(a));
  return reps.length ? reps : eligible.filter(lead);
}

/**
 * "Late" is after the first case opened (the seeds' meaning): joining after the declaration was
 * posted but before any case is heard is simply joining; both must confirm before hearing a case.
 */
export const isLateArrival = (s: Pick<LiveMeeting, 'cases'>): boolean =>
  s.cases.some((c) => c.startedAt !== undefined);

/** The area's IDVA service, whose representative confirms each plan is safe: by its id or short name. */
export const idvaAgencyOf = (
  agencies: { id: AgencyId; short: string; name: string }[],
): AgencyId | undefined =>
  agencies.find((a) => a.id.toLowerCase() === 'idva' || a.short.toLowerCase() === 'idva')?.id ??
  agencies.find((a) => /\bIDVA\b|domestic violence advis/i.test(a.name))?.id;
