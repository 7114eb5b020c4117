import {
  type Actor,
  type ActionFor,
  type Meeting,
  addAction,
  changeAction,
  defaultDueDate,
  isDomainError,
  isRemoved,
  mayChair,
  smartCheck,
  whyNotChange,
  ukDate,
} from '@marac/core';
import type { BotDeps } from '../marac-bot.js';
import type { InvokeAnswer } from '../turn.js';
import { renderActionForm, renderActionList } from '../cards/render.js';
import type { ActionFormData } from '../cards/card-data.js';
import { meetingView, agencyChoices, type MeetingView } from '../views/meeting-view.js';

const str = (v: unknown, max = 2000) => (typeof v === 'string' ? v.slice(0, max) : '');

/**
 * Adding, editing and removing a case's actions while it is heard. The meeting has already been
 * matched to this chat; every answer is the card this person should now see, with any refusal
 * (explained and audited by the core) shown on it.
 */
export async function onMeetingActionCard(
  deps: BotDeps,
  meeting: Meeting,
  actor: Actor,
  verb: string,
  data: Record<string, unknown>,
): Promise<InvokeAnswer> {
  const r = deps.store.repos;
  const v = await meetingView(r, meeting.id);
  const chairing = mayChair(meeting, actor);
  const form = (d: Partial<ActionFormData> & Pick<ActionFormData, 'caseId' | 'reference'>): InvokeAnswer => ({
    kind: 'card',
    card: renderActionForm({
      meetingId: meeting.id,
      agencies: agencyChoices(v.agencies, v.area.battingOrder),
      ownerAgencyId: actor.person?.agencyId ?? v.area.battingOrder[0],
      description: '',
      forWhom: 'victim',
      dueDate: defaultDueDate(meeting.date, v.area.actionDefaultDays),
      warning: '',
      canAccept: chairing,
      mode: 'add',
      actionId: '',
      version: 0,
      ...d,
    }),
  });
  const inputs = {
    ownerAgencyId: str(data.ownerAgencyId, 60),
    description: str(data.description, 1000),
    forWhom: (str(data.forWhom, 20) || 'victim') as ActionFor,
    dueDate: str(data.dueDate, 30),
  };
  const smartHint = (warnings: string[]) =>
    `SMART check: ${warnings.join(' ')} ${chairing ? 'Tick "Accept anyway" to record it as it is.' : 'Make it more specific, or ask the chair to accept it.'}`;

  if (verb === 'action.form' || verb === 'action.add' || verb === 'action.manage') {
    const c = await r.cases.get(str(data.caseId, 100));
    if (!c || c.meetingId !== meeting.id)
      return { kind: 'error', status: 404, code: 'no-case', message: 'That case is not on this agenda.' };
    if (verb === 'action.form') return form({ caseId: c.id, reference: c.reference });
    if (verb === 'action.manage') return { kind: 'card', card: await listCard(deps, v, c.id) };
    try {
      const res = await addAction(deps, meeting.id, actor, {
        caseId: c.id,
        ...inputs,
        acceptSmart: data.acceptSmart === 'true',
      });
      if ('smartWarnings' in res)
        return form({
          caseId: c.id,
          reference: c.reference,
          ...inputs,
          warning: smartHint(res.smartWarnings),
        });
      return {
        kind: 'card',
        card: await listCard(
          deps,
          v,
          c.id,
          `Added for ${v.agencyName(res.added.ownerAgencyId)}, due ${ukDate(res.added.dueDate)}.`,
        ),
      };
    } catch (e) {
      if (!isDomainError(e)) throw e;
      return form({ caseId: c.id, reference: c.reference, ...inputs, warning: e.message });
    }
  }

  const a = await r.actions.get(str(data.actionId, 100));
  if (!a || a.meetingId !== meeting.id)
    return {
      kind: 'error',
      status: 404,
      code: 'not-found',
      message: "That action is not on this meeting's plan.",
    };
  const editForm = (warning: string, over: Partial<ActionFormData> = {}) =>
    form({
      mode: 'edit',
      caseId: a.caseId,
      reference: a.caseReference,
      actionId: a.id,
      version: a.version,
      ownerAgencyId: a.ownerAgencyId,
      description: a.description,
      forWhom: a.forWhom,
      dueDate: a.dueDate,
      warning,
      ...over,
    });
  if (verb === 'action.edit-form') {
    // Say so before they fill the form in, rather than after.
    const why = whyNotChange(meeting, actor, a, { kind: 'edit' }, v.agencyName(a.ownerAgencyId));
    return why ? { kind: 'card', card: await listCard(deps, v, a.caseId, why) } : editForm('');
  }
  const version = Number(data.version);
  const expected = Number.isFinite(version) ? version : undefined;
  try {
    if (verb === 'action.remove') {
      // Each action's Remove box has its own input id: several sit on one card.
      await changeAction(
        deps,
        a.id,
        actor,
        { kind: 'remove', note: str(data[`reason-${a.id}`], 500) || str(data.reason, 500) },
        expected,
      );
      return {
        kind: 'card',
        card: await listCard(deps, v, a.caseId, `Removed: ${a.description.slice(0, 80)}`),
      };
    }
    // The same gentle SMART check as a new action when the wording changes.
    const warnings =
      inputs.description && inputs.description.trim() !== a.description
        ? smartCheck({ description: inputs.description, dueDate: inputs.dueDate || a.dueDate })
        : [];
    if (warnings.length && !(chairing && data.acceptSmart === 'true'))
      return editForm(smartHint(warnings), { ...inputs, version: expected ?? a.version });
    await changeAction(
      deps,
      a.id,
      actor,
      {
        kind: 'edit',
        description: inputs.description || undefined,
        dueDate: inputs.dueDate || undefined,
        ownerAgencyId: inputs.ownerAgencyId || undefined,
        forWhom: data.forWhom ? inputs.forWhom : undefined,
      },
      expected,
    );
    return { kind: 'card', card: await listCard(deps, v, a.caseId, 'Saved.') };
  } catch (e) {
    if (!isDomainError(e)) throw e;
    // Stale: the list shows what is recorded now. Otherwise keep what they typed, with the reason.
    if (e.code === 'stale' || verb === 'action.remove')
      return { kind: 'card', card: await listCard(deps, v, a.caseId, e.message) };
    return editForm(e.message, { ...inputs, version: expected ?? a.version });
  }
}

/** The case's actions in batting order, with Edit and Remove while the case is open. */
async function listCard(deps: BotDeps, v: MeetingView, caseId: string, notice = '') {
  const run = v.state.cases.find((c) => c.caseId === caseId);
  const editable =
    v.state.stage !== 'ended' && (!run || run.status === 'current' || run.status === 'pending');
  const actions = (await deps.store.repos.actions.list({ caseId }))
    .filter((a) => !isRemoved(a))
    .sort(
      (a, b) => v.area.battingOrder.indexOf(a.ownerAgencyId) - v.area.battingOrder.indexOf(b.ownerAgencyId),
    );
  return renderActionList({
    meetingId: v.meeting.id,
    caseId,
    reference: run?.reference ?? actions[0]?.caseReference ?? '',
    editable,
    notice,
    actions: actions.map((a) => ({
      actionId: a.id,
      version: a.version,
      agency: v.agencyName(a.ownerAgencyId),
      description: a.description,
      due: ukDate(a.dueDate),
    })),
  });
}
