import type { AreaConfig, FollowUpResult, MaracAction } from '@marac/core';
import type { BotDeps } from './marac-bot.js';

/** What the bot needs of Teams' activity feed (Graph's `sendActivityNotification`); Graph-free. */
export interface ActionReminderFeed {
  sendActionReminder(n: {
    recipient: string;
    actionCount: number;
    preview: string;
    subEntityId?: string;
  }): Promise<void>;
  /** The agenda published to an agency, the minutes ready in the tab (activity-feed-notices.ts). */
  sendMeetingNotice(n: {
    recipient: string;
    kind: 'agendaPublished' | 'minutesReady';
    meetingDate: string;
    preview: string;
    subEntityId?: string;
  }): Promise<void>;
}

/** Generic on purpose: an activity-feed preview never carries case details. */
export const ACTION_REMINDER_PREVIEW = "Please update your agency's MARAC actions in the actions tracker.";

/**
 * Action reminders as Teams activity-feed notifications, besides the cards, for areas whose
 * `activityFeedReminders` setting is on: one notification per person of each reminded agency,
 * counting that agency's actions, opening the tab's actions tracker. Runs after the follow-up has
 * claimed each reminder once, so a notification is sent once. Never throws: a Graph failure is
 * logged (naming a missing permission) and the cards still go.
 */
export async function sendActivityFeedReminders(deps: BotDeps, res: FollowUpResult): Promise<void> {
  const feed = deps.activityFeed;
  if (!feed || !res.reminders.length) return;
  try {
    const r = deps.store.repos;
    const areas = new Map<string, AreaConfig | undefined>();
    const areaOf = async (a: MaracAction) => {
      const m = await r.meetings.get(a.meetingId);
      if (!m) return undefined;
      if (!areas.has(m.areaId)) areas.set(m.areaId, await r.areas.get(m.areaId));
      return areas.get(m.areaId);
    };
    const perAgency = new Map<string, number>();
    for (const { action } of res.reminders)
      if ((await areaOf(action))?.activityFeedReminders)
        perAgency.set(action.ownerAgencyId, (perAgency.get(action.ownerAgencyId) ?? 0) + 1);
    if (!perAgency.size) return;
    const people = (await r.people.list()).filter(
      (p) =>
        p.agencyId &&
        perAgency.has(p.agencyId) &&
        p.aadObjectId &&
        p.roles.some((x) => x === 'agency-rep' || x === 'idva'),
    );
    let sent = 0;
    for (const p of people) {
      try {
        await feed.sendActionReminder({
          recipient: p.aadObjectId,
          actionCount: perAgency.get(p.agencyId!)!,
          preview: ACTION_REMINDER_PREVIEW,
        });
        sent++;
      } catch (e) {
        const err = e as { name?: string; kind?: string; permission?: string; status?: number };
        deps.log.warn(
          { person: p.id, err: err?.name, kind: err?.kind, status: err?.status, permission: err?.permission },
          'activity-feed reminder not sent',
        );
        if (err?.permission || err?.kind === 'config') break; // the same for everyone: do not repeat it per person
      }
    }
    deps.log.info({ sent, agencies: perAgency.size }, 'activity-feed reminders sent');
  } catch (e) {
    deps.log.warn({ err: (e as Error)?.name }, 'activity-feed reminders failed');
  }
}
