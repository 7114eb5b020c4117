import type { CaseRun, LiveMeeting } from './hearing.js';

/** A case as the agenda lists it, for the live running order. */
export interface AgendaEntry {
  caseId: string;
  reference: string;
  referringAgencyId: string;
  hasChildren: boolean;
}

/** A case the chair has opened (even if left again): from then on its record is the meeting's, not the agenda's. */
export const wasOpened = (c: CaseRun) => c.status !== 'pending' || c.startedAt !== undefined;

/**
 * The running order is the agenda until a case opens: cases not yet opened follow the current
 * agenda (its order, additions and removals); opened cases keep their record. Once the meeting
 * has ended the record is final.
 */
export function followAgenda(s: LiveMeeting, agenda: AgendaEntry[]): LiveMeeting {
  if (s.stage === 'ended') return s;
  const opened = new Map(s.cases.filter(wasOpened).map((c) => [c.caseId, c]));
  const listed = new Set(agenda.map((a) => a.caseId));
  // An opened case cannot leave the agenda (listing refuses it); should one have, it keeps its place in the record.
  const offAgenda = s.cases.filter((c) => wasOpened(c) && !listed.has(c.caseId));
  const runs: CaseRun[] = [
    ...offAgenda,
    ...agenda.map(
      (a): CaseRun => opened.get(a.caseId) ?? { ...a, position: 0, status: 'pending', noInformation: [] },
    ),
  ].map((c, i) => ({ ...c, position: i + 1 }));
  const current = runs.findIndex((c) => c.status === 'current');
  return { ...s, cases: runs, current: current >= 0 ? current : undefined };
}
