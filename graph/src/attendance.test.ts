import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraphHarness, type GraphHarness } from '../../testing/graph-harness.js';
// core does not export the reconciler from its index yet; the shapes must line up, so check them here.
import { reconcileAttendance } from '../../core/src/domain/attendance-reconcile.js';
import {
  createGraph,
  GraphApiError,
  GraphPermissionError,
  type Graph,
  type ScheduledTeamsMeeting,
} from './index.js';

let h: GraphHarness;
let g: Graph;
let meeting: ScheduledTeamsMeeting;

beforeAll(async () => {
  h = await startGraphHarness();
  g = createGraph(h.config);
  meeting = await g.scheduler.scheduleTeamsMeeting({
    meetingId: 'mtg-att',
    kind: 'marac',
    date: '2026-11-24',
    startTime: '09:30',
    durationMinutes: 180,
    organiser: 'coord-0001',
    attendees: [{ email: 'pat.police@example.police.uk' }],
  });
});
afterAll(() => h.close());

const ref = () => ({ organiser: meeting.organiser, onlineMeetingId: meeting.onlineMeetingId! });

describe('AttendanceSource.attendanceReports', () => {
  it('no report yet: an empty list', async () => {
    expect(await g.attendance.attendanceReports(ref())).toEqual([]);
  });

  it('fetches each report with its records and maps them to the neutral shape', async () => {
    h.graph.addReport(meeting.onlineMeetingId!, {
      id: 'r2',
      totalParticipantCount: 1,
      meetingStartDateTime: '2026-11-24T13:00:00Z',
      meetingEndDateTime: '2026-11-24T13:40:00Z',
      attendanceRecords: [
        {
          emailAddress: 'pat.police@example.police.uk',
          totalAttendanceInSeconds: 2400,
          role: 'Attendee',
          identity: { id: 'police-0001', displayName: 'Pat Police', tenantId: h.entra.tenantId },
          attendanceIntervals: [
            {
              joinDateTime: '2026-11-24T13:00:00Z',
              leaveDateTime: '2026-11-24T13:40:00Z',
              durationInSeconds: 2400,
            },
          ],
        },
      ],
    });
    h.graph.addReport(meeting.onlineMeetingId!, {
      id: 'r1',
      totalParticipantCount: 3,
      meetingStartDateTime: '2026-11-24T09:25:00Z',
      meetingEndDateTime: '2026-11-24T12:31:00Z',
      attendanceRecords: [
        {
          emailAddress: 'casey.coordinator@marac.example.gov.uk',
          totalAttendanceInSeconds: 11_100,
          role: 'Organizer',
          identity: { id: 'coord-0001', displayName: 'Casey Coordinator', tenantId: h.entra.tenantId },
          attendanceIntervals: [
            {
              joinDateTime: '2026-11-24T09:25:00Z',
              leaveDateTime: '2026-11-24T12:30:00Z',
              durationInSeconds: 11_100,
            },
          ],
        },
        {
          emailAddress: 'pat.police@example.police.uk',
          totalAttendanceInSeconds: 9000,
          role: 'Attendee',
          identity: { id: 'police-0001', displayName: 'Pat Police', tenantId: h.entra.tenantId },
          attendanceIntervals: [
            {
              joinDateTime: '2026-11-24T09:28:00Z',
              leaveDateTime: '2026-11-24T10:00:00Z',
              durationInSeconds: 1920,
            },
            {
              joinDateTime: '2026-11-24T10:05:00Z',
              leaveDateTime: '2026-11-24T12:31:00Z',
              durationInSeconds: 8760,
            },
          ],
        },
        {
          emailAddress: null,
          totalAttendanceInSeconds: 600,
          role: 'Attendee',
          identity: { id: null, displayName: '+44 7700 900123', tenantId: null },
          attendanceIntervals: [
            { joinDateTime: '2026-11-24T09:40:00Z', leaveDateTime: null, durationInSeconds: 600 },
          ],
        },
      ],
    });

    const reports = await g.attendance.attendanceReports(ref());
    expect(reports.map((r) => r.id)).toEqual(['r1', 'r2']); // oldest session first
    expect(reports[0]).toMatchObject({
      meetingStart: '2026-11-24T09:25:00Z',
      meetingEnd: '2026-11-24T12:31:00Z',
      totalParticipantCount: 3,
    });
    expect(reports[0].records[1]).toEqual({
      aadObjectId: 'police-0001',
      displayName: 'Pat Police',
      email: 'pat.police@example.police.uk',
      tenantId: h.entra.tenantId,
      role: 'Attendee',
      totalSeconds: 9000,
      intervals: [
        { joinedAt: '2026-11-24T09:28:00Z', leftAt: '2026-11-24T10:00:00Z', seconds: 1920 },
        { joinedAt: '2026-11-24T10:05:00Z', leftAt: '2026-11-24T12:31:00Z', seconds: 8760 },
      ],
    });
    expect(reports[0].records[2]).toEqual({
      displayName: '+44 7700 900123',
      role: 'Attendee',
      totalSeconds: 600,
      intervals: [{ joinedAt: '2026-11-24T09:40:00Z', seconds: 600 }],
    });
    const detail = h.graph.requests.filter((r) => r.path.endsWith('/attendanceReports/r1'));
    expect(detail[0].query.$expand).toBe('attendanceRecords');

    // The neutral shape feeds core's reconciler directly.
    const rows = reconcileAttendance({
      records: reports.flatMap((r) => r.records),
      confirmations: [
        {
          meetingId: 'mtg-att',
          aadObjectId: 'police-0001',
          displayName: 'Pat Police',
          agencyId: 'police',
          confirmedAt: '2026-11-24T09:31:00Z',
          method: 'typed',
          declarationVersion: 'v1',
        },
      ],
      rollCall: [],
      apologies: [{ displayName: 'Hugo Housing', agencyId: 'housing' }],
    });
    expect(rows.map((r) => [r.name, r.status, r.joined, r.left])).toEqual([
      ['Pat Police', 'attended-confirmed', '2026-11-24T09:28:00Z', '2026-11-24T13:40:00Z'],
      ['Casey Coordinator', 'attended-unconfirmed', '2026-11-24T09:25:00Z', '2026-11-24T12:30:00Z'],
      ['+44 7700 900123', 'attended-unconfirmed', '2026-11-24T09:40:00Z', undefined],
      ['Hugo Housing', 'apologies', undefined, undefined],
    ]);
  });

  it('missing OnlineMeetingArtifact.Read.All: GraphPermissionError naming it', async () => {
    h.entra.setAppRoles(['Calendars.ReadWrite']);
    try {
      const err = await createGraph(h.config)
        .attendance.attendanceReports(ref())
        .catch((e) => e);
      expect(err).toBeInstanceOf(GraphPermissionError);
      expect(err.permission).toBe('OnlineMeetingArtifact.Read.All');
    } finally {
      h.entra.setAppRoles([
        'Calendars.ReadWrite',
        'OnlineMeetings.Read.All',
        'OnlineMeetingArtifact.Read.All',
        'TeamsAppInstallation.ReadWriteSelfForChat.All',
        'User.Read.All',
        'TeamsActivity.Send',
      ]);
    }
  });

  it('no access policy for the organiser: permission error that says so', async () => {
    h.graph.setAccessPolicyUsers([]);
    try {
      const err = await g.attendance.attendanceReports(ref()).catch((e) => e);
      expect(err).toBeInstanceOf(GraphPermissionError);
      expect(err.note).toMatch(/application access policy/);
    } finally {
      h.graph.setAccessPolicyUsers('all');
    }
  });

  it('unknown meeting: typed not-found', async () => {
    const err = await g.attendance
      .attendanceReports({ organiser: 'coord-0001', onlineMeetingId: 'nope' })
      .catch((e) => e);
    expect(err).toBeInstanceOf(GraphApiError);
    expect(err.kind).toBe('not-found');
  });
});
