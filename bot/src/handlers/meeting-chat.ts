import {
  type AreaConfig,
  type Meeting,
  chairCommand,
  firstWord,
  isChairVerb,
  isDomainError,
  markPresent,
  parseChat,
  recogniseConfirmation,
  resolveActor,
  confirmDeclaration,
  runChairCommand,
} from '@marac/core';
import type { BotDeps } from '../marac-bot.js';
import type { Turn } from '../turn.js';
import type { ChatContext, Say } from '../verbs/chat-context.js';
import { chatVerbs } from '../verbs/chat-verbs.js';
import { hintOnce } from '../verbs/hint.js';

/** What people type in a linked meeting chat: confirmations, or a verb of the registry. */
export async function onMeetingMessage(
  deps: BotDeps,
  turn: Turn,
  meeting: Meeting,
  say: Say,
  /** This activity's once-only claim: taken here, or with the confirmation it records. */
  once?: { key: string; owner: string },
  /** The meeting's area, when the turn read it with the meeting. */
  known?: AreaConfig,
) {
  const r = deps.store.repos;
  const words = turn.text ?? '';
  const aad = turn.from.aadObjectId;
  const cmd = parseChat(words);
  const heard = cmd ? undefined : recogniseConfirmation(words);
  if (
    !heard?.confirmed &&
    once &&
    !(await r.claims.claim(once.key, once.owner, new Date(deps.clock.now()).toISOString()))
  )
    return;
  if (!aad) return;
  const actor = await resolveActor(r, aad, turn.from.name);
  if (!cmd) {
    if (heard?.confirmed) {
      const agency = heard.agencyHint
        ? (await r.agencies.list(meeting.areaId)).find(
            (a) =>
              a.name.toLowerCase().includes(heard.agencyHint!.toLowerCase()) ||
              a.short.toLowerCase() === heard.agencyHint!.toLowerCase(),
          )
        : undefined;
      const area = known ?? (await r.areas.get(meeting.areaId));
      await confirmDeclaration(
        deps,
        meeting.id,
        actor,
        'typed',
        turn.activityId,
        agency?.id,
        once,
        area && { meeting, area },
      );
    } else {
      await markPresent(deps, meeting.id, actor, 'spoke');
      if (turn.botMentioned)
        await say(`I did not recognise "${firstWord(words)}". Say \`help\` for the commands.`);
      else await hintOnce(deps, meeting, actor, words, say);
    }
    return;
  }
  await markPresent(deps, meeting.id, actor, 'spoke');
  const ctx: ChatContext = { deps, turn, meeting, actor, say };
  try {
    if (isChairVerb(cmd.verb)) {
      const command = chairCommand(cmd.verb, cmd.args);
      const done = await runChairCommand(deps, meeting.id, actor, command, { sentAt: turn.sentAt });
      if (done.duplicate)
        deps.log.info({ meetingId: meeting.id, command: command.type }, 'ignored a duplicate chair command');
    } else
      await (
        chatVerbs[cmd.verb as keyof typeof chatVerbs] as (c: ChatContext, a: object) => Promise<unknown>
      )(ctx, cmd.args);
  } catch (e) {
    if (isDomainError(e)) {
      const choices = Array.isArray(e.details.choices)
        ? ` Valid: ${(e.details.choices as string[]).join(', ')}.`
        : '';
      return say(`${e.message}${choices}`);
    }
    throw e;
  }
}
