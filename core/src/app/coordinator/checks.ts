import { twoWeekConflict, type Hearing, type MaracCase } from '../../domain/referral.js';
import type { Meeting } from '../../domain/meeting.js';
import type { Repos } from '../../ports/repositories.js';
import type { CoordinatorDeps } from './context.js';

/**
 * This victim's hearings in this area, and the meetings their other cases are listed on (as
 * hearings to come), matched by keyed hash only. A hearing in another area is not a repeat here.
 */
export async function victimHistory(
  r: Repos,
  areaId: string,
  victimKey: string,
  exceptCaseId?: string,
): Promise<{ heard: Hearing[]; listed: Hearing[] }> {
  const meetings = new Map<string, Meeting | undefined>();
  const meeting = async (id: string) => {
    if (!meetings.has(id)) meetings.set(id, await r.meetings.get(id));
    return meetings.get(id);
  };
  const heard: Hearing[] = [];
  for (const h of await r.hearings.forVictim(victimKey))
    if (h.caseId !== exceptCaseId && (await meeting(h.meetingId))?.areaId === areaId) heard.push(h);
  const listed: Hearing[] = [];
  for (const c of await r.cases.list({ areaId, status: ['scheduled'] })) {
    if (c.victimKey !== victimKey || !c.meetingId || c.id === exceptCaseId) continue;
    const m = await meeting(c.meetingId);
    if (m)
      listed.push({
        caseId: c.id,
        meetingId: m.id,
        heardOn: m.date,
        victimKey,
        perpetratorKeys: c.perpetratorKeys,
        outcome: 'heard',
      });
  }
  return { heard, listed };
}

/** The two-week rule for putting this case on this meeting: another hearing of the pair within 14 days. */
export async function twoWeekCheck(
  _deps: Pick<CoordinatorDeps, 'clock'>,
  r: Repos,
  c: Pick<MaracCase, 'id' | 'areaId' | 'victimKey' | 'perpetratorKeys'>,
  m: Pick<Meeting, 'id' | 'date'>,
): Promise<Hearing | undefined> {
  const history = await victimHistory(r, c.areaId, c.victimKey, c.id);
  return twoWeekConflict([...history.heard, ...history.listed], c.victimKey, c.perpetratorKeys, m.date);
}
