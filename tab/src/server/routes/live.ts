import express from 'express';
import {
  type Actor as RoomActor,
  type CaseRun,
  type LiveStage,
  type Person,
  type Phase,
  type Repos,
  type SpeakerView as CoreSpeaker,
  caseView,
  chairCommand,
  currentCase,
  isDomainError,
  mayChair,
  postDeclaration,
  readMeetingView,
  runChairCommand,
  whereWeAre,
} from '@marac/core';
import { meetingForViewer } from '@marac/core/minutes';
import { actorOf } from '../auth.js';
import type { TabDeps } from '../deps.js';
import { HttpError } from '../http-errors.js';
import { EventStreamHub } from '../sse.js';
import { chairSchema } from '../../shared/schemas.js';
import { ukDate } from '../../shared/uk-date.js';

/**
 * What the live view shows, for everyone who may see the meeting: case references (never names),
 * phase, who speaks now and next, the case timer as its stored deadline, and the roll call.
 */
export interface LiveSnapshot {
  meetingId: string;
  title: string;
  kind: string;
  stage: LiveStage;
  /** The live state's version: the chair's controls send it back, so a stale click is refused. */
  version: number;
  /** The server's clock when this was built: the client keeps its offset to render the countdown. */
  serverNow: number;
  /** Where we are in one line (phase, now, next, time left): the chair's card and `status` say the same. */
  where: string;
  declaration: { posted: boolean; version: string };
  rollCall: {
    present: number;
    confirmed: { name: string; agency: string; late: boolean; at?: string }[];
    unconfirmed: { name: string; agency: string; late: boolean }[];
  };
  gateOverride?: { reason: string; unconfirmed: string[] };
  /** `victimViews`: the IDVA recorded them (read through their own audited route, never here). */
  cases: {
    caseId: string;
    position: number;
    reference: string;
    status: CaseRun['status'];
    victimViews: boolean;
  }[];
  current?: {
    caseId: string;
    position: number;
    reference: string;
    referringAgency: string;
    phase: Phase['kind'];
    phaseLabel: string;
    now: SpeakerView;
    next: SpeakerView;
    /** Epoch ms; `pausedAt` set while paused. Time left = deadline - (pausedAt ?? server now). */
    timer?: { deadline: number; pausedAt?: number; slotMs: number; extensions: number };
    /** Agencies that returned research on this case (held or none held), in batting order. */
    researchReturned: string[];
    /** The IDVA's safety check on the plan, in areas with an IDVA service. */
    safety?: { confirmed: boolean; onBehalf: boolean };
    /** The IDVA recorded the victim's views on this case. */
    victimViews: boolean;
  };
  nextCase?: { position: number; reference: string };
  /** Agencies relevant to the current case with nobody present. */
  coverage: string[];
}

export interface SpeakerView {
  label: string;
  agencyId?: string;
  /** False when the agency has nobody in the meeting. */
  present?: boolean;
  noInformation?: boolean;
}

const KIND_NAMES = { marac: 'MARAC', 'marac-plus': 'MARAC Plus', closed: 'Closed session' } as const;

/** The core meeting view model (the case card reads the same), shaped for the side panel and stage. */
export async function liveSnapshot(r: Repos, meetingId: string, now: number): Promise<LiveSnapshot> {
  const v = await readMeetingView(r, meetingId);
  const { meeting, area, state, rc } = v;
  const confirmedAt = new Map(rc.confirmations.map((c) => [c.aadObjectId, c.confirmedAt]));
  const c = currentCase(state);
  const view = c && caseView(v, c, []);
  const speaker = (s: CoreSpeaker): SpeakerView =>
    s.agencyId
      ? {
          label: s.people.length ? `${s.people.join(', ')} (${s.agency})` : s.agency!,
          agencyId: s.agencyId,
          present: s.present,
          noInformation: s.noInformation,
        }
      : { label: s.label };
  const pendingAfter = state.cases.find((x) => x.status === 'pending' && x !== c);
  const current: LiveSnapshot['current'] =
    c && view
      ? {
          researchReturned: v.researchReturned(c.caseId).map((id) => v.agencyName(id)),
          caseId: c.caseId,
          position: c.position,
          reference: c.reference,
          referringAgency: v.agencyName(c.referringAgencyId),
          phase: c.phase?.kind ?? 'referral',
          phaseLabel: view.phaseLabel,
          now: speaker(view.now),
          next: speaker(view.next),
          timer: view.timer,
          victimViews: view.victimViewsRecorded,
          ...(view.safety ? { safety: view.safety } : {}),
        }
      : undefined;
  return {
    meetingId: meeting.id,
    title: `${KIND_NAMES[meeting.kind]} ${ukDate(meeting.date)} ${meeting.startTime}`,
    kind: meeting.kind,
    stage: state.stage,
    version: state.version,
    serverNow: now,
    where: whereWeAre(v, now),
    declaration: { posted: state.declarationPostedAt !== undefined, version: area.declaration.version },
    rollCall: {
      present: rc.present.length,
      confirmed: rc.confirmed.map((a) => ({
        name: a.displayName,
        agency: v.agencyName(a.agencyId),
        late: a.lateJoiner,
        at: confirmedAt.get(a.aadObjectId),
      })),
      unconfirmed: rc.unconfirmed.map((a) => ({
        name: a.displayName,
        agency: v.agencyName(a.agencyId),
        late: a.lateJoiner,
      })),
    },
    gateOverride: state.gateOverride && {
      reason: state.gateOverride.reason,
      unconfirmed: state.gateOverride.unconfirmed,
    },
    cases: state.cases.map((x) => ({
      caseId: x.caseId,
      position: x.position,
      reference: x.reference,
      status: x.status,
      victimViews: v.viewsRecorded(x.caseId),
    })),
    current,
    nextCase: pendingAfter && { position: pendingAfter.position, reference: pendingAfter.reference },
    coverage: view?.coverage ?? [],
  };
}

