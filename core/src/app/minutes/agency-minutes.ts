import type { Person } from '../../domain/person.js';
import { invitedAgencies } from '../../domain/research.js';
import { isResearcher } from '../research/access.js';
import { type ViewerDeps, meetingForViewer, refuseViewer } from './access.js';
import { type MinutesRecord, minutesRecord } from './minutes.js';

/**
 * The circulated minutes for an agency that attended the meeting or was invited to it: its open
 * cases only (a closed session is its own meeting, for its invitees). Every read is audited.
 */
export async function minutesForAgency(
  deps: ViewerDeps,
  actor: Person,
  meetingId: string,
  format: 'view' | 'docx' = 'view',
): Promise<MinutesRecord> {
  const action = format === 'view' ? 'minutes.read' : 'minutes.download';
  const m = await meetingForViewer(deps, actor, meetingId, action);
  const r = deps.store.repos;
  const area = (await r.areas.get(m.areaId))!;
  const attended = (await r.attendance.list(m.id)).some((a) => a.agencyId && a.agencyId === actor.agencyId);
  const subject = `meeting:${m.id}`;
  if (!isResearcher(actor) || !(attended || invitedAgencies(m, area).includes(actor.agencyId!)))
    await refuseViewer(
      deps,
      actor,
      action,
      subject,
      'Only the agencies that attended or were invited read these minutes.',
    );
  const record = await minutesRecord(r, m);
  if (!record.draft.circulatedAt)
    await refuseViewer(deps, actor, action, subject, 'These minutes have not been circulated yet.');
  const closed = new Set(
    (await Promise.all(record.cases.map((c) => r.cases.get(c.caseId))))
      .filter((c) => c?.closedSession)
      .map((c) => c!.id),
  );
  await deps.store.tx((tx) =>
    tx.audit.append({
      at: new Date(deps.clock.now()).toISOString(),
      actor: actor.id,
      action: format === 'view' ? 'minutes.read' : 'minutes.downloaded',
      subject,
      outcome: 'done',
      details: { agencyId: actor.agencyId, version: record.draft.version },
    }),
  );
  return { ...record, cases: record.cases.filter((c) => !closed.has(c.caseId)) };
}
