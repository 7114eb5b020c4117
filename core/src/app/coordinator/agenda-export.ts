import { timeSlots } from '../../domain/agenda.js';
import type { Subject } from '../../domain/referral.js';
import { notFound, requireManager } from './access.js';
import { orderedCases } from './agenda.js';
import { record, todayIso, type Actor, type CoordinatorDeps } from './context.js';
import { ukDate } from '../../domain/civil-time.js';

export interface AgendaExportRow {
  position: number;
  start: string;
  end: string;
  reference: string;
  referringAgency: string;
  criteria: string[];
  children: number;
  victim: Pick<Subject, 'name' | 'dateOfBirth'>;
  perpetrators: Pick<Subject, 'name' | 'dateOfBirth'>[];
}

export interface AgendaExport {
  title: string;
  areaName: string;
  meetingId: string;
  kind: string;
  date: string;
  startTime: string;
  generatedOn: string;
  rows: AgendaExportRow[];
}

/**
 * The agenda as circulated to agencies for their research: references, referring agency, slot
 * times, and the victim's and perpetrators' names and dates of birth. Coordinators only; every
 * export is audited with its format.
 */
export async function agendaForExport(
  deps: CoordinatorDeps,
  actor: Actor,
  meetingId: string,
  format: 'docx' | 'csv',
): Promise<AgendaExport> {
  await requireManager(deps, actor, 'agenda.export', `meeting:${meetingId}`);
  const r = deps.store.repos;
  const m = await r.meetings.get(meetingId);
  if (!m) throw notFound('The meeting');
  const area = await r.areas.get(m.areaId);
  if (!area) throw notFound("The meeting's area");
  const agencies = new Map((await r.agencies.list(area.id)).map((a) => [a.id, a.name]));
  const cases = await orderedCases(r, m.id);
  const slots = timeSlots(
    m.startTime,
    area.minutesPerCase[m.kind],
    cases.map((c) => c.id),
  );
  const kindName = { marac: 'MARAC', 'marac-plus': 'MARAC Plus', closed: 'MARAC closed session' }[m.kind];
  await deps.store.tx((tx) =>
    record(tx, deps.clock, actor, {
      action: 'agenda.exported',
      subject: `meeting:${m.id}`,
      details: { format, cases: cases.length },
    }),
  );
  return {
    title: `${kindName} agenda, ${area.name}, ${ukDate(m.date)} ${m.startTime}`,
    areaName: area.name,
    meetingId: m.id,
    kind: kindName,
    date: m.date,
    startTime: m.startTime,
    generatedOn: todayIso(deps.clock),
    rows: cases.map((c, i) => ({
      position: slots[i].position,
      start: slots[i].start,
      end: slots[i].end,
      reference: c.reference,
      referringAgency: agencies.get(c.referringAgencyId) ?? c.referringAgencyId,
      criteria: c.criteria,
      children: c.childrenInHousehold,
      victim: { name: c.personal.victim.name, dateOfBirth: c.personal.victim.dateOfBirth },
      perpetrators: c.personal.perpetrators.map((p) => ({ name: p.name, dateOfBirth: p.dateOfBirth })),
    })),
  };
}
