import { randomInt, randomUUID } from 'node:crypto';
import { DomainError } from '../../domain/errors.js';
import { hasRole } from '../../domain/person.js';
import type { MeetingKind } from '../../domain/area.js';
import type { Meeting } from '../../domain/meeting.js';
import type { Repos } from '../../ports/repositories.js';
import { canLinkMeeting, canSeeMeeting, notFound, refuse, requireManager } from './access.js';
import { nowIso, record, todayIso, type Actor, type CoordinatorDeps } from './context.js';
import { meetingWarnings } from './meeting-changes.js';

export interface MeetingView {
  id: string;
  areaId: string;
  kind: MeetingKind;
  date: string;
  startTime: string;
  chairId?: string;
  chairName?: string;
  status: Meeting['status'];
  /** The code the chair types to the bot; only for coordinators and the chair. */
  linkCode?: string;
  parentMeetingId?: string;
  invitedAgencyIds: string[];
  linkedToTeams: boolean;
  caseCount: number;
  /** Said when the meeting is created or moved: a clash with another of its kind, or outside office hours. */
  warnings?: string[];
}

export async function toMeetingView(r: Repos, actor: Actor, m: Meeting): Promise<MeetingView> {
  const chair = m.chairId ? await r.people.get(m.chairId) : undefined;
  const showCode = canLinkMeeting(actor, m);
  return {
    id: m.id,
    areaId: m.areaId,
    kind: m.kind,
    date: m.date,
    startTime: m.startTime,
    chairId: m.chairId,
    chairName: chair?.displayName,
    status: m.status,
    linkCode: showCode ? m.linkCode : undefined,
    parentMeetingId: m.parentMeetingId,
    invitedAgencyIds: m.invitedAgencyIds,
    linkedToTeams: !!m.teams?.conversationId,
    caseCount: (await r.agenda.list(m.id)).length,
  };
}

export async function listMeetings(
  deps: CoordinatorDeps,
  actor: Actor,
  filter: { areaId?: string; from?: string; to?: string } = {},
) {
  const r = deps.store.repos;
  const all = await r.meetings.list(filter);
  const visible = all.filter((m) => canSeeMeeting(actor, m));
  visible.sort((a, b) => `${a.date}${a.startTime}`.localeCompare(`${b.date}${b.startTime}`));
  return Promise.all(visible.map((m) => toMeetingView(r, actor, m)));
}

/**
 * A meeting the actor may see. A closed session they were not invited to is answered exactly as
 * an unknown id (its existence is not confirmed); the attempt is audited as a refusal.
 */
export async function visibleMeeting(
  deps: CoordinatorDeps,
  actor: Actor,
  meetingId: string,
  action: string,
): Promise<Meeting> {
  const m = await deps.store.repos.meetings.get(meetingId);
  if (m && canSeeMeeting(actor, m)) return m;
  if (m)
    await deps.store.tx((r) =>
      r.audit.append({
        at: nowIso(deps.clock),
        actor: actor.id,
        action,
        subject: `meeting:${m.id}`,
        reason: 'Closed session not visible to this person (answered as not found).',
        outcome: 'refused',
      }),
    );
  throw notFound('The meeting');
}

