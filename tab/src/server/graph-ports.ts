/** Microsoft Graph behind core's ports: Graph's errors become the problems and refusals core understands. */
import {
  type AttendanceReports,
  type GraphProblem,
  type TeamsMeetings,
  TeamsMeetingsRefusal,
} from '@marac/core';
import { isGraphApiError, isGraphPermissionError, type Graph } from '@marac/graph';

/** A Graph failure as the coordinator sees it. */
export function graphProblem(e: unknown): GraphProblem {
  if (isGraphPermissionError(e))
    return {
      code: 'graph-permission',
      message: e.message,
      operation: e.operation,
      permission: e.permission,
      anyOf: e.anyOf,
      ...(e.note ? { note: e.note } : {}),
    };
  if (isGraphApiError(e))
    return {
      code: `graph-${e.kind}`,
      message: e.message,
      ...(e.operation ? { operation: e.operation } : {}),
    };
  return { code: 'graph-unexpected', message: 'Microsoft Graph could not be used just now.' };
}

/** Core's TeamsMeetings port on Graph: Graph's errors become the refusals core understands. */
export function teamsMeetingsOf(graph: Pick<Graph, 'scheduler'>): TeamsMeetings {
  const refusal = (e: unknown) =>
    isGraphApiError(e)
      ? new TeamsMeetingsRefusal(graphProblem(e), e.kind === 'not-found' || e.code === 'ErrorItemNotFound')
      : e;
  return {
    async schedule({ transactionId, ...rest }) {
      try {
        const s = await graph.scheduler.scheduleTeamsMeeting({ meetingId: transactionId, ...rest });
        return { ...s, problems: s.problems.map(graphProblem) };
      } catch (e) {
        throw refusal(e);
      }
    },
    async reschedule(ref, when) {
      await graph.scheduler.reschedule(ref, when).catch((e) => Promise.reject(refusal(e)));
    },
    async cancel(ref) {
      await graph.scheduler.cancel(ref).catch((e) => Promise.reject(refusal(e)));
    },
  };
}

/** Core's AttendanceReports on Graph: every record of every report (session) of the meeting. */
export const attendanceReportsOf = (graph: Pick<Graph, 'attendance'>): AttendanceReports => ({
  async attendanceRecords(ref) {
    return (await graph.attendance.attendanceReports(ref)).flatMap((r) => r.records);
  },
});
