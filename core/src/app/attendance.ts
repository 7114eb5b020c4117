import {
  type Apology,
  type AttendanceRecordInput,
  type AttendanceRow,
  reconcileAttendance,
} from '../domain/attendance-reconcile.js';
import { DomainError } from '../domain/errors.js';
import type { AttendanceReports } from '../ports/attendance-reports.js';
import type { Store } from '../ports/repositories.js';

/** Whether Teams' attendance report went into the rows, and if not, why. */
export type AttendanceReportStatus =
  /** The report(s) were read and reconciled. */
  | 'included'
  /** Teams has no report yet (the meeting has not happened, or Teams is still preparing it). */
  | 'none-yet'
  /** No Teams meeting created by the app (linked by code or not at all), or no report source here. */
  | 'not-available'
  /** Reading it failed; the rows come from the declaration record and the chat roll call alone. */
  | 'failed';

export interface MeetingAttendance {
  meetingId: string;
  /** One row per person: joined, left, confirmed (when, how), apologies. */
  rows: AttendanceRow[];
  report: {
    status: AttendanceReportStatus;
    /** Participant records read from Teams (all sessions). */
    records?: number;
    /** Why it failed, fit to show the coordinator (no personal data). */
    message?: string;
    /** The Graph permission to grant, when that is why it failed. */
    permission?: string;
  };
  counts: {
    attendedConfirmed: number;
    attendedUnconfirmed: number;
    confirmedNotInReport: number;
    apologies: number;
  };
}

export interface ReconcileMeetingAttendanceOptions {
  /** Teams' attendance reports (Graph); without it the rows come from the chat alone. */
  reports?: AttendanceReports;
  /** Already-fetched report records (e.g. the minutes cached them): used instead of `reports`. */
  records?: AttendanceRecordInput[];
  /** People who sent apologies (the minutes record them). */
  apologies?: Apology[];
}

/**
 * Attendance for the minutes: Teams' attendance report(s) reconciled with the declaration
 * confirmations and the bot's roll call (see `reconcileAttendance`). A failing report never fails
 * the call: the rows then come from what the meeting room recorded, and `report` says why.
 *
 * For the minutes: `reconcileMeetingAttendance({ store }, meetingId, { reports, apologies })`.
 */
export async function reconcileMeetingAttendance(
  deps: { store: Store },
  meetingId: string,
  opts: ReconcileMeetingAttendanceOptions = {},
): Promise<MeetingAttendance> {
  const r = deps.store.repos;
  const meeting = await r.meetings.get(meetingId);
  if (!meeting) throw new DomainError('not-found', 'That meeting does not exist.');
  const [confirmations, rollCall] = await Promise.all([
    r.confirmations.list(meetingId),
    r.attendance.list(meetingId),
  ]);

  let records: AttendanceRecordInput[] = [];
  let report: MeetingAttendance['report'];
  const teams = meeting.teams;
  if (opts.records) {
    records = opts.records;
    report = { status: records.length ? 'included' : 'none-yet', records: records.length };
  } else if (!opts.reports || !teams?.organiser || !teams.onlineMeetingId) {
    report = { status: 'not-available' };
  } else {
    try {
      records = await opts.reports.attendanceRecords({
        organiser: teams.organiser,
        onlineMeetingId: teams.onlineMeetingId,
      });
      report = { status: records.length ? 'included' : 'none-yet', records: records.length };
    } catch (e) {
      const permission = (e as { permission?: unknown })?.permission;
      report = {
        status: 'failed',
        message:
          typeof permission === 'string'
            ? `The Teams attendance report could not be read: the app needs the permission ${permission}.`
            : 'The Teams attendance report could not be read just now; attendance comes from the meeting chat.',
        ...(typeof permission === 'string' ? { permission } : {}),
      };
    }
  }

  const rows = reconcileAttendance({ records, confirmations, rollCall, apologies: opts.apologies ?? [] });
  const count = (s: AttendanceRow['status']) => rows.filter((x) => x.status === s).length;
  return {
    meetingId,
    rows,
    report,
    counts: {
      attendedConfirmed: count('attended-confirmed'),
      attendedUnconfirmed: count('attended-unconfirmed'),
      confirmedNotInReport: count('confirmed-not-in-report'),
      apologies: count('apologies'),
    },
  };
}
