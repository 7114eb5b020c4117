import { DomainError } from '../domain/errors.js';
import type { CasePersonalDetails, Hearing, MaracCase } from '../domain/referral.js';
import type { Repos } from '../ports/repositories.js';
import { isUniqueViolation, parse, putVersioned, type RepoContext, Where } from './rows.js';

type CaseRow = { data: string; version: number; personal: string };

/** Cases (personal details sealed) and the hearings history that repeat detection reads. */
export function caseRepos({ sql, cipher }: RepoContext): Pick<Repos, 'cases' | 'hearings'> {
  const toCase = (r: CaseRow): MaracCase => ({
    ...parse<Omit<MaracCase, 'personal' | 'version'>>(r.data),
    personal: cipher.open<CasePersonalDetails>(r.personal),
    version: Number(r.version),
  });
  const oneCase = async (column: string, value: string) => {
    const row = await sql.get<CaseRow>(`SELECT data, version, personal FROM cases WHERE ${column} = ?`, [
      value,
    ]);
    return row && toCase(row);
  };
  const deleteHearings = async (caseId: string, meetingId?: string) => {
    const where = meetingId === undefined ? 'case_id = ?' : 'case_id = ? AND meeting_id = ?';
    const params = meetingId === undefined ? [caseId] : [caseId, meetingId];
    // Children first and explicitly, rather than trusting ON DELETE CASCADE to be switched on.
    await sql.run(
      `DELETE FROM hearing_perpetrators WHERE hearing_id IN (SELECT id FROM hearings WHERE ${where})`,
      params,
    );
    await sql.run(`DELETE FROM hearings WHERE ${where}`, params);
  };

  return {
    cases: {
      get: (id) => oneCase('id', id),
      byReference: (reference) => oneCase('reference', reference),
      async list(filter = {}) {
        const where = new Where()
          .eq('area_id', filter.areaId)
          .eq('meeting_id', filter.meetingId)
          .in('status', filter.status);
        const rows = await sql.all<CaseRow>(
          `SELECT data, version, personal FROM cases ${where} ORDER BY received_at, id`,
          where.params,
        );
        return rows.map(toCase);
      },
      async put(c, expectedVersion = c.version) {
        // Personal details only ever reach the database sealed; the clear columns carry none of them.
        const { personal, ...clear } = c;
        let version: number;
        try {
          version = await putVersioned(sql, 'case', 'cases', c.id, expectedVersion, {
            area_id: c.areaId,
            reference: c.reference,
            received_at: c.receivedAt,
            meeting_id: c.meetingId ?? null,
            status: c.status,
            victim_key: c.victimKey,
            data: JSON.stringify({ ...clear, version: undefined }),
            personal: cipher.seal(personal),
          });
        } catch (e) {
          if (isUniqueViolation(e))
            throw new DomainError('conflict', `Case reference ${c.reference} is already in use.`, {
              reference: c.reference,
            });
          throw e;
        }
        await sql.run('DELETE FROM case_perpetrators WHERE case_id = ?', [c.id]);
        for (const key of new Set(c.perpetratorKeys))
          await sql.run('INSERT INTO case_perpetrators (case_id, perpetrator_key) VALUES (?, ?)', [
            c.id,
            key,
          ]);
        return { ...c, version };
      },
      /** Retention: the case, its keys, its hearings, its agenda places and its actions go for good. */
      async delete(id) {
        await deleteHearings(id);
        await sql.run('DELETE FROM agenda_items WHERE case_id = ?', [id]);
        await sql.run('DELETE FROM actions WHERE case_id = ?', [id]);
        await sql.run('DELETE FROM case_perpetrators WHERE case_id = ?', [id]);
        await sql.run('DELETE FROM cases WHERE id = ?', [id]);
      },
      // One statement increments and reads, so concurrent referrals never share a number.
      async nextNumber(areaId, year) {
        const row = await sql.get<{ last_number: number }>(
          `INSERT INTO case_numbers (area_id, year, last_number) VALUES (?, ?, 1)
           ON CONFLICT (area_id, year) DO UPDATE SET last_number = case_numbers.last_number + 1
           RETURNING last_number`,
          [areaId, year],
        );
        return Number(row!.last_number);
      },
    },
    hearings: {
      /** One hearing per case per meeting: recording it again (a redelivered activity) replaces it. */
      async add(h) {
        await deleteHearings(h.caseId, h.meetingId);
        const row = await sql.get<{ id: number }>(
          `INSERT INTO hearings (case_id, meeting_id, heard_on, victim_key, outcome, data) VALUES (?, ?, ?, ?, ?, ?)
           RETURNING id`,
          [h.caseId, h.meetingId, h.heardOn, h.victimKey, h.outcome, JSON.stringify(h)],
        );
        for (const key of new Set(h.perpetratorKeys))
          await sql.run('INSERT INTO hearing_perpetrators (hearing_id, perpetrator_key) VALUES (?, ?)', [
            row!.id,
            key,
          ]);
      },
      async forVictim(victimKey) {
        const rows = await sql.all('SELECT data FROM hearings WHERE victim_key = ? ORDER BY heard_on, id', [
          victimKey,
        ]);
        return rows.map((r) => parse<Hearing>(r.data));
      },
      async list(filter = {}) {
        const where = new Where()
          .eq('meeting_id', filter.meetingId)
          .op('heard_on', '>=', filter.from)
          .op('heard_on', '<=', filter.to);
        const rows = await sql.all(`SELECT data FROM hearings ${where} ORDER BY heard_on, id`, where.params);
        return rows.map((r) => parse<Hearing>(r.data));
      },
    },
  };
}
