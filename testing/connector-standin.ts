/**
 * A loopback Bot Connector stand-in: the REST routes the bot calls on Teams' serviceUrl, with the
 * same paths and JSON shapes as botframework-connector, a transcript per conversation, and fault
 * injection. Tests point a serviceUrl at `url`. Auth is not checked (the token endpoint is not
 * stood in); bind is 127.0.0.1 only.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultPlan, type RandomFaults } from './connector-faults.js';
import {
  ConnectorState,
  type StandInMember,
  type StandInMessage,
  type StandInParticipant,
} from './connector-state.js';

export type { StandInMember, StandInMessage, StandInParticipant } from './connector-state.js';
export { seededRandom, TEAMS_THREAD_LIMITS } from './connector-faults.js';

export interface StandInRequest {
  at: number;
  method: string;
  /** The path as sent (still URL-encoded), with its query. */
  url: string;
  /** Decoded from the path, when the route has one. */
  conversationId?: string;
  activityId?: string;
  status: number;
  /** Carried out but never answered (acceptThenHang). */
  hung?: boolean;
}

/** A targeted in-meeting notification as Teams received it (POST v1/meetings/{id}/notification). */
export interface StandInNotification {
  at: number;
  meetingId: string;
  recipients: string[];
  /** The stage surface's title and page, lifted out of the body for assertions. */
  title?: string;
  url?: string;
  body: Record<string, unknown>;
}

export interface ConnectorStandIn {
  /** Targeted meeting notifications accepted, in arrival order (refused ones are only in `requests`). */
  notifications(meetingId?: string): StandInNotification[];
  /** Answer every notification with this status (403, 404, 429…) until set back to undefined. */
  refuseNotifications(status: number | undefined): void;
  /** Use as the serviceUrl (ends with '/', as Teams' do). */
  url: string;
  transcript(conversationId: string): { messages: StandInMessage[]; requests: StandInRequest[] };
  messages(conversationId: string): StandInMessage[];
  /** Every request in arrival order. */
  requests: StandInRequest[];
  failNext(n: number, status: number, retryAfterSeconds?: number): void;
  /** Every request answers `status` for `ms` from now, by the stand-in's clock (an outage). */
  failFor(ms: number, status: number): void;
  /** The next `n` requests are carried out (a message is posted) but never answered. */
  acceptThenHang(n: number): void;
  /** The next `n` requests are neither carried out nor answered (stuck in flight). */
  hangNext(n: number): void;
  failRandomly(opts: RandomFaults | null): void;
  /** Answer 429 when a conversation exceeds Teams' per-bot, per-conversation limits. */
  enforceRateLimits(on?: boolean): void;
  addMember(conversationId: string, member: StandInMember): void;
  setParticipant(meetingId: string, participant: StandInParticipant): void;
  close(): Promise<void>;
}

type Reply = { status: number; body?: unknown };

