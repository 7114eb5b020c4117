import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraphHarness, type GraphHarness } from '../../testing/graph-harness.js';
import { createGraph, GraphApiError, GraphPermissionError, tabDeepLink, type Graph } from './index.js';

let h: GraphHarness;
let g: Graph;
beforeAll(async () => {
  h = await startGraphHarness();
  g = createGraph(h.config);
});
afterAll(() => h.close());

describe('ActivityFeed.sendActionReminder', () => {
  it("sends an 'actionReminder' activity that opens the tab's actions tracker", async () => {
    expect(g.activityFeed.actionReminderActivityType).toBe('actionReminder');
    await g.activityFeed.sendActionReminder({
      recipient: 'police-0001',
      actionCount: 3,
      preview: "Please update your agency's MARAC actions",
    });

    expect(h.graph.notifications).toHaveLength(1);
    const n = h.graph.notifications[0];
    expect(n.recipient).toBe('police-0001');
    expect(n.body).toEqual({
      topic: {
        source: 'text',
        value: 'MARAC actions',
        webUrl:
          'https://teams.microsoft.com/l/entity/marac-teams-app/home?context=%7B%22subEntityId%22%3A%22actions%22%7D',
      },
      activityType: 'actionReminder',
      previewText: { content: "Please update your agency's MARAC actions" },
      templateParameters: [{ name: 'actionCount', value: '3' }],
    });
    expect(h.graph.requests.at(-1)).toMatchObject({
      method: 'POST',
      path: '/users/police-0001/teamwork/sendActivityNotification',
      status: 204,
    });
  });

  it('deep-links a sub-entity and trims a long preview to Teams’ 150 characters', async () => {
    await g.activityFeed.sendActionReminder({
      recipient: 'idva-0001',
      actionCount: 1,
      preview: 'x'.repeat(200),
      subEntityId: 'agency:idva',
    });
    const n = h.graph.notifications.at(-1)!;
    expect(n.body.previewText.content).toHaveLength(150);
    expect(n.body.topic.webUrl).toBe(tabDeepLink('marac-teams-app', 'home', 'agency:idva'));
  });

  it('an activity type the manifest does not declare is a typed invalid error', async () => {
    await h.close();
    h = await startGraphHarness({ graph: { activityTypes: ['somethingElse'] } });
    g = createGraph(h.config);
    const err = await g.activityFeed
      .sendActionReminder({ recipient: 'police-0001', actionCount: 1, preview: 'Update' })
      .catch((e) => e);
    expect(err).toBeInstanceOf(GraphApiError);
    expect(err.kind).toBe('invalid');
    expect(err.status).toBe(400);
  });

  it('missing TeamsActivity.Send: GraphPermissionError naming it', async () => {
    h.entra.setAppRoles(['User.Read.All']);
    const err = await createGraph(h.config)
      .activityFeed.sendActionReminder({ recipient: 'police-0001', actionCount: 1, preview: 'Update' })
      .catch((e) => e);
    expect(err).toBeInstanceOf(GraphPermissionError);
    expect(err.permission).toBe('TeamsActivity.Send');
  });

  it('without a Teams app id nothing is sent: typed config error', async () => {
    const err = await createGraph({ ...h.config, teamsAppId: undefined as unknown as string })
      .activityFeed.sendActionReminder({ recipient: 'police-0001', actionCount: 1, preview: 'Update' })
      .catch((e) => e);
    expect(err).toMatchObject({ kind: 'config' });
  });
});
