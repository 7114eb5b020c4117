import { type Person, type Store, formatLocalDate } from '@marac/core';
import type { ActionReminderFeed } from './activity-feed-reminders.js';

/** Generic on purpose: an activity-feed preview never carries case details. */
export const FEED_PREVIEW = {
  agendaPublished: 'A MARAC agenda has been published to your agency: research its cases in the tab.',
  minutesReady: 'MARAC minutes are ready to read in the tab (they are never sent to chat).',
} as const;

export interface FeedNoticeDeps {
  store: Store;
  activityFeed?: ActionReminderFeed;
  owner: string;
  log: { warn(o: object, m: string): void; info?(o: object, m: string): void };
}

/**
 * A meeting's agenda or minutes as Teams activity-feed notifications, besides the 1:1 cards, for
 * areas whose activity-feed setting is on. Claimed once per event and person inside the caller's
 * transaction; sent once that commits (never from inside it, so a rollback sends nothing and a slow
 * Graph holds no lock). A Graph failure is logged, naming a missing permission; the cards still go.
 */
export async function queueFeedNotices(
  deps: FeedNoticeDeps,
  o: {
    kind: keyof typeof FEED_PREVIEW;
    seq: number;
    meetingId: string;
    meetingDate: string;
    enabled: boolean;
    people: Person[];
    at: string;
  },
): Promise<void> {
  const feed = deps.activityFeed;
  if (!feed || !o.enabled) return;
  const r = deps.store.repos;
  const recipients: string[] = [];
  for (const p of o.people)
    if (p.aadObjectId && (await r.claims.claim(`feed:${o.kind}:${o.seq}:${p.aadObjectId}`, deps.owner, o.at)))
      recipients.push(p.aadObjectId);
  if (!recipients.length) return;
  const meetingDate = formatLocalDate(o.meetingDate);
  const subEntityId = o.kind === 'agendaPublished' ? `research:${o.meetingId}` : `minutes:${o.meetingId}`;
  deps.store.afterCommit(() => {
    void (async () => {
      let sent = 0;
      for (const recipient of recipients) {
        try {
          await feed.sendMeetingNotice({
            recipient,
            kind: o.kind,
            meetingDate,
            preview: FEED_PREVIEW[o.kind],
            subEntityId,
          });
          sent++;
        } catch (e) {
          const err = e as { name?: string; kind?: string; permission?: string; status?: number };
          deps.log.warn(
            {
              kind: o.kind,
              err: err?.name,
              errKind: err?.kind,
              status: err?.status,
              permission: err?.permission,
            },
            'activity-feed notice not sent',
          );
          if (err?.permission || err?.kind === 'config') break; // the same for everyone: not repeated per person
        }
      }
      deps.log.info?.({ kind: o.kind, sent }, 'activity-feed notices sent');
    })();
  });
}
