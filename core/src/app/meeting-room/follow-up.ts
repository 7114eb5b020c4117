import { addDays } from '../../domain/meeting.js';
import { isStale, type MaracAction } from '../../domain/actions.js';
import { type RoomDeps, audit, iso, todayOf } from './context.js';

export interface Reminder {
  action: MaracAction;
  kind: 'due' | 'overdue';
}

export interface FollowUpResult {
  reminders: Reminder[];
  markedNoUpdate: MaracAction[];
}

/**
 * The daily follow-up: remind agencies of actions due within a day or overdue (not agencies that
 * record actions in their own systems), and after the grace period mark stale actions with the
 * area's wording and tell the coordinator. Each reminder and marking is claimed once per day
 * through the database, so several instances never send it twice.
 */
export async function runFollowUp(
  deps: RoomDeps,
  owner: string,
  /** Only these areas (the scheduler runs each at its own local hour); all when absent. */
  areaIds?: string[],
): Promise<FollowUpResult> {
  const { store, clock } = deps;
  const result: FollowUpResult = { reminders: [], markedNoUpdate: [] };
  const areas = new Map(
    (await store.repos.areas.list()).filter((a) => !areaIds || areaIds.includes(a.id)).map((a) => [a.id, a]),
  );
  if (!areas.size) return result;
  // "Today" is each area's own local date; one query up to the latest of them.
  const todays = new Map([...areas.values()].map((a) => [a.id, todayOf(clock, a)]));
  const latest = [...todays.values()].sort().at(-1)!;
  const meetings = new Map((await store.repos.meetings.list()).map((m) => [m.id, m]));
  const open = await store.repos.actions.list({ status: ['open'], dueBefore: addDays(latest, 2) });
  for (const a of open) {
    const area = areas.get(meetings.get(a.meetingId)?.areaId ?? '');
    if (!area) continue;
    const today = todays.get(area.id)!;
    if (a.dueDate >= addDays(today, 2)) continue;
    // Agencies that update their own system (police on Athena, per the Cambridgeshire ToR) are
    // neither chased nor ever stamped "no update": their updates are simply not made here.
    if (area.selfRecordingAgencies.includes(a.ownerAgencyId)) continue;
    if (isStale(a, today, area.overdueGraceDays)) {
      const marked = await store.tx(async (r) => {
        if (!(await r.claims.claim(`no-update:${a.id}`, owner, iso(clock)))) return undefined;
        const fresh = await r.actions.get(a.id);
        if (!fresh || fresh.status !== 'open') return undefined;
        const saved = await r.actions.put(
          {
            ...fresh,
            status: 'no-update',
            updates: [
              ...fresh.updates,
              { at: iso(clock), byPersonId: 'system', kind: 'no-update', note: area.overdueLabel },
            ],
          },
          fresh.version,
        );
        await audit(r, clock, {
          actor: 'system',
          action: 'action.no-update',
          subject: `action:${a.id}`,
          outcome: 'done',
          reason: area.overdueLabel,
          details: {
            caseReference: a.caseReference,
            owner: a.ownerAgencyId,
            dueDate: a.dueDate,
            graceDays: area.overdueGraceDays,
          },
        });
        await r.events.append(
          {
            type: 'ActionChanged',
            meetingId: a.meetingId,
            caseId: a.caseId,
            actionId: a.id,
            status: saved.status,
            ownerAgencyId: a.ownerAgencyId,
          },
          iso(clock),
        );
        return saved;
      });
      if (marked) result.markedNoUpdate.push(marked);
      continue;
    }
    const kind = a.dueDate < today ? 'overdue' : 'due';
    if (await store.repos.claims.claim(`reminder:${a.id}:${today}`, owner, iso(clock))) {
      await audit(store.repos, clock, {
        actor: 'system',
        action: 'action.reminded',
        subject: `action:${a.id}`,
        outcome: 'done',
        details: { kind, owner: a.ownerAgencyId, dueDate: a.dueDate },
      });
      result.reminders.push({ action: a, kind });
    }
  }
  return result;
}
