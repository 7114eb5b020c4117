/**
 * A loopback stand-in for the Microsoft Graph v1.0 endpoints MARAC for Teams calls, with in-memory
 * state: directory users (one guest with a profile, one external user without), calendar events
 * that provision Teams online meetings and their chats, app installations in chats, attendance
 * reports and activity notifications.
 *
 * Every request must carry a bearer token signed by the Entra stand-in for https://graph.microsoft.com;
 * app-only tokens must hold the endpoint's application permission in `roles`, delegated ones in `scp`,
 * else a Graph-shaped 403 comes back (worded as Graph words it for that endpoint). Faults can be
 * injected (429 with Retry-After, 5xx, 403, 401) and every request is recorded.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { JWTPayload } from 'jose';
import { GRAPH_RESOURCE, type EntraStandIn } from './entra-standin.js';

export interface GraphUser {
  id: string;
  displayName: string;
  mail?: string | null;
  companyName?: string | null;
  department?: string | null;
  userPrincipalName: string;
  userType?: 'Member' | 'Guest';
}

export interface GraphStandInEvent {
  id: string;
  organiser: string;
  transactionId?: string;
  subject: string;
  body?: unknown;
  start: { dateTime: string; timeZone: string };
  end: { dateTime: string; timeZone: string };
  attendees: { emailAddress: { address: string; name?: string }; type: string }[];
  isOnlineMeeting: boolean;
  onlineMeetingProvider?: string;
  onlineMeetingId?: string;
  joinUrl?: string;
  isCancelled: boolean;
  cancelComment?: string;
  sensitivity?: string;
  /** GETs left before the join URL shows (to imitate Graph provisioning the meeting late). */
  joinUrlDelay: number;
}

export interface GraphStandInMeeting {
  id: string;
  organiser: string;
  joinWebUrl: string;
  threadId: string;
  subject: string;
  startDateTime: string;
  endDateTime: string;
}

export interface GraphStandInReport {
  id: string;
  totalParticipantCount: number;
  meetingStartDateTime: string;
  meetingEndDateTime: string;
  attendanceRecords: {
    id?: string;
    emailAddress?: string | null;
    totalAttendanceInSeconds: number;
    role: string;
    identity: { id: string | null; displayName: string; tenantId?: string | null };
    attendanceIntervals: { joinDateTime: string; leaveDateTime: string | null; durationInSeconds: number }[];
  }[];
}

export interface RecordedGraphRequest {
  method: string;
  /** Path below /v1.0, e.g. /users/u1/events */
  path: string;
  query: Record<string, string>;
  body: unknown;
  status: number;
  at: number;
  /** Who called: app-only (roles) or a user (scp). */
  caller?: { idtyp: 'app' | 'user'; oid?: string; roles?: string[]; scp?: string };
}

export type GraphFault =
  | { status: 429; retryAfterSeconds?: number }
  | { status: 500 | 502 | 503 | 504; retryAfterSeconds?: number }
  | { status: 403; code?: string; message?: string }
  | { status: 401 };

export interface GraphStandInOptions {
  entra: EntraStandIn;
  users?: GraphUser[];
  /** Catalog ids of Teams apps that can be installed (default: ['marac-teams-app']). */
  teamsApps?: string[];
  /** Activity types the app's manifest declares (default: the three the app sends). */
  activityTypes?: string[];
  /** Organisers granted a Teams application access policy (default: everyone). */
  accessPolicyUsers?: string[] | 'all';
  /** How many GETs of a new event come back before its join URL appears (default 0: at once). */
  joinUrlDelay?: number;
}