const roomActor = (p: Person): RoomActor => ({
  aadObjectId: p.aadObjectId,
  displayName: p.displayName,
  person: p,
});

/** The last event id a reconnecting client saw: the `Last-Event-ID` header (or `?lastEventId=`). */
function lastEventIdOf(req: express.Request): number | undefined {
  const raw =
    req.get('Last-Event-ID') ??
    (typeof req.query.lastEventId === 'string' ? req.query.lastEventId : undefined);
  if (raw === undefined || !/^\d{1,15}$/.test(raw.trim())) return undefined;
  return Number(raw.trim());
}

export interface LiveRoutesOptions {
  heartbeatMs?: number;
  maxStreamMs?: number;
}

/**
 * The live view's API: a snapshot, the event stream, and the chair's controls, which run the
 * very use case the bot's chat commands run (same authorisation, gate, audit and events).
 */
export function liveRoutes(deps: TabDeps, opts: LiveRoutesOptions = {}) {
  const router = express.Router();
  const snapshot = (meetingId: string) => liveSnapshot(deps.store.repos, meetingId, deps.clock.now());
  const hub = new EventStreamHub({
    store: deps.store,
    log: deps.log,
    snapshot,
    serverNow: () => deps.clock.now(),
    ...opts,
  });

  router.get('/api/meetings/:meetingId/live', async (req, res) => {
    const actor = actorOf(res);
    const m = await meetingForViewer(deps, actor, req.params.meetingId, 'live.view');
    const seq = await deps.store.repos.events.lastSeq();
    res.json({ snapshot: await snapshot(m.id), seq, canChair: mayChair(m, roomActor(actor)) });
  });

  /** Authenticated like every /api call (fetch streaming sends the Authorization header). */
  router.get('/api/meetings/:meetingId/events', async (req, res) => {
    const actor = actorOf(res);
    const m = await meetingForViewer(deps, actor, req.params.meetingId, 'live.stream');
    hub.attach(m.id, req, res, lastEventIdOf(req));
  });

  router.post('/api/meetings/:meetingId/chair', async (req, res) => {
    const actor = actorOf(res);
    const m = await meetingForViewer(deps, actor, req.params.meetingId, 'live.chair');
    const body = chairSchema.parse(req.body);
    const who = roomActor(actor);
    try {
      if (body.command.type === 'declaration') await postDeclaration(deps, m.id, who);
      else {
        const { type, ...args } = body.command;
        await runChairCommand(deps, m.id, who, chairCommand(type, args), {
          expectedVersion: body.expectedVersion,
          overrideReason: body.overrideReason,
        });
      }
    } catch (e) {
      // The chat shows the valid choices after the reason; so does the side panel.
      if (isDomainError(e) && Array.isArray(e.details.choices) && e.details.choices.length)
        throw new HttpError(
          400,
          e.code,
          `${e.message} Valid: ${(e.details.choices as string[]).join(', ')}.`,
        );
      throw e;
    }
    const seq = await deps.store.repos.events.lastSeq();
    res.json({ snapshot: await snapshot(m.id), seq });
  });

  return Object.assign(router, { hub });
}
