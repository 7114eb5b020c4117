import { confirmPlanSafe, overrideGate, postDeclaration } from '@marac/core';
import { meetingView, whereWeAre } from '../views/meeting-view.js';
import type { ChatHandlers } from './chat-context.js';
import { HELP } from './help.js';
import { typedAction } from './typed-action.js';
import { delegate } from './delegate.js';

/**
 * The bot's handler for each typed verb of the registry (core/src/verbs/registry.ts), by name.
 * The live-meeting steps (`next`, `pause` …) need none here: they all run `runChairCommand`.
 */
export const chatVerbs: ChatHandlers = {
  help: ({ say }) => say(HELP),
  link: ({ say }) => say('This chat is already linked to a MARAC meeting.'),
  status: async ({ deps, meeting, say }) =>
    say(whereWeAre(await meetingView(deps.store.repos, meeting.id), deps.clock.now())),
  declaration: ({ deps, meeting, actor }) => postDeclaration(deps, meeting.id, actor),
  override: ({ deps, meeting, actor, say }, { reason }) =>
    reason
      ? overrideGate(deps, meeting.id, actor, reason)
      : say(
          'Give a reason: `override <reason>`. It is recorded with the names of those who had not confirmed.',
        ),
  delegate,
  action: typedAction,
  safe: ({ deps, meeting, actor }) => confirmPlanSafe(deps, meeting.id, actor),
};
