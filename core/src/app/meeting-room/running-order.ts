import type { Repos } from '../../ports/repositories.js';
import type { LiveMeeting } from '../../domain/hearing.js';
import { newLiveMeeting } from '../../domain/live-meeting.js';
import { followAgenda, type AgendaEntry } from '../../domain/running-order.js';
import { idvaAgencyOf } from '../../domain/cues.js';
import { loadMeeting } from './context.js';

/** The meeting's agenda in order, as the live running order lists it. */
export async function agendaEntries(r: Repos, meetingId: string): Promise<AgendaEntry[]> {
  // One read, in agenda order, with nothing decrypted: this runs on every live-meeting step.
  return (await r.agenda.cases(meetingId)).map((c) => ({
    caseId: c.id,
    reference: c.reference,
    referringAgencyId: c.referringAgencyId,
    hasChildren: c.childrenInHousehold > 0,
  }));
}

/**
 * The live state as everyone sees it: the stored record of what has happened, with the cases
 * not yet opened read from the current agenda. Nothing is stored here; a meeting nobody has
 * moved yet is version 0, so the first change stores version 1.
 */
export async function liveState(r: Repos, meetingId: string): Promise<LiveMeeting> {
  const [stored, agenda] = await Promise.all([r.live.get(meetingId), agendaEntries(r, meetingId)]);
  if (stored) return followAgenda(stored, agenda);
  const { area } = await loadMeeting(r, meetingId);
  const idva = idvaAgencyOf(await r.agencies.list(area.id));
  return { ...newLiveMeeting(meetingId, area.battingOrder, agenda, idva), version: 0 };
}
