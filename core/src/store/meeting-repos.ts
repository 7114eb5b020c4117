import type { AgendaItem } from '../domain/agenda.js';
import type { Attendee, Confirmation } from '../domain/confidentiality.js';
import type { LiveMeeting } from '../domain/hearing.js';
import type { Meeting } from '../domain/meeting.js';
import type { MaracCase } from '../domain/referral.js';
import type { Repos } from '../ports/repositories.js';
import { parse, putVersioned, type RepoContext, toArea, Where } from './rows.js';

type MeetingRow = { data: string; version: number };
const toMeeting = (r: MeetingRow): Meeting => ({ ...parse<Meeting>(r.data), version: Number(r.version) });

/** Meetings and what happens in them: agenda, attendance, confirmations, live state. */
export function meetingRepos({
  sql,
}: RepoContext): Pick<Repos, 'meetings' | 'agenda' | 'attendance' | 'confirmations' | 'live'> {
  const oneMeeting = async (column: string, value: string) => {
    const row = await sql.get<MeetingRow>(
      `SELECT data, version FROM meetings WHERE ${column} = ? ORDER BY id LIMIT 1`,
      [value],
    );
    return row && toMeeting(row);
  };
  return {
    meetings: {
      get: (id) => oneMeeting('id', id),
      byLinkCode: (code) => oneMeeting('link_code', code),
      byConversationId: (conversationId) => oneMeeting('conversation_id', conversationId),
      async withArea(key) {
        const [column, value] = 'id' in key ? ['id', key.id] : ['conversation_id', key.conversationId];
        const row = await sql.get<MeetingRow & { area: string | null }>(
          `SELECT m.data, m.version, a.data AS area FROM meetings m LEFT JOIN areas a ON a.id = m.area_id
            WHERE m.${column} = ? ORDER BY m.id LIMIT 1`,
          [value],
        );
        if (!row) return undefined;
        const meeting = toMeeting(row);
        return row.area === null ? { meeting } : { meeting, area: toArea(row.area) };
      },
      async list(filter = {}) {
        const where = new Where()
          .eq('area_id', filter.areaId)
          .op('meeting_date', '>=', filter.from)
          .op('meeting_date', '<=', filter.to)
          .eq('status', filter.status);
        const rows = await sql.all<MeetingRow>(
          `SELECT data, version FROM meetings ${where} ORDER BY meeting_date, start_time, id`,
          where.params,
        );
        return rows.map(toMeeting);
      },
      async put(meeting, expectedVersion = meeting.version) {
        const version = await putVersioned(sql, 'meeting', 'meetings', meeting.id, expectedVersion, {
          area_id: meeting.areaId,
          meeting_date: meeting.date,
          start_time: meeting.startTime,
          status: meeting.status,
          link_code: meeting.linkCode,
          conversation_id: meeting.teams?.conversationId ?? null,
          data: JSON.stringify({ ...meeting, version: undefined }),
        });
        return { ...meeting, version };
      },
    },
    agenda: {
      async list(meetingId) {
        const rows = await sql.all<{ case_id: string; position: number }>(
          'SELECT case_id, position FROM agenda_items WHERE meeting_id = ? ORDER BY position',
          [meetingId],
        );
        return rows.map((r): AgendaItem => ({ meetingId, caseId: r.case_id, position: Number(r.position) }));
      },
      async cases(meetingId) {
        const rows = await sql.all<{ data: string; version: number }>(
          `SELECT c.data, c.version FROM agenda_items a JOIN cases c ON c.id = a.case_id
           WHERE a.meeting_id = ? ORDER BY a.position`,
          [meetingId],
        );
        return rows.map((r) => ({
          ...parse<Omit<MaracCase, 'personal'>>(r.data),
          version: Number(r.version),
        }));
      },
      async set(meetingId, caseIdsInOrder) {
        await sql.run('DELETE FROM agenda_items WHERE meeting_id = ?', [meetingId]);
        for (const [i, caseId] of [...new Set(caseIdsInOrder)].entries())
          await sql.run('INSERT INTO agenda_items (meeting_id, case_id, position) VALUES (?, ?, ?)', [
            meetingId,
            caseId,
            i + 1,
          ]);
      },
    },
    attendance: {
      async list(meetingId) {
        const rows = await sql.all(
          'SELECT data FROM attendance WHERE meeting_id = ? ORDER BY first_seen_at, aad_object_id',
          [meetingId],
        );
        return rows.map((r) => parse<Attendee>(r.data));
      },
      async get(meetingId, aadObjectId) {
        const row = await sql.get('SELECT data FROM attendance WHERE meeting_id = ? AND aad_object_id = ?', [
          meetingId,
          aadObjectId,
        ]);
        return row && parse<Attendee>(row.data);
      },
      async put(a) {
        await sql.run(
          `INSERT INTO attendance (meeting_id, aad_object_id, first_seen_at, data) VALUES (?, ?, ?, ?)
           ON CONFLICT (meeting_id, aad_object_id) DO UPDATE SET first_seen_at = excluded.first_seen_at, data = excluded.data`,
          [a.meetingId, a.aadObjectId, a.firstSeenAt, JSON.stringify(a)],
        );
      },
    },
    confirmations: {
      async list(meetingId) {
        const rows = await sql.all(
          'SELECT data FROM confirmations WHERE meeting_id = ? ORDER BY confirmed_at, aad_object_id',
          [meetingId],
        );
        return rows.map((r) => parse<Confirmation>(r.data));
      },
      // The primary key keeps the first confirmation; a repeat (Teams redelivery, typing twice) changes nothing.
      async add(c) {
        const n = await sql.run(
          `INSERT INTO confirmations (meeting_id, aad_object_id, confirmed_at, data) VALUES (?, ?, ?, ?)
           ON CONFLICT (meeting_id, aad_object_id) DO NOTHING`,
          [c.meetingId, c.aadObjectId, c.confirmedAt, JSON.stringify(c)],
        );
        return n === 1;
      },
    },
    live: {
      async get(meetingId) {
        const row = await sql.get<{ data: string }>('SELECT data FROM live_meetings WHERE meeting_id = ?', [
          meetingId,
        ]);
        return row && parse<LiveMeeting>(row.data);
      },
      async put(state) {
        const data = JSON.stringify(state);
        const n =
          state.version === 1
            ? await sql.run(
                `INSERT INTO live_meetings (meeting_id, stage, version, data) VALUES (?, ?, ?, ?)
                 ON CONFLICT (meeting_id) DO NOTHING`,
                [state.meetingId, state.stage, 1, data],
              )
            : await sql.run(
                'UPDATE live_meetings SET stage = ?, version = ?, data = ? WHERE meeting_id = ? AND version = ?',
                [state.stage, state.version, data, state.meetingId, state.version - 1],
              );
        return n === 1;
      },
      async listActive() {
        const rows = await sql.all<{ data: string }>(
          "SELECT data FROM live_meetings WHERE stage <> 'ended' ORDER BY meeting_id",
        );
        return rows.map((r) => parse<LiveMeeting>(r.data));
      },
    },
  };
}
