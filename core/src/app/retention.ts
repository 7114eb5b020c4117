import type { AreaConfig } from '../domain/area.js';
import type { MaracCase } from '../domain/referral.js';
import { type RoomDeps, audit, iso, todayOf } from './meeting-room/context.js';

/** When an area's configuration has no usable `retentionYears`. */
export const DEFAULT_RETENTION_YEARS = 7;

/**
 * The date `years` calendar years after `isoDate`; 29 February becomes 28 February in a year
 * without one (never spills into March).
 */
export function addYears(isoDate: string, years: number): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number);
  const lastDay = new Date(Date.UTC(y + years, m, 0)).getUTCDate();
  return new Date(Date.UTC(y + years, m - 1, Math.min(d, lastDay))).toISOString().slice(0, 10);
}

/** A zero, negative or missing setting never deletes everything: it falls back to the default. */
export const retentionYearsOf = (area: Pick<AreaConfig, 'retentionYears'> | undefined): number =>
  area && Number.isInteger(area.retentionYears) && area.retentionYears >= 1
    ? area.retentionYears
    : DEFAULT_RETENTION_YEARS;

export interface RetainedCase {
  caseId: string;
  reference: string;
  /** The last referral, hearing or meeting date that counted. */
  lastActivity: string;
  /** The last day the case was kept. */
  keptUntil: string;
}

export interface RetentionResult {
  deleted: RetainedCase[];
  /** Cases looked at and still inside their retention period. */
  kept: number;
}

/**
 * Retention: deletes case data `retentionYears` (area configuration, default 7) after the case's
 * last referral or hearing. It DELETES rather than anonymises: the case record with its sealed
 * personal details and matching keys, its hearings, its agenda places and its actions go for good
 * (`cases.delete`). What stays is what never held personal details: the audit trail (one
 * 'retention.deleted' entry per case, with the case reference and anonymous counts of what went)
 * and meeting records. Events, outbox rows, card places and claims naming the case go with it.
 *
 * "Last referral" is the latest of: the case's own referral, its hearings and its meeting's date,
 * and the same for every other case of the same victim (a repeat referral is a new case record,
 * and the history of a victim still being referred is kept as a whole). A case is kept through
 * the anniversary day and deleted from the day after.
 *
 * Each case is claimed (`retention:<caseId>`) in the same transaction that deletes and audits it,
 * so with several instances exactly one deletes it, and a failed deletion leaves no claim behind.
 */
export async function runRetention(deps: RoomDeps, owner: string): Promise<RetentionResult> {
  const { store, clock } = deps;
  const r = store.repos;
  const today = todayOf(clock);
  const result: RetentionResult = { deleted: [], kept: 0 };
  const meetingDates = new Map((await r.meetings.list()).map((m) => [m.id, m.date]));
  const lastHearing = new Map<string, string>();
  for (const h of await r.hearings.list())
    if ((lastHearing.get(h.caseId) ?? '') < h.heardOn) lastHearing.set(h.caseId, h.heardOn);

  const areas = new Map((await r.areas.list()).map((a) => [a.id, a]));
  const cases = await r.cases.list();
  const ownLast = (c: MaracCase) =>
    [
      c.receivedAt.slice(0, 10),
      lastHearing.get(c.id) ?? '',
      c.meetingId ? (meetingDates.get(c.meetingId) ?? '') : '',
    ].reduce((a, b) => (b > a ? b : a));
  const lastByVictim = new Map<string, string>();
  for (const c of cases) {
    const last = ownLast(c);
    if ((lastByVictim.get(c.victimKey) ?? '') < last) lastByVictim.set(c.victimKey, last);
  }

  for (const c of cases) {
    const years = retentionYearsOf(areas.get(c.areaId));
    const lastActivity = lastByVictim.get(c.victimKey) ?? ownLast(c);
    const keptUntil = addYears(lastActivity, years);
    if (keptUntil >= today) {
      result.kept++;
      continue;
    }
    const done = await store.tx(async (tx) => {
      if (!(await tx.claims.claim(`retention:${c.id}`, owner, iso(clock)))) return false;
      if (!(await tx.cases.get(c.id))) return false;
      const actions = (await tx.actions.list({ caseId: c.id })).length;
      const heardAt = (await tx.hearings.forVictim(c.victimKey)).filter((h) => h.caseId === c.id);
      const hearings = heardAt.length;
      await tx.cases.delete(c.id);
      // Agencies' research summaries quote their records about the case: they go with it.
      await tx.research.deleteForCase(c.id);
      await tx.victimViews.deleteForCase(c.id);
      // Events, outbox rows, card places and claims name the case by id: they go too.
      const mentions = await tx.claims.forgetCase(c.id);
      // Minutes quote what was said about their cases: they go with the last case they record.
      const meetingIds = new Set([...heardAt.map((h) => h.meetingId), ...(c.meetingId ? [c.meetingId] : [])]);
      const minutesDeleted: string[] = [];
      for (const m of meetingIds)
        if (
          !(await tx.hearings.list({ meetingId: m })).length &&
          !(await tx.cases.list({ meetingId: m })).length &&
          (await tx.minutes.get(m))
        ) {
          await tx.minutes.delete(m);
          minutesDeleted.push(m);
        }
      await audit(tx, clock, {
        actor: 'system',
        action: 'retention.deleted',
        subject: `case:${c.id}`,
        outcome: 'done',
        reason: `Retention: ${years} years after the last referral or hearing (${lastActivity}); kept until ${keptUntil}.`,
        details: {
          reference: c.reference,
          areaId: c.areaId,
          lastActivity,
          keptUntil,
          retentionYears: years,
          hearings,
          actions,
          minutesDeleted,
          chatRowsDeleted: mentions,
        },
      });
      return true;
    });
    if (done) result.deleted.push({ caseId: c.id, reference: c.reference, lastActivity, keptUntil });
  }
  return result;
}
