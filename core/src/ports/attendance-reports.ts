import type { AttendanceRecordInput } from '../domain/attendance-reconcile.js';

/** Where a Teams meeting the app created lives, for reading its attendance reports. */
export interface OnlineMeetingLocator {
  /** Entra object id of the organiser (whose calendar holds the meeting). */
  organiser: string;
  onlineMeetingId: string;
}

/**
 * Teams attendance reports (in production Microsoft Graph): every participant record of every
 * report (one report per session) of the meeting; [] when there is none yet. May reject (Graph
 * unavailable, permission missing: an error with a `permission` property names it).
 */
export interface AttendanceReports {
  attendanceRecords(meeting: OnlineMeetingLocator): Promise<AttendanceRecordInput[]>;
}
