/**
 * Teams activity-feed notifications: an action reminder that opens the tab's actions tracker; an
 * agenda published and minutes ready, each opening the tab's page for that meeting.
 * The activity type must be declared in the manifest, e.g.
 *   "activities": { "activityTypes": [{ "type": "actionReminder",
 *     "description": "MARAC action reminder", "templateText": "{actionCount} MARAC action(s) need an update" }] }
 * and the app must be installed for the recipient (personal scope).
 */
import { GraphApiError } from './errors.js';
import { seg, type GraphCaller } from './graph-client.js';
import type { ActionReminderNotification, ActivityFeed, MeetingNotification } from './ports.js';

export const ACTION_REMINDER_ACTIVITY_TYPE = 'actionReminder';
/** Every activity type the app sends: the manifest's `activities.activityTypes` must declare each. */
export const ACTIVITY_TYPES = [ACTION_REMINDER_ACTIVITY_TYPE, 'agendaPublished', 'minutesReady'] as const;
const TOPICS: Record<MeetingNotification['kind'], string> = {
  agendaPublished: 'MARAC agenda',
  minutesReady: 'MARAC minutes',
};

export interface NotificationsConfig {
  /** The manifest's app id (TEAMS_APP_ID): deep links name it. */
  teamsAppId?: string;
  /** The static tab holding the actions tracker (manifest staticTabs entityId, default 'home'). */
  tabEntityId?: string;
  /** The tab's sub-entity for the actions tracker when the notification names none (default 'actions'). */
  actionsSubEntityId?: string;
}

/** Teams deep link to a static tab, with a subEntityId the tab reads from its context. */
export function tabDeepLink(teamsAppId: string, entityId: string, subEntityId?: string): string {
  const base = `https://teams.microsoft.com/l/entity/${encodeURIComponent(teamsAppId)}/${encodeURIComponent(entityId)}`;
  return subEntityId ? `${base}?context=${encodeURIComponent(JSON.stringify({ subEntityId }))}` : base;
}

export function createActivityFeed(app: GraphCaller, cfg: NotificationsConfig): ActivityFeed {
  const entityId = cfg.tabEntityId ?? 'home';
  const defaultSub = cfg.actionsSubEntityId ?? 'actions';
  const send = async (
    recipient: string,
    o: { topic: string; sub: string; type: string; preview: string; params: Record<string, string> },
  ) => {
    if (!cfg.teamsAppId)
      throw new GraphApiError(
        'config',
        'No Teams app id configured (TEAMS_APP_ID): cannot link a notification to the tab',
        { operation: 'activity.send' },
      );
    if (!recipient)
      throw new GraphApiError('invalid', 'Activity notification needs a recipient', {
        operation: 'activity.send',
      });
    const preview = o.preview.length > 150 ? `${o.preview.slice(0, 149)}…` : o.preview;
    await app.call('activity.send', (c) =>
      c.api(`/users/${seg(recipient)}/teamwork/sendActivityNotification`).post({
        topic: { source: 'text', value: o.topic, webUrl: tabDeepLink(cfg.teamsAppId!, entityId, o.sub) },
        activityType: o.type,
        previewText: { content: preview },
        templateParameters: Object.entries(o.params).map(([name, value]) => ({ name, value })),
      }),
    );
  };
  return {
    actionReminderActivityType: ACTION_REMINDER_ACTIVITY_TYPE,
    sendActionReminder: (n: ActionReminderNotification) =>
      send(n.recipient, {
        topic: 'MARAC actions',
        sub: n.subEntityId ?? defaultSub,
        type: ACTION_REMINDER_ACTIVITY_TYPE,
        preview: n.preview,
        params: { actionCount: String(n.actionCount) },
      }),
    sendMeetingNotice: (n: MeetingNotification) =>
      send(n.recipient, {
        topic: TOPICS[n.kind],
        sub: n.subEntityId ?? defaultSub,
        type: n.kind,
        preview: n.preview,
        params: { meetingDate: n.meetingDate },
      }),
  };
}
