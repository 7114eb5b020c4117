/**
 * Teams activity-feed notifications: an action reminder that opens the tab's actions tracker.
 * The activity type must be declared in the manifest, e.g.
 *   "activities": { "activityTypes": [{ "type": "actionReminder",
 *     "description": "MARAC action reminder", "templateText": "{actionCount} MARAC action(s) need an update" }] }
 * and the app must be installed for the recipient (personal scope).
 */
import { GraphApiError } from './errors.js';
import { seg, type GraphCaller } from './graph-client.js';
import type { ActionReminderNotification, ActivityFeed } from './ports.js';

export const ACTION_REMINDER_ACTIVITY_TYPE = 'actionReminder';

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
  return {
    actionReminderActivityType: ACTION_REMINDER_ACTIVITY_TYPE,
    async sendActionReminder(n: ActionReminderNotification): Promise<void> {
      if (!cfg.teamsAppId)
        throw new GraphApiError(
          'config',
          'No Teams app id configured (TEAMS_APP_ID): cannot link a notification to the tab',
          { operation: 'activity.send' },
        );
      if (!n.recipient)
        throw new GraphApiError('invalid', 'Activity notification needs a recipient', {
          operation: 'activity.send',
        });
      const preview = n.preview.length > 150 ? `${n.preview.slice(0, 149)}…` : n.preview;
      await app.call('activity.send', (c) =>
        c.api(`/users/${seg(n.recipient)}/teamwork/sendActivityNotification`).post({
          topic: {
            source: 'text',
            value: 'MARAC actions',
            webUrl: tabDeepLink(cfg.teamsAppId!, entityId, n.subEntityId ?? defaultSub),
          },
          activityType: ACTION_REMINDER_ACTIVITY_TYPE,
          previewText: { content: preview },
          templateParameters: [{ name: 'actionCount', value: String(n.actionCount) }],
        }),
      );
    },
  };
}
