import type { AreaConfig } from '../../domain/area.js';
import { DomainError } from '../../domain/errors.js';
import type { Meeting } from '../../domain/meeting.js';
import { hasRole, isCoordinator, type Person } from '../../domain/person.js';
import { invitedAgencies } from '../../domain/research.js';
import type { MaracCase } from '../../domain/referral.js';
import { meetingForViewer, refuseViewer, type ViewerDeps } from '../minutes/access.js';
import type { PersonalDataCipher } from '../../crypto/personal-data.js';

/** Publishing hashes each case's research details, so it needs the cipher's keyed digest. */
export interface ResearchDeps extends ViewerDeps {
  cipher: PersonalDataCipher;
}

/** An agency's own people research its cases: its representatives and IDVAs, not observers. */
export const isResearcher = (p: Person) => !!p.agencyId && hasRole(p, 'agency-rep', 'idva');

/**
 * The meeting and its area, if this person's agency is invited and the agenda has gone out (or
 * they are a coordinator). A closed session they are not invited to is "not found", as everywhere.
 */
export async function researchMeeting(
  deps: ViewerDeps,
  actor: Person,
  meetingId: string,
  action: string,
): Promise<{ meeting: Meeting; area: AreaConfig; agencies: string[] }> {
  const meeting = await meetingForViewer(deps, actor, meetingId, action);
  const area = await deps.store.repos.areas.get(meeting.areaId);
  if (!area) throw new DomainError('not-found', "The meeting's MARAC area is not configured.");
  const agencies = invitedAgencies(meeting, area);
  if (isCoordinator(actor)) return { meeting, area, agencies };
  const subject = `meeting:${meeting.id}`;
  if (!isResearcher(actor))
    await refuseViewer(
      deps,
      actor,
      action,
      subject,
      "Only the invited agencies' representatives research the agenda.",
    );
  if (!agencies.includes(actor.agencyId!))
    await refuseViewer(deps, actor, action, subject, 'Your agency is not invited to this meeting.');
  if (!meeting.publication)
    await refuseViewer(
      deps,
      actor,
      action,
      subject,
      'The agenda for this meeting has not been published yet.',
    );
  return { meeting, area, agencies };
}

/** Cases still to be heard: a heard or closed case is no longer researched. */
export const isOpenCase = (c: Pick<MaracCase, 'status'>) => c.status !== 'heard' && c.status !== 'closed';