export interface GraphStandIn {
  /** GRAPH_BASE_URL, e.g. http://127.0.0.1:51235 */
  url: string;
  requests: RecordedGraphRequest[];
  users: Map<string, GraphUser>;
  events: Map<string, GraphStandInEvent>;
  meetings: Map<string, GraphStandInMeeting>;
  /** chat thread id → installed Teams app catalog ids */
  chats: Map<string, string[]>;
  reports: Map<string, GraphStandInReport[]>;
  notifications: { recipient: string; body: Record<string, any>; at: number }[];
  /** Queue faults: the next `count` requests (matching `match`, if given) get this response. */
  inject(fault: GraphFault, count?: number, match?: { method?: string; path?: RegExp }): void;
  addReport(
    onlineMeetingId: string,
    report: Omit<GraphStandInReport, 'id'> & { id?: string },
  ): GraphStandInReport;
  setAccessPolicyUsers(users: string[] | 'all'): void;
  close(): Promise<void>;
}

/** Permissions per route: application (roles) and delegated (scp), any one suffices. */
const NEEDS = {
  eventsWrite: { app: ['Calendars.ReadWrite'], user: ['Calendars.ReadWrite'] },
  eventsRead: {
    app: ['Calendars.ReadBasic.All', 'Calendars.Read', 'Calendars.ReadWrite'],
    user: ['Calendars.ReadBasic', 'Calendars.Read', 'Calendars.ReadWrite'],
  },
  onlineMeetings: {
    app: ['OnlineMeetings.Read.All', 'OnlineMeetings.ReadWrite.All'],
    user: ['OnlineMeetings.Read', 'OnlineMeetings.ReadWrite'],
  },
  installApp: {
    app: [
      'TeamsAppInstallation.ReadWriteSelfForChat.All',
      'TeamsAppInstallation.ReadWriteForChat.All',
      'TeamsAppInstallation.ReadWriteAndConsentSelfForChat.All',
    ],
    user: ['TeamsAppInstallation.ReadWriteSelfForChat', 'TeamsAppInstallation.ReadWriteForChat'],
  },
  users: {
    app: ['User.Read.All', 'User.ReadBasic.All', 'Directory.Read.All'],
    user: ['User.ReadBasic.All', 'User.Read.All', 'Directory.Read.All'],
  },
  me: { app: [], user: ['User.Read', 'User.ReadBasic.All', 'User.Read.All'] },
  attendance: { app: ['OnlineMeetingArtifact.Read.All'], user: ['OnlineMeetingArtifact.Read.All'] },
  activity: { app: ['TeamsActivity.Send'], user: ['TeamsActivity.Send'] },
} as const;
type Need = (typeof NEEDS)[keyof typeof NEEDS];

/** How Graph words a 403 for each kind of endpoint (Teams names the permission; others do not). */
const DENIAL: Record<keyof typeof NEEDS, 'directory' | 'exchange' | 'teams'> = {
  eventsWrite: 'exchange',
  eventsRead: 'exchange',
  onlineMeetings: 'teams',
  installApp: 'teams',
  users: 'directory',
  me: 'directory',
  attendance: 'teams',
  activity: 'teams',
};

