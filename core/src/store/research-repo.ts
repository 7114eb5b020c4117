import type { ResearchReturn } from '../domain/research.js';
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
