import type { Agency, AreaConfig } from '../../domain/area.js';
import type { LiveMeeting } from '../../domain/hearing.js';
import type { Meeting } from '../../domain/meeting.js';
import type { Repos } from '../../ports/repositories.js';
import { loadMeeting } from './context.js';
import { currentRollCall } from './declaration.js';

/** An agency's name as every card and view shows it ("Agency not known" when nobody knows it). */
export const agencyNamer = (agencies: Agency[]) => (id?: string) =>
  id ? (agencies.find((a) => a.id === id)?.name ?? id) : 'Agency not known';

/**
 * The part of the meeting view a roll call needs (the declaration card's answer, the roll-call
 * card): the meeting, its area and agencies, who is present and who confirmed, and the stored
 * live record's stage (declaration posted, gate override). It leaves out the running order, the
 * people list and research, which a confirmation never changes: a burst of confirmations reads
 * six reads per answer, not twenty. `known` skips re-reading a meeting the caller already has.
 */
export async function readRollCallView(
  r: Repos,
  meetingId: string,
  known?: { meeting: Meeting; area: AreaConfig },
  /** The stored live record too (the roll-call card shows the stage and any gate override). */
  withState = true,
) {
  const { meeting, area } = known ?? (await loadMeeting(r, meetingId));
  const [agencies, rc, stored] = await Promise.all([
    r.agencies.list(area.id),
    currentRollCall(r, meetingId, meeting),
    withState ? r.live.get(meetingId) : undefined,
  ]);
  // A meeting nobody has moved has no stored record: nothing posted, nothing overridden.
  const state: Pick<LiveMeeting, 'declarationPostedAt' | 'gateOverride'> = {
    declarationPostedAt: stored?.declarationPostedAt,
    gateOverride: stored?.gateOverride,
  };
  return { meeting, area, agencies, rc, state, agencyName: agencyNamer(agencies) };
}
export type RollCallView = Awaited<ReturnType<typeof readRollCallView>>;