export async function startGraphStandIn(opts: GraphStandInOptions): Promise<GraphStandIn> {
  const { entra } = opts;
  const users = new Map<string, GraphUser>();
  for (const u of opts.users ?? defaultUsers(entra.tenantId)) users.set(u.id, u);
  const events = new Map<string, GraphStandInEvent>();
  const meetings = new Map<string, GraphStandInMeeting>();
  const chats = new Map<string, string[]>();
  const reports = new Map<string, GraphStandInReport[]>();
  const notifications: GraphStandIn['notifications'] = [];
  const requests: RecordedGraphRequest[] = [];
  const teamsApps = new Set(opts.teamsApps ?? ['marac-teams-app']);
  const activityTypes = new Set(opts.activityTypes ?? ['actionReminder', 'agendaPublished', 'minutesReady']);
  let accessPolicy: Set<string> | 'all' =
    opts.accessPolicyUsers === undefined || opts.accessPolicyUsers === 'all'
      ? 'all'
      : new Set(opts.accessPolicyUsers);
  let faults: { fault: GraphFault; count: number; match?: { method?: string; path?: RegExp } }[] = [];
  let base = '';

  const graphError = (
    res: Response,
    status: number,
    code: string,
    message: string,
    headers: Record<string, string> = {},
  ) => {
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    const requestId = randomUUID();
    res.setHeader('request-id', requestId);
    res.status(status).json({
      error: {
        code,
        message,
        innerError: {
          date: new Date().toISOString(),
          'request-id': requestId,
          'client-request-id': requestId,
        },
      },
    });
  };

  const userByIdOrUpn = (key: string): GraphUser | undefined =>
    users.get(key) ??
    [...users.values()].find((u) => u.userPrincipalName.toLowerCase() === key.toLowerCase());

  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ type: () => true }));

  // Record, inject faults, authenticate.
  app.use('/v1.0', async (req: Request, res: Response, next: NextFunction) => {
    const rec: RecordedGraphRequest = {
      method: req.method,
      path: decodeURIComponent(req.path),
      query: Object.fromEntries(Object.entries(req.query).map(([k, v]) => [k, String(v)])),
      body: req.body && Object.keys(req.body).length ? req.body : undefined,
      status: 0,
      at: Date.now(),
    };
    requests.push(rec);
    res.on('finish', () => (rec.status = res.statusCode));
    res.locals.rec = rec;

    const i = faults.findIndex(
      (f) =>
        (!f.match?.method || f.match.method === req.method) &&
        (!f.match?.path || f.match.path.test(req.path)),
    );
    if (i >= 0) {
      const f = faults[i];
      if (--f.count <= 0) faults = faults.filter((_, j) => j !== i);
      const fault = f.fault;
      if (fault.status === 429)
        return graphError(res, 429, 'TooManyRequests', 'Too many requests.', {
          'Retry-After': String(fault.retryAfterSeconds ?? 1),
        });
      if (fault.status === 401)
        return graphError(
          res,
          401,
          'InvalidAuthenticationToken',
          'Lifetime validation failed, the token is expired.',
          {
            'WWW-Authenticate':
              'Bearer realm="", error="invalid_token", error_description="Lifetime validation failed, the token is expired."',
          },
        );
      if (fault.status === 403)
        return graphError(res, 403, fault.code ?? 'Forbidden', fault.message ?? 'Forbidden');
      return graphError(
        res,
        fault.status,
        fault.status === 503 ? 'ServiceUnavailable' : 'InternalServerError',
        'The service is temporarily unavailable.',
        fault.retryAfterSeconds ? { 'Retry-After': String(fault.retryAfterSeconds) } : {},
      );
    }

    const auth = req.header('authorization') ?? '';
    const m = /^Bearer (.+)$/.exec(auth);
    if (!m) return graphError(res, 401, 'InvalidAuthenticationToken', 'Access token is empty.');
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await entra.verify(m[1], GRAPH_RESOURCE));
    } catch (e) {
      const expired = (e as { code?: string }).code === 'ERR_JWT_EXPIRED';
      return graphError(
        res,
        401,
        'InvalidAuthenticationToken',
        expired ? 'Lifetime validation failed, the token is expired.' : 'Access token validation failure.',
      );
    }
    if (claims.tid !== entra.tenantId)
      return graphError(
        res,
        401,
        'InvalidAuthenticationToken',
        'Access token validation failure. Invalid tenant.',
      );
    rec.caller = {
      idtyp: claims.idtyp === 'app' ? 'app' : 'user',
      oid: claims.oid as string | undefined,
      roles: claims.roles as string[] | undefined,
      scp: claims.scp as string | undefined,
    };
    res.locals.claims = claims;
    next();
  });

  /** Check the caller holds one of the route's permissions; answer 403 the way Graph does. */
  const permitted = (res: Response, need: Need, kind: keyof typeof NEEDS): boolean => {
    const claims = res.locals.claims as JWTPayload;
    const isApp = claims.idtyp === 'app';
    const held = isApp
      ? ((claims.roles as string[] | undefined) ?? [])
      : String(claims.scp ?? '')
          .split(' ')
          .filter(Boolean);
    const required = isApp ? need.app : need.user;
    if (required.some((p) => held.includes(p))) return true;
    const style = DENIAL[kind];
    if (style === 'teams')
      graphError(
        res,
        403,
        'Forbidden',
        `Missing ${isApp ? 'role' : 'scope'} permissions on the request. API requires one of '${required.join(', ')}'. ${isApp ? 'Roles' : 'Scopes'} on the request '${held.join(', ')}'.`,
      );
    else if (style === 'directory')
      graphError(
        res,
        403,
        'Authorization_RequestDenied',
        'Insufficient privileges to complete the operation.',
      );
    else graphError(res, 403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
    return false;
  };

  const needsPolicy = (res: Response, organiser: string) => {
    const claims = res.locals.claims as JWTPayload;
    if (claims.idtyp !== 'app' || accessPolicy === 'all' || accessPolicy.has(organiser)) return false;
    graphError(res, 403, 'Forbidden', 'No application access policy found for this app.');
    return true;
  };

  const organiserOr404 = (req: Request, res: Response): GraphUser | undefined => {
    const u = userByIdOrUpn(String(req.params.user));
    if (!u || u.userType === 'Guest') {
      graphError(res, 404, 'ErrorInvalidUser', `The requested user '${String(req.params.user)}' is invalid.`);
      return undefined;
    }
    return u;
  };

  const eventJson = (e: GraphStandInEvent, reading: boolean) => {
    const showJoin = e.joinUrl && (!reading || e.joinUrlDelay <= 0);
    if (reading && e.joinUrlDelay > 0) e.joinUrlDelay--;
    return {
      '@odata.context': `${base}/v1.0/$metadata#users('${e.organiser}')/events/$entity`,
      id: e.id,
      subject: e.subject,
      start: e.start,
      end: e.end,
      attendees: e.attendees,
      isOnlineMeeting: e.isOnlineMeeting,
      onlineMeetingProvider: e.onlineMeetingProvider ?? 'unknown',
      onlineMeeting: showJoin ? { joinUrl: e.joinUrl } : null,
      isCancelled: e.isCancelled,
      sensitivity: e.sensitivity ?? 'normal',
      transactionId: e.transactionId ?? null,
    };
  };

  const v1 = express.Router();

  v1.get('/me', (req, res) => {
    if (!permitted(res, NEEDS.me, 'me')) return;
    const claims = res.locals.claims as JWTPayload;
    if (claims.idtyp === 'app')
      return graphError(
        res,
        400,
        'BadRequest',
        '/me request is only valid with delegated authentication flow.',
      );
    const u = users.get(String(claims.oid));
    if (!u)
      return graphError(
        res,
        404,
        'Request_ResourceNotFound',
        `Resource '${String(claims.oid)}' does not exist or one of its queried reference-property objects are not present.`,
      );
    res.json(select(u, req.query.$select));
  });

  // People search as the tab uses it: $filter=startswith(displayName,'x') or startswith(mail,'x').
  v1.get('/users', (req, res) => {
    if (!permitted(res, NEEDS.users, 'users')) return;
    const term = /startswith\(displayName,'((?:[^']|'')*)'\)/.exec(String(req.query.$filter ?? ''))?.[1];
    if (term === undefined) return graphError(res, 400, 'Request_UnsupportedQuery', 'Unsupported query.');
    const t = term.replace(/''/g, "'").toLowerCase();
    const hits = [...users.values()].filter((u) =>
      [u.displayName, u.mail ?? '', u.userPrincipalName].some((v) => v.toLowerCase().startsWith(t)),
    );
    res.json({
      value: hits.slice(0, Number(req.query.$top ?? 100)).map((u) => select(u, req.query.$select)),
    });
  });

  v1.get('/users/:user', (req, res) => {
    if (!permitted(res, NEEDS.users, 'users')) return;
    const u = userByIdOrUpn(String(req.params.user));
    if (!u)
      return graphError(
        res,
        404,
        'Request_ResourceNotFound',
        `Resource '${String(req.params.user)}' does not exist or one of its queried reference-property objects are not present.`,
      );
    res.json(select(u, req.query.$select));
  });

  v1.post('/users/:user/events', (req, res) => {
    if (!permitted(res, NEEDS.eventsWrite, 'eventsWrite')) return;
    const org = organiserOr404(req, res);
    if (!org) return;
    const b = req.body as Record<string, any>;
    if (!b?.subject || !b.start?.dateTime || !b.end?.dateTime)
      return graphError(
        res,
        400,
        'ErrorInvalidRequest',
        "Your request can't be completed. Subject, start and end are required.",
      );
    if (b.transactionId) {
      const existing = [...events.values()].find(
        (e) => e.organiser === org.id && e.transactionId === b.transactionId,
      );
      if (existing) return res.status(201).json(eventJson(existing, false));
    }
    const id = `AAMk${randomUUID().replace(/-/g, '')}`;
    const e: GraphStandInEvent = {
      id,
      organiser: org.id,
      transactionId: b.transactionId,
      subject: b.subject,
      body: b.body,
      start: b.start,
      end: b.end,
      attendees: b.attendees ?? [],
      isOnlineMeeting: !!b.isOnlineMeeting,
      onlineMeetingProvider: b.onlineMeetingProvider,
      isCancelled: false,
      sensitivity: b.sensitivity,
      joinUrlDelay: opts.joinUrlDelay ?? 0,
    };
    if (e.isOnlineMeeting && e.onlineMeetingProvider === 'teamsForBusiness') {
      const thread = `19:meeting_${Buffer.from(randomUUID()).toString('base64url').slice(0, 40)}@thread.v2`;
      const joinWebUrl = `https://teams.microsoft.com/l/meetup-join/${encodeURIComponent(thread)}/0?context=${encodeURIComponent(JSON.stringify({ Tid: entra.tenantId, Oid: org.id }))}`;
      const meetingId = Buffer.from(`1*${org.id}*0**${thread}`).toString('base64url');
      meetings.set(meetingId, {
        id: meetingId,
        organiser: org.id,
        joinWebUrl,
        threadId: thread,
        subject: e.subject,
        startDateTime: e.start.dateTime,
        endDateTime: e.end.dateTime,
      });
      chats.set(thread, []);
      e.onlineMeetingId = meetingId;
      e.joinUrl = joinWebUrl;
    }
    events.set(id, e);
    const created = eventJson(e, false);
    if (e.joinUrlDelay > 0) created.onlineMeeting = null;
    res.status(201).json(created);
  });

  const eventOr404 = (req: Request, res: Response, org: GraphUser) => {
    const e = events.get(String(req.params.event));
    if (!e || e.organiser !== org.id) {
      graphError(res, 404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
      return undefined;
    }
    return e;
  };

  v1.get('/users/:user/events/:event', (req, res) => {
    if (!permitted(res, NEEDS.eventsRead, 'eventsRead')) return;
    const org = organiserOr404(req, res);
    const e = org && eventOr404(req, res, org);
    if (!e) return;
    res.json(select(eventJson(e, true), req.query.$select));
  });

  v1.patch('/users/:user/events/:event', (req, res) => {
    if (!permitted(res, NEEDS.eventsWrite, 'eventsWrite')) return;
    const org = organiserOr404(req, res);
    const e = org && eventOr404(req, res, org);
    if (!e) return;
    if (e.isCancelled)
      return graphError(
        res,
        400,
        'ErrorCalendarIsCancelledForUpdate',
        "You can't update a meeting that has been cancelled.",
      );
    const b = req.body as Record<string, any>;
    if (b.start) e.start = b.start;
    if (b.end) e.end = b.end;
    if (b.subject) e.subject = b.subject;
    const om = e.onlineMeetingId && meetings.get(e.onlineMeetingId);
    if (om) {
      om.startDateTime = e.start.dateTime;
      om.endDateTime = e.end.dateTime;
    }
    res.json(eventJson(e, false));
  });

  v1.post('/users/:user/events/:event/cancel', (req, res) => {
    if (!permitted(res, NEEDS.eventsWrite, 'eventsWrite')) return;
    const org = organiserOr404(req, res);
    const e = org && eventOr404(req, res, org);
    if (!e) return;
    if (e.isCancelled)
      return graphError(res, 400, 'ErrorItemNotFound', 'The meeting has already been cancelled.');
    e.isCancelled = true;
    e.cancelComment = (req.body as { comment?: string })?.comment;
    res.status(202).end();
  });

  v1.get('/users/:user/onlineMeetings', (req, res) => {
    if (!permitted(res, NEEDS.onlineMeetings, 'onlineMeetings')) return;
    const org = organiserOr404(req, res);
    if (!org || needsPolicy(res, org.id)) return;
    const filter = String(req.query.$filter ?? '');
    const m = /^JoinWebUrl eq '((?:[^']|'')*)'$/i.exec(filter.trim());
    if (!m) return graphError(res, 400, 'BadRequest', "Filter expression must be JoinWebUrl eq '...'.");
    const url = m[1].replace(/''/g, "'");
    const found = [...meetings.values()].filter((x) => x.organiser === org.id && x.joinWebUrl === url);
    res.json({ value: found.map(meetingJson) });
  });

  v1.post('/chats/:chat/installedApps', (req, res) => {
    if (!permitted(res, NEEDS.installApp, 'installApp')) return;
    const chat = chats.get(String(req.params.chat));
    if (!chat) return graphError(res, 404, 'NotFound', 'Chat not found.');
    const bind = String((req.body as Record<string, unknown>)?.['teamsApp@odata.bind'] ?? '');
    const m = /\/appCatalogs\/teamsApps\/([^/?]+)$/.exec(bind);
    if (!m) return graphError(res, 400, 'BadRequest', 'teamsApp@odata.bind is required.');
    const appId = decodeURIComponent(m[1]);
    if (!teamsApps.has(appId))
      return graphError(res, 404, 'NotFound', `Teams app '${appId}' was not found in the app catalog.`);
    if (chat.includes(appId))
      return graphError(res, 409, 'Conflict', 'The app is already installed in this chat.');
    chat.push(appId);
    res.status(201).end();
  });

  v1.get('/users/:user/onlineMeetings/:meeting/attendanceReports', (req, res) => {
    if (!permitted(res, NEEDS.attendance, 'attendance')) return;
    const org = organiserOr404(req, res);
    if (!org || needsPolicy(res, org.id)) return;
    const mt = meetings.get(String(req.params.meeting));
    if (!mt || mt.organiser !== org.id) return graphError(res, 404, 'NotFound', 'Meeting not found.');
    res.json({
      value: (reports.get(mt.id) ?? []).map(({ attendanceRecords: _records, ...summary }) => summary),
    });
  });

  v1.get('/users/:user/onlineMeetings/:meeting/attendanceReports/:report', (req, res) => {
    if (!permitted(res, NEEDS.attendance, 'attendance')) return;
    const org = organiserOr404(req, res);
    if (!org || needsPolicy(res, org.id)) return;
    const mt = meetings.get(String(req.params.meeting));
    const rep =
      mt && mt.organiser === org.id
        ? (reports.get(mt.id) ?? []).find((r) => r.id === req.params.report)
        : undefined;
    if (!rep) return graphError(res, 404, 'NotFound', 'Attendance report not found.');
    const { attendanceRecords, ...summary } = rep;
    res.json(
      String(req.query.$expand ?? '').includes('attendanceRecords')
        ? { ...summary, attendanceRecords }
        : summary,
    );
  });

  v1.post('/users/:user/teamwork/sendActivityNotification', (req, res) => {
    if (!permitted(res, NEEDS.activity, 'activity')) return;
    const u = userByIdOrUpn(String(req.params.user));
    if (!u) return graphError(res, 404, 'NotFound', 'Recipient not found.');
    const b = (req.body ?? {}) as Record<string, any>;
    if (
      b.topic?.source !== 'text' ||
      !b.topic?.value ||
      !String(b.topic?.webUrl ?? '').startsWith('https://teams.microsoft.com/l/')
    )
      return graphError(
        res,
        400,
        'BadRequest',
        'Topic source text requires a value and a Teams deep link webUrl.',
      );
    if (!activityTypes.has(b.activityType))
      return graphError(
        res,
        400,
        'BadRequest',
        `Activity type '${b.activityType}' is not declared in the app manifest.`,
      );
    if (!b.previewText?.content || String(b.previewText.content).length > 150)
      return graphError(
        res,
        400,
        'BadRequest',
        'previewText.content is required and at most 150 characters.',
      );
    notifications.push({ recipient: u.id, body: b, at: Date.now() });
    res.status(204).end();
  });

  app.use('/v1.0', v1);
  app.use((req, res) =>
    graphError(
      res,
      400,
      'BadRequest',
      `Resource not found for the segment '${req.path.split('/').filter(Boolean)[1] ?? req.path}'.`,
    ),
  );

  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  function meetingJson(m: GraphStandInMeeting) {
    return {
      id: m.id,
      joinWebUrl: m.joinWebUrl,
      subject: m.subject,
      startDateTime: m.startDateTime,
      endDateTime: m.endDateTime,
      chatInfo: { threadId: m.threadId, messageId: '0', replyChainMessageId: null },
    };
  }

  return {
    url: base,
    requests,
    users,
    events,
    meetings,
    chats,
    reports,
    notifications,
    inject: (fault, count = 1, match) => {
      faults.push({ fault, count, match });
    },
    addReport: (onlineMeetingId, report) => {
      const full = { ...report, id: report.id ?? randomUUID() };
      reports.set(onlineMeetingId, [...(reports.get(onlineMeetingId) ?? []), full]);
      return full;
    },
    setAccessPolicyUsers: (u) => {
      accessPolicy = u === 'all' ? 'all' : new Set(u);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

function select(obj: object, $select: unknown): Record<string, unknown> {
  const all = obj as Record<string, unknown>;
  if (typeof $select !== 'string' || !$select) return { ...all };
  const out: Record<string, unknown> = {};
  for (const k of $select.split(',').map((s) => s.trim())) out[k] = all[k] ?? null;
  if ('@odata.context' in all) out['@odata.context'] = all['@odata.context'];
  return out;
}

/** A small fictional directory: coordinator, police, IDVA, social care, a guest, and a health member. */
export function defaultUsers(tenantId: string): GraphUser[] {
  void tenantId;
  return [
    {
      id: 'coord-0001',
      displayName: 'Casey Coordinator',
      mail: 'casey.coordinator@marac.example.gov.uk',
      companyName: 'Example County Council',
      department: 'MARAC',
      userPrincipalName: 'casey.coordinator@marac.example.gov.uk',
      userType: 'Member',
    },
    {
      id: 'police-0001',
      displayName: 'Pat Police',
      mail: 'pat.police@example.police.uk',
      companyName: 'Example Constabulary',
      department: 'Public Protection Unit',
      userPrincipalName: 'pat.police@example.police.uk',
      userType: 'Member',
    },
    {
      id: 'idva-0001',
      displayName: 'Ira IDVA',
      mail: 'ira@idva.example.org.uk',
      companyName: null,
      department: 'IDVA Service',
      userPrincipalName: 'ira@idva.example.org.uk',
      userType: 'Member',
    },
    {
      id: 'csc-0001',
      displayName: 'Sam Social',
      mail: 'sam.social@mail.example.gov.uk',
      companyName: null,
      department: null,
      userPrincipalName: 'sam.social@mail.example.gov.uk',
      userType: 'Member',
    },
    {
      id: 'health-0001',
      displayName: 'Hana Health',
      mail: 'hana.health@mh.nhs.example',
      companyName: 'Example NHS Foundation Trust',
      department: 'Safeguarding',
      userPrincipalName: 'hana.health@mh.nhs.example',
      userType: 'Member',
    },
    {
      id: 'guest-0001',
      displayName: 'Gale Guest',
      mail: 'gale@housing.example.org',
      companyName: 'Example Housing',
      department: null,
      userPrincipalName: 'gale_housing.example.org#EXT#@marac.example.onmicrosoft.com',
      userType: 'Guest',
    },
  ];
}
