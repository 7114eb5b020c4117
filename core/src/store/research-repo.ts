import type { ResearchReturn, VictimViews } from '../domain/research.js';
import type { Repos } from '../ports/repositories.js';
import { putVersioned, type RepoContext, Where } from './rows.js';

type Row = { data: string; version: number };
const idOf = (r: Pick<ResearchReturn, 'meetingId' | 'caseId' | 'agencyId'>) =>
  `${r.meetingId}:${r.caseId}:${r.agencyId}`;

/** Research returns: sealed whole, like the minutes draft (an agency's summary quotes its records). */
export function researchRepo({ sql, cipher }: RepoContext): Repos['research'] {
  return {
    async list(filter) {
      const where = new Where().eq('meeting_id', filter.meetingId).eq('case_id', filter.caseId);
      const rows = await sql.all<Row>(
        `SELECT data, version FROM research_returns ${where} ORDER BY id`,
        where.params,
      );
      return rows.map((r) => ({ ...cipher.open<ResearchReturn>(r.data), version: Number(r.version) }));
    },
    async put(ret, expectedVersion) {
      const { version: _ignored, ...content } = ret;
      const version = await putVersioned(
        sql,
        'research return',
        'research_returns',
        idOf(ret),
        expectedVersion,
        {
          meeting_id: ret.meetingId,
          case_id: ret.caseId,
          agency_id: ret.agencyId,
          data: cipher.seal(content),
        },
      );
      return { ...ret, version };
    },
    async deleteForCase(caseId) {
      await sql.run('DELETE FROM research_returns WHERE case_id = ?', [caseId]);
    },
  };
}

/** The victim's views: sealed whole; only which cases have them is readable without the key. */
export function victimViewsRepo({ sql, cipher }: RepoContext): Repos['victimViews'] {
  return {
    async get(meetingId, caseId) {
      const r = await sql.get<Row>('SELECT data, version FROM victim_views WHERE id = ?', [
        `${meetingId}:${caseId}`,
      ]);
      return r && { ...cipher.open<VictimViews>(r.data), version: Number(r.version) };
    },
    async recordedCases(meetingId) {
      const rows = await sql.all<{ case_id: string }>(
        'SELECT case_id FROM victim_views WHERE meeting_id = ? ORDER BY case_id',
        [meetingId],
      );
      return rows.map((r) => r.case_id);
    },
    async put(v, expectedVersion) {
      const { version: _ignored, ...content } = v;
      const version = await putVersioned(
        sql,
        "victim's views",
        'victim_views',
        `${v.meetingId}:${v.caseId}`,
        expectedVersion,
        { meeting_id: v.meetingId, case_id: v.caseId, data: cipher.seal(content) },
      );
      return { ...v, version };
    },
    async deleteForCase(caseId) {
      await sql.run('DELETE FROM victim_views WHERE case_id = ?', [caseId]);
    },
  };
}
