import type { AgencyId } from '../../domain/area.js';
import type { RoomDeps } from './context.js';

/** A directory that takes longer than this is not waited for: the person picks on the card. */
export const DIRECTORY_LOOKUP_TIMEOUT_MS = 5_000;

/**
 * The agency the directory gives someone arriving in a meeting, asked only when nothing else knows
 * it: not a known Person, not already recorded in this meeting, no agency remembered from a card.
 * Read outside any transaction (a directory call must never hold one open). Never throws: any
 * failure or a slow answer is `undefined`, and the declaration card's agency picker takes over.
 */
export async function directoryAgency(
  deps: RoomDeps,
  meetingId: string,
  aadObjectId: string,
): Promise<AgencyId | undefined> {
  const directory = deps.agencyDirectory;
  if (!directory || !aadObjectId) return undefined;
  try {
    const r = deps.store.repos;
    const prior = await r.attendance.get(meetingId, aadObjectId);
    if (prior?.present || prior?.agencyId) return undefined;
    if (await r.people.byAadObjectId(aadObjectId)) return undefined;
    const remembered = await r.conversations.getPersonal(`agency:${aadObjectId}`);
    if (typeof remembered?.agencyId === 'string') return undefined;
    const meeting = await r.meetings.get(meetingId);
    const area = meeting && (await r.areas.get(meeting.areaId));
    if (!area) return undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), DIRECTORY_LOOKUP_TIMEOUT_MS);
      timer.unref?.();
    });
    try {
      const agencyId = await Promise.race([directory.resolveAgency(aadObjectId, area), timeout]);
      // Only an agency of this area counts (a stale mapping must not invent one).
      if (!agencyId) return undefined;
      const agencies = await r.agencies.list(area.id);
      return agencies.some((a) => a.id === agencyId) ? agencyId : undefined;
    } finally {
      clearTimeout(timer);
    }
  } catch {
    return undefined;
  }
}
