import type { MaracAction } from '../domain/actions.js';
import type { Repos } from '../ports/repositories.js';
import { parse, putVersioned, type RepoContext, Where } from './rows.js';

type ActionRow = { data: string; version: number };
const toAction = (r: ActionRow): MaracAction => ({
  ...parse<MaracAction>(r.data),
  version: Number(r.version),
});

/** MARAC actions, filtered the ways the tracker, reminders and agency cards need. */
export function actionRepo({ sql }: RepoContext): Repos['actions'] {
  return {
    async get(id) {
      const row = await sql.get<ActionRow>('SELECT data, version FROM actions WHERE id = ?', [id]);
      return row && toAction(row);
    },
    async list(filter = {}) {
      const where = new Where()
        .eq('meeting_id', filter.meetingId)
        .in('meeting_id', filter.meetingIds)
        .eq('case_id', filter.caseId)
        .eq('owner_agency_id', filter.ownerAgencyId)
        .in('status', filter.status)
        .op('due_date', '<', filter.dueBefore);
      const rows = await sql.all<ActionRow>(
        `SELECT data, version FROM actions ${where} ORDER BY due_date, id`,
        where.params,
      );
      return rows.map(toAction);
    },
    async put(a, expectedVersion = a.version) {
      const version = await putVersioned(sql, 'action', 'actions', a.id, expectedVersion, {
        meeting_id: a.meetingId,
        case_id: a.caseId,
        owner_agency_id: a.ownerAgencyId,
        status: a.status,
        due_date: a.dueDate,
        data: JSON.stringify({ ...a, version: undefined }),
      });
      return { ...a, version };
    },
  };
}
