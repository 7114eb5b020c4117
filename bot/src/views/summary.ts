import type { Repos } from '@marac/core';
import { renderSummary } from '../cards/render.js';
import type { MeetingView } from './meeting-view.js';

const hm = (ms: number) =>
  `${Math.floor(ms / 3_600_000)}h ${String(Math.round((ms % 3_600_000) / 60_000)).padStart(2, '0')}m`;

/** The end-of-meeting summary: cases heard, deferred, actions per agency, time used against plan. */
export async function summaryCard(r: Repos, v: MeetingView, now: number) {
  const s = v.state;
  const actions = (await r.actions.list({ meetingId: v.meeting.id })).filter((a) => a.status !== 'removed');
  const perAgency = v.area.battingOrder
    .map((ag) => ({ agency: v.agencyName(ag), n: actions.filter((a) => a.ownerAgencyId === ag).length }))
    .filter((x) => x.n > 0)
    .map((x) => ({ agency: x.agency, count: String(x.n) }));
  const count = (status: string) => String(s.cases.filter((c) => c.status === status).length);
  const planned = s.cases.length * v.area.minutesPerCase[v.meeting.kind] * 60_000;
  return renderSummary({
    heard: count('heard'),
    deferred: count('deferred'),
    plus: count('referred-to-plus'),
    notReached: count('pending'),
    timeUsed: hm((s.endedAt ?? now) - (s.startedAt ?? now)),
    timePlanned: hm(planned),
    perAgency,
  });
}