export interface NewMeeting {
  areaId: string;
  kind: MeetingKind;
  date: string;
  startTime: string;
  chairId?: string;
  parentMeetingId?: string;
  invitedAgencyIds?: string[];
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

async function uniqueLinkCode(r: Repos): Promise<string> {
  for (;;) {
    const code = Array.from({ length: 6 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
    if (!(await r.meetings.byLinkCode(code))) return code;
  }
}

/** Insert a meeting (inside a transaction), with a fresh link code for the bot. */
export async function insertMeeting(
  r: Repos,
  m: Omit<Meeting, 'id' | 'linkCode' | 'version' | 'status' | 'delegateIds' | 'invitedPersonIds'>,
) {
  return r.meetings.put({
    ...m,
    id: randomUUID(),
    linkCode: await uniqueLinkCode(r),
    status: 'planned',
    delegateIds: [],
    invitedPersonIds: [],
    version: 0,
  });
}

export async function createMeeting(
  deps: CoordinatorDeps,
  actor: Actor,
  input: NewMeeting,
): Promise<MeetingView> {
  await requireManager(deps, actor, 'meeting.create', `area:${input.areaId}`);
  const r0 = deps.store.repos;
  const fields: { field: string; message: string }[] = [];
  if (!(await r0.areas.get(input.areaId))) fields.push({ field: 'areaId', message: 'Choose a MARAC area.' });
  if (input.date < todayIso(deps.clock)) fields.push({ field: 'date', message: 'The date is in the past.' });
  if (input.chairId && !hasRole(await r0.people.get(input.chairId), 'chair'))
    fields.push({ field: 'chairId', message: 'Choose someone who chairs MARAC meetings.' });
  let parent: Meeting | undefined;
  if (input.parentMeetingId) {
    parent = await r0.meetings.get(input.parentMeetingId);
    if (!parent || parent.kind === 'closed' || parent.areaId !== input.areaId)
      fields.push({
        field: 'parentMeetingId',
        message: 'A closed session belongs to a MARAC meeting in the same area.',
      });
  }
  if (input.kind !== 'closed' && input.parentMeetingId)
    fields.push({ field: 'parentMeetingId', message: 'Only a closed session belongs to another meeting.' });
  if (fields.length) throw new DomainError('invalid', 'Some fields need attention.', { fields });
  return deps.store.tx(async (r) => {
    const m = await insertMeeting(r, {
      areaId: input.areaId,
      kind: input.kind,
      date: input.date,
      startTime: input.startTime,
      chairId: input.chairId,
      parentMeetingId: parent?.id,
      invitedAgencyIds: input.kind === 'closed' ? (input.invitedAgencyIds ?? []) : [],
    });
    await record(
      r,
      deps.clock,
      actor,
      { action: 'meeting.created', subject: `meeting:${m.id}`, details: { kind: m.kind, date: m.date } },
      [{ type: 'MeetingChanged', meetingId: m.id }],
    );
    return { ...(await toMeetingView(r, actor, m)), warnings: await meetingWarnings(r, m) };
  });
}

export interface TeamsChatLink {
  chatId: string;
  teamsMeetingId?: string;
  tenantId?: string;
}

/**
 * The meeting tab's configuration page says which MARAC meeting this Teams meeting is. The bot's
 * own link (with a conversation reference) wins: we never overwrite it.
 */
export async function linkTeamsChat(
  deps: CoordinatorDeps,
  actor: Actor,
  meetingId: string,
  link: TeamsChatLink,
) {
  const m = await visibleMeeting(deps, actor, meetingId, 'meeting.link-teams');
  if (!canLinkMeeting(actor, m))
    await refuse(
      deps,
      actor,
      'meeting.link-teams',
      `meeting:${m.id}`,
      "Only a coordinator or the meeting's chair can link it to a Teams meeting.",
    );
  const other = await deps.store.repos.meetings.byConversationId(link.chatId);
  if (other && other.id !== m.id)
    throw new DomainError('conflict', 'This Teams meeting is already linked to another MARAC meeting.');
  if (m.teams?.conversationId) {
    if (m.teams.conversationId !== link.chatId && m.teams.chatId !== link.chatId)
      throw new DomainError('conflict', 'This MARAC meeting is already linked to a different Teams meeting.');
    return { meeting: await toMeetingView(deps.store.repos, actor, m), alreadyLinked: true };
  }
  return deps.store.tx(async (r) => {
    const teams = {
      conversationId: link.chatId,
      serviceUrl: '',
      reference: {},
      chatId: link.chatId,
      tenantId: link.tenantId,
      onlineMeetingId: link.teamsMeetingId,
    };
    const saved = await r.meetings.put({ ...m, teams }, m.version);
    await record(
      r,
      deps.clock,
      actor,
      { action: 'meeting.linked-teams', subject: `meeting:${m.id}`, details: { via: 'tab-config' } },
      [{ type: 'MeetingChanged', meetingId: m.id }],
    );
    return { meeting: await toMeetingView(r, actor, saved), alreadyLinked: false };
  });
}
