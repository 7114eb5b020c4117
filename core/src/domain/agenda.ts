import type { AgendaOrdering, AreaConfig, MeetingKind } from './area.js';
import type { MaracCase } from './referral.js';

export interface AgendaItem {
  meetingId: string;
  caseId: string;
  position: number;
}

export interface Slot {
  caseId: string;
  position: number;
  /** HH:MM */
  start: string;
  end: string;
}

const toMinutes = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
};
const toHHMM = (mins: number) =>
  `${String(Math.floor(mins / 60) % 24).padStart(2, '0')}:${String(mins % 60).padStart(2, '0')}`;

/** Time slots for an ordered agenda: each case gets the area's minutes for this kind of meeting. */
export function timeSlots(startTime: string, minutesEach: number, caseIdsInOrder: string[]): Slot[] {
  const start = toMinutes(startTime);
  return caseIdsInOrder.map((caseId, i) => ({
    caseId,
    position: i + 1,
    start: toHHMM(start + i * minutesEach),
    end: toHHMM(start + (i + 1) * minutesEach),
  }));
}

/** Closed-session cases are never on the main agenda; they go to the closed session after it. */
export function splitClosedSession<C extends Pick<MaracCase, 'closedSession'>>(cases: C[]) {
  return { main: cases.filter((c) => !c.closedSession), closed: cases.filter((c) => c.closedSession) };
}

export function maxCasesWarning(
  area: Pick<AreaConfig, 'maxCasesPerMeeting'>,
  count: number,
): string | undefined {
  return count > area.maxCasesPerMeeting
    ? `${count} cases is more than the ${area.maxCasesPerMeeting} a meeting can hear well; move some to the next meeting.`
    : undefined;
}

/**
 * Suggested order: by receipt, or children first (safeguarding), or clustered by referring
 * agency so agencies can leave after their cases. Stable within each group.
 */
export function suggestOrder<
  C extends Pick<MaracCase, 'id' | 'receivedAt' | 'childrenInHousehold' | 'referringAgencyId'>,
>(cases: C[], ordering: AgendaOrdering, battingOrder: string[]): C[] {
  const byReceipt = [...cases].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  if (ordering === 'children-first')
    return [
      ...byReceipt.filter((c) => c.childrenInHousehold > 0),
      ...byReceipt.filter((c) => c.childrenInHousehold === 0),
    ];
  if (ordering === 'cluster-by-agency') {
    const rank = (id: string) => battingOrder.indexOf(id) + 1 || battingOrder.length + 1;
    return byReceipt
      .map((c, i) => ({ c, i }))
      .sort((a, b) => rank(a.c.referringAgencyId) - rank(b.c.referringAgencyId) || a.i - b.i)
      .map((x) => x.c);
  }
  return byReceipt;
}

export interface ForecastWeek {
  weekStarting: string;
  meetings: number;
  capacityCases: number;
  waitingCases: number;
  shortfall: number;
}

/**
 * Capacity forecast: the cases waiting against the cases the planned meetings can hear
 * (meeting minutes / minutes per case, capped at the area maximum).
 */
export function capacityForecast(
  area: Pick<AreaConfig, 'maxCasesPerMeeting' | 'minutesPerCase'>,
  meetingsPerWeek: { weekStarting: string; meetings: { kind: MeetingKind; minutes: number }[] }[],
  waitingCases: number,
): ForecastWeek[] {
  let waiting = waitingCases;
  return meetingsPerWeek.map((w) => {
    const capacityCases = w.meetings.reduce(
      (n, m) => n + Math.min(area.maxCasesPerMeeting, Math.floor(m.minutes / area.minutesPerCase[m.kind])),
      0,
    );
    const row = {
      weekStarting: w.weekStarting,
      meetings: w.meetings.length,
      capacityCases,
      waitingCases: waiting,
      shortfall: Math.max(0, waiting - capacityCases),
    };
    waiting = row.shortfall;
    return row;
  });
}