export async function startConnectorStandIn(opts: { now?: () => number } = {}): Promise<ConnectorStandIn> {
  const now = opts.now ?? Date.now;
  const state = new ConnectorState();
  const faults = new FaultPlan();
  const requests: StandInRequest[] = [];
  const notifications: StandInNotification[] = [];
  let refuseNotices: number | undefined;

  const server = createServer((req, res) => {
    void handle(req, res).catch((e: unknown) =>
      send(res, { status: 500, body: error('ServiceError', String(e)) }),
    );
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const at = now();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    // Split before decoding: ids like "19:meeting_x@thread.v2;messageid=1" arrive percent-encoded.
    const raw = url.pathname.split('/').filter(Boolean);
    const start = raw.findIndex((s) => s === 'v3' || s === 'v1');
    const seg = (start < 0 ? raw : raw.slice(start)).map((s) => decodeURIComponent(s));
    const conversationId = seg[0] === 'v3' && seg[1] === 'conversations' ? seg[2] : undefined;
    const activityId = conversationId && seg[3] === 'activities' ? seg[4] : undefined;
    const log: StandInRequest = {
      at,
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      conversationId,
      activityId,
      status: 0,
    };
    requests.push(log);
    const body = await readJson(req);

    const fault = faults.decide(conversationId, at);
    if (fault?.hang) {
      // Never answered: the socket stays open until the caller gives up or close().
      if (fault.hang === 'accepted')
        log.status = route(req.method ?? 'GET', seg, url.searchParams, body, at).status;
      log.hung = true;
      return;
    }
    const reply: Reply = fault
      ? {
          status: fault.status,
          body: error(fault.status === 429 ? 'TooManyRequests' : 'ServiceError', 'injected fault'),
        }
      : route(req.method ?? 'GET', seg, url.searchParams, body, at);
    log.status = reply.status;
    if (fault?.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(fault.retryAfterSeconds));
    send(res, reply);
  }

  function route(method: string, seg: string[], query: URLSearchParams, body: unknown, at: number): Reply {
    const activity = (body ?? {}) as Record<string, unknown>;
    const [v, kind, id, sub, subId, extra] = seg;
    if (v === 'v1' && kind === 'meetings' && sub === 'notification' && method === 'POST')
      return notify(id, activity, at);
    if (v === 'v3' && kind === 'conversations') {
      if (id === undefined && method === 'POST') return createConversation(activity);
      if (id === undefined || extra !== undefined) return notFound();
      if (sub === 'activities' && subId === undefined && method === 'POST')
        return ok({ id: state.post(id, activity).id });
      if (sub === 'activities' && subId !== undefined && method === 'POST')
        return ok({ id: state.post(id, activity, subId).id });
      if (sub === 'activities' && subId !== undefined && method === 'PUT') {
        const msg = state.update(id, subId, activity);
        return msg
          ? ok({ id: msg.id })
          : { status: 404, body: error('ActivityNotFound', 'Unknown activity') };
      }
      if (sub === 'members' && subId !== undefined && method === 'GET') {
        const m = state.member(id, subId);
        return m ? ok(m) : { status: 404, body: error('MemberNotFound', 'Unknown member') };
      }
      if (sub === 'members' && subId === undefined && method === 'GET') return ok(state.allMembers(id));
      if (sub === 'pagedmembers' && method === 'GET') return pagedMembers(id, query);
    }
    if (
      v === 'v1' &&
      kind === 'meetings' &&
      sub === 'participants' &&
      subId !== undefined &&
      method === 'GET'
    ) {
      if (!query.get('tenantId')) return { status: 400, body: error('BadArgument', 'tenantId is required') };
      const p = state.participant(id, subId);
      if (!p) return { status: 404, body: error('NotFound', 'Unknown participant') };
      const user = state.findMember(p.aadObjectId) ?? { id: p.aadObjectId, aadObjectId: p.aadObjectId };
      return ok({
        user,
        meeting: { role: p.role, inMeeting: p.inMeeting },
        conversation: { id: p.conversationId, isGroup: true, conversationType: 'groupChat' },
      });
    }
    return notFound();
  }

  /** TargetedMeetingNotification -> 202 (all delivered), as Teams answers; refusals on request. */
  function notify(meetingId: string, n: Record<string, unknown>, at: number): Reply {
    if (refuseNotices) return { status: refuseNotices, body: error('Forbidden', 'notification refused') };
    const value = (n.value ?? {}) as { recipients?: unknown; surfaces?: unknown };
    const recipients = Array.isArray(value.recipients) ? value.recipients.map(String) : [];
    if (n.type !== 'targetedMeetingNotification' || !recipients.length || !Array.isArray(value.surfaces))
      return { status: 400, body: error('BadArgument', 'not a targeted meeting notification') };
    const stage = (value.surfaces as Array<Record<string, unknown>>).find(
      (s) => s.surface === 'meetingStage',
    );
    const page = (stage?.content as { value?: { title?: string; url?: string } } | undefined)?.value;
    notifications.push({ at, meetingId, recipients, title: page?.title, url: page?.url, body: n });
    return { status: 202 };
  }

  /** ConversationParameters -> ConversationResourceResponse; an included activity is posted too. */
  function createConversation(params: Record<string, unknown>): Reply {
    const members = Array.isArray(params.members)
      ? (params.members as Array<{ id?: string; aadObjectId?: string }>)
      : [];
    if (members.length !== 1)
      return { status: 400, body: error('BadArgument', 'Exactly one member for a 1:1 chat') };
    const id = state.createPersonal(members[0]);
    const activity = params.activity as Record<string, unknown> | undefined;
    const activityId = activity ? state.post(id, activity).id : undefined;
    return { status: 201, body: { id, activityId } };
  }

  /** PagedMembersResult; the continuation token is opaque to callers (here: the next offset). */
  function pagedMembers(conversationId: string, query: URLSearchParams): Reply {
    const all = state.allMembers(conversationId);
    const size = Math.min(500, Math.max(1, Number(query.get('pageSize') ?? 200) || 200));
    const from = Number(query.get('continuationToken') ?? 0) || 0;
    const members = all.slice(from, from + size);
    return ok({ members, continuationToken: from + size < all.length ? String(from + size) : undefined });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/`,
    transcript: (id) => ({
      messages: state.messages(id),
      requests: requests.filter((r) => r.conversationId === id),
    }),
    messages: (id) => state.messages(id),
    notifications: (meetingId) => notifications.filter((n) => !meetingId || n.meetingId === meetingId),
    refuseNotifications: (status) => void (refuseNotices = status),
    requests,
    failNext: (n, status, retryAfterSeconds) => faults.failNext(n, status, retryAfterSeconds),
    failFor: (ms, status) => faults.failFor(now(), ms, status),
    acceptThenHang: (n) => faults.acceptThenHang(n),
    hangNext: (n) => faults.hangNext(n),
    failRandomly: (o) => faults.failRandomly(o),
    enforceRateLimits: (on = true) => faults.enforceRateLimits(on),
    addMember: (id, m) => state.addMember(id, m),
    setParticipant: (meetingId, p) => state.setParticipant(meetingId, p),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

const ok = (body: unknown): Reply => ({ status: 200, body });
const notFound = (): Reply => ({ status: 404, body: error('NotFound', 'No such route') });
/** Bot Connector's ErrorResponse shape. */
const error = (code: string, message: string) => ({ error: { code, message } });

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function send(res: ServerResponse, reply: Reply) {
  res.statusCode = reply.status;
  if (reply.body === undefined) return void res.end();
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(reply.body));
}
