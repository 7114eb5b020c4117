import { type StoredEvent, formatLocalDate, invitedAgencies, ukDate } from '@marac/core';
import { isResearcher } from '@marac/core/research';
import { queueFeedNotices } from '../activity-feed-notices.js';
import { cardMessage, renderMinutesReady } from '../cards/render.js';
import { type DeliveryDeps, personalTarget } from './post-meeting.js';

/**
 * Circulated minutes: each representative of an agency that attended or was invited gets a notice
 * in their 1:1 chat (and the activity feed, when configured) that the minutes are ready in the
 * tab. The notice names the meeting's day, nothing of its cases; the minutes stay in the tab.
 * Claimed once per circulation and person, so a replay or a second instance sends nothing twice.
 */
export async function sendMinutesNotices(deps: DeliveryDeps & { publicBaseUrl?: string }, e: StoredEvent) {
  if (e.type !== 'MinutesCirculated') return;
  const r = deps.store.repos;
  const m = await r.meetings.get(e.meetingId);
  if (!m) return;
  const area = await r.areas.get(m.areaId);
  if (!area) return;
  const attended = (await r.attendance.list(m.id)).map((a) => a.agencyId).filter(Boolean);
  const agencies = new Set([...invitedAgencies(m, area), ...attended]);
  const people = (await r.people.list()).filter((p) => isResearcher(p) && agencies.has(p.agencyId!));
  const at = new Date(deps.clock.now()).toISOString();
  const kind = m.kind === 'closed' ? 'closed session' : 'MARAC';
  const url = `${(deps.publicBaseUrl ?? '').replace(/\/$/, '')}/meetings/${encodeURIComponent(m.id)}/minutes`;
  const card = renderMinutesReady({
    title: `MARAC minutes ready · ${kind} ${formatLocalDate(m.date)}`,
    text: 'The minutes of this meeting have been circulated. Read or download them in the MARAC tab; they are not sent to chat.',
    url,
  });
  for (const p of people) {
    if (!(await r.claims.claim(`minutes-notice:${e.seq}:${p.aadObjectId}`, deps.owner, at))) continue;
    const to = await personalTarget(deps, p.aadObjectId);
    if (!to) continue;
    await deps.post(to, cardMessage(card, `MARAC minutes ready ${ukDate(m.date)}`), {
      cardKey: `minutes:${m.id}:${p.aadObjectId}`,
      mode: 'send',
    });
  }
  await queueFeedNotices(deps, {
    kind: 'minutesReady',
    seq: e.seq,
    meetingId: m.id,
    meetingDate: m.date,
    enabled: area.activityFeedReminders,
    people,
    at,
  });
}
