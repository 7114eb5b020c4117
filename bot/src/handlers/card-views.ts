import {
  type Actor,
  type AreaConfig,
  type Meeting,
  areaTimeZone,
  localTime,
  mayChair,
  readRollCallView,
  resolveActor,
} from '@marac/core';
import type { BotDeps } from '../marac-bot.js';
import {
  renderDeclaration,
  renderDeclarationMine,
  renderChairControls,
  renderChairControlsViewer,
} from '../cards/render.js';
import { meetingView, chairControlsData, agencyChoices } from '../views/meeting-view.js';
import { teamsIds } from '../post.js';

/**
 * The declaration card as this person should now see it (confirmed or not), from committed state.
 * Only the roll call is read (readRollCallView), and not the meeting again when the caller has it.
 */
export async function declarationFor(
  deps: BotDeps,
  meetingId: string,
  aad: string,
  known?: { meeting: Meeting; area: AreaConfig; actor: Actor },
) {
  const r = deps.store.repos;
  // The person's own card shows no stage: the live record is not read.
  const v = await readRollCallView(r, meetingId, known, false);
  const ids = [
    ...(
      await teamsIds(
        r,
        v.rc.present.map((a) => a.aadObjectId),
      )
    ).values(),
  ].slice(0, 60);
  const mine = v.rc.confirmations.find((c) => c.aadObjectId === aad);
  if (!mine)
    return renderDeclaration({
      meetingId,
      version: v.area.declaration.version,
      text: v.area.declaration.text,
      agencies: agencyChoices(v.agencies, v.area.battingOrder),
      userIds: ids,
    });
  const actor = known?.actor.aadObjectId === aad ? known.actor : await resolveActor(r, aad, '');
  const rc = v.rc;
  return renderDeclarationMine({
    meetingId,
    // The version this person confirmed, which stays theirs when the area's text changes later.
    version: mine.declarationVersion,
    userIds: ids,
    confirmedAt: localTime(Date.parse(mine.confirmedAt), areaTimeZone(v.area)),
    method: mine.method === 'typed' ? 'typed in chat' : 'card',
    showRollCall: mayChair(v.meeting, actor),
    confirmedCount: rc.confirmed.length,
    presentCount: rc.present.length,
    unconfirmedList:
      rc.unconfirmed.map((a) => `${a.displayName} (${v.agencyName(a.agencyId)})`).join(', ') || 'nobody',
  });
}

/** The chair's controls for a chair; a view-only card for anyone else. */
export async function controlsFor(deps: BotDeps, meetingId: string, actor: Actor, notice?: string) {
  const v = await meetingView(deps.store.repos, meetingId);
  const ids = [...(await teamsIds(deps.store.repos, [actor.aadObjectId])).values()];
  if (!mayChair(v.meeting, actor)) return renderChairControlsViewer({ meetingId, userIds: ids });
  const d = chairControlsData(v, ids, deps.clock.now());
  return renderChairControls({ ...d, where: notice ? `${notice} ${d.where}` : d.where });
}
