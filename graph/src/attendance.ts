/**
 * Teams attendance reports for a meeting, mapped to a neutral shape (ports.ts) that core's
 * `reconcileAttendance` takes together with the declaration confirmations and the chat roll call.
 */
import { seg, type GraphCaller } from './graph-client.js';
import type { AttendanceRecord, AttendanceReport, AttendanceSource, OnlineMeetingRef } from './ports.js';

interface GraphAttendanceRecord {
  id?: string;
  emailAddress?: string | null;
  role?: string | null;
  totalAttendanceInSeconds?: number | null;
  identity?: { id?: string | null; displayName?: string | null; tenantId?: string | null } | null;
  attendanceIntervals?:
    | { joinDateTime?: string | null; leaveDateTime?: string | null; durationInSeconds?: number | null }[]
    | null;
}

interface GraphAttendanceReport {
  id: string;
  totalParticipantCount?: number | null;
  meetingStartDateTime?: string | null;
  meetingEndDateTime?: string | null;
  attendanceRecords?: GraphAttendanceRecord[];
}

/** At most this many pages of reports or records are followed (bounded, whatever Graph says). */
const MAX_PAGES = 20;

export function toAttendanceRecord(r: GraphAttendanceRecord): AttendanceRecord {
  const out: AttendanceRecord = {
    displayName: r.identity?.displayName?.trim() || r.emailAddress || 'Unknown participant',
    intervals: (r.attendanceIntervals ?? [])
      .filter((i) => !!i.joinDateTime)
      .map((i) => ({
        joinedAt: i.joinDateTime!,
        ...(i.leaveDateTime ? { leftAt: i.leaveDateTime } : {}),
        ...(typeof i.durationInSeconds === 'number' ? { seconds: i.durationInSeconds } : {}),
      })),
  };
  if (r.identity?.id) out.aadObjectId = r.identity.id;
  if (r.emailAddress) out.email = r.emailAddress;
  if (r.identity?.tenantId) out.tenantId = r.identity.tenantId;
  if (r.role) out.role = r.role;
  if (typeof r.totalAttendanceInSeconds === 'number') out.totalSeconds = r.totalAttendanceInSeconds;
  return out;
}

export function createAttendanceSource(app: GraphCaller): AttendanceSource {
  /** GET a collection and follow @odata.nextLink on the same Graph origin, bounded. */
  async function all<T>(op: 'attendanceReports.list' | 'attendanceReports.get', path: string): Promise<T[]> {
    const out: T[] = [];
    let next: string | undefined = path;
    for (let page = 0; next && page < MAX_PAGES; page++) {
      const current: string = next;
      const res = await app.call<{ value?: T[]; '@odata.nextLink'?: string }>(op, (c) =>
        c.api(current).get(),
      );
      out.push(...(res.value ?? []));
      const link = res['@odata.nextLink'];
      const prefix = `${app.baseUrl}/v1.0`;
      next = link && link.startsWith(prefix) ? link.slice(prefix.length) : undefined;
    }
    return out;
  }

  return {
    async attendanceReports(ref: OnlineMeetingRef): Promise<AttendanceReport[]> {
      const base = `/users/${seg(ref.organiser)}/onlineMeetings/${seg(ref.onlineMeetingId)}/attendanceReports`;
      const list = await all<GraphAttendanceReport>('attendanceReports.list', base);
      const reports: AttendanceReport[] = [];
      for (const summary of list) {
        const full = await app.call<GraphAttendanceReport>('attendanceReports.get', (c) =>
          c
            .api(`${base}/${seg(summary.id)}`)
            .expand('attendanceRecords')
            .get(),
        );
        const report: AttendanceReport = {
          id: full.id ?? summary.id,
          records: (full.attendanceRecords ?? []).map(toAttendanceRecord),
        };
        const start = full.meetingStartDateTime ?? summary.meetingStartDateTime;
        const end = full.meetingEndDateTime ?? summary.meetingEndDateTime;
        const count = full.totalParticipantCount ?? summary.totalParticipantCount;
        if (start) report.meetingStart = start;
        if (end) report.meetingEnd = end;
        if (typeof count === 'number') report.totalParticipantCount = count;
        reports.push(report);
      }
      return reports.sort((a, b) => (a.meetingStart ?? '').localeCompare(b.meetingStart ?? ''));
    },
  };
}
