import {
  type Actor,
  type AreaConfig,
  type Confirmation,
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
import type { DeclarationMineData } from '../cards/card-data.js';

/**
 * The declaration card as this person should now see it (confirmed or not), from committed state.
 * Only the roll call is read (readRollCallView), and not the meeting again when the caller has it.
 */
export async function declarationFor(
  deps: BotDeps,
  meetingId: string,
  aad: string,
  known?: {
    meeting: Meeting;
    area: AreaConfig;
    actor: Actor;
    /** The confirmation this turn just committed, and the Teams id of whoever made it. */
    confirmed?: { confirmation: Confirmation; teamsUserId: string };
  },
) {
  const r = deps.store.repos;
  // Someone who is not chairing sees only their own confirmation: nothing more to read. The card
  // answers their click alone, so its refresh list is them.
  const just = known?.confirmed;
  if (just && just.confirmation.aadObjectId === aad && !mayChair(known.meeting, known.actor))
    return renderMine(just.confirmation, known.area, [just.teamsUserId]);
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
  if (!mayChair(v.meeting, actor)) return renderMine(mine, v.area, ids);
  const rc = v.rc;
  return renderMine(mine, v.area, ids, {
    showRollCall: true,
    confirmedCount: rc.confirmed.length,
    presentCount: rc.present.length,
    unconfirmedList:
      rc.unconfirmed.map((a) => `${a.displayName} (${v.agencyName(a.agencyId)})`).join(', ') || 'nobody',
  });
}

/** Someone's own confirmed declaration card; a chair's also carries the roll call. */
const renderMine = (
  mine: Confirmation,
  area: AreaConfig,
  userIds: string[],
  rollCall: Pick<
    DeclarationMineData,
    'showRollCall' | 'confirmedCount' | 'presentCount' | 'unconfirmedList'
  > = { showRollCall: false, confirmedCount: 0, presentCount: 0, unconfirmedList: '' },
) =>
  renderDeclarationMine({
    meetingId: mine.meetingId,
    // The version this person confirmed, which stays theirs when the area's text changes later.
    version: mine.declarationVersion,
    userIds,
    confirmedAt: localTime(Date.parse(mine.confirmedAt), areaTimeZone(area)),
    method: mine.method === 'typed' ? 'typed in chat' : 'card',
    ...rollCall,
  });

/** The chair's controls for a chair; a view-only card for anyone else. */
export async function controlsFor(deps: BotDeps, meetingId: string, actor: Actor, notice?: string) {
  const v = await meetingView(deps.store.repos, meetingId);
  const ids = [...(await teamsIds(deps.store.repos, [actor.aadObjectId])).values()];
  if (!mayChair(v.meeting, actor)) return renderChairControlsViewer({ meetingId, userIds: ids });
  const d = chairControlsData(v, ids, deps.clock.now());
  return renderChairControls({ ...d, where: notice ? `${notice} ${d.where}` : d.where });
}
