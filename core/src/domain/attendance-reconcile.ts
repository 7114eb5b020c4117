import type { AgencyId } from './area.js';
import type { Attendee, Confirmation, ConfirmationMethod } from './confidentiality.js';

/**
 * Attendance for the minutes: Teams' attendance report, the declaration confirmations, the bot's
 * roll call and the apologies, reconciled into one row per person. Pure.
 *
 * - attended-confirmed:      in the Teams attendance report and confirmed the declaration
 * - attended-unconfirmed:    present (report or roll call) but never confirmed: the chair must see it
 * - confirmed-not-in-report: confirmed, but Teams' report does not show them (another device, phone
 *                            bridge, or no report): joined/left then come from the roll call
 * - apologies:               sent apologies and were not seen
 *
 * People are matched by Entra object id; a record without one (anonymous or phone participant) is
 * matched by email, then by display name (case- and space-insensitive), else stands on its own.
 */

/** One stretch of presence, ISO-8601 instants (as Graph's attendance intervals). */
export interface AttendanceIntervalInput {
  joinedAt: string;
  leftAt?: string;
}

/** One participant in a Teams attendance report (the neutral shape @marac/graph produces). */
export interface AttendanceRecordInput {
  aadObjectId?: string;
  displayName: string;
  email?: string;
  intervals: AttendanceIntervalInput[];
}

/** Someone who sent apologies. */
export interface Apology {
  aadObjectId?: string;
  displayName: string;
  email?: string;
  agencyId?: AgencyId;
}

export type AttendanceStatus =
  'attended-confirmed' | 'attended-unconfirmed' | 'apologies' | 'confirmed-not-in-report';

export interface AttendanceRow {
  name: string;
  agency?: AgencyId;
  aadObjectId?: string;
  /** First join, ISO-8601 (report, else roll call). */
  joined?: string;
  /** Last leave, ISO-8601; absent while still in the meeting or unknown. */
  left?: string;
  confirmedAt?: string;
  method?: ConfirmationMethod;
  status: AttendanceStatus;
}

export interface ReconcileInput {
  /** Records of every attendance report of the meeting (all sessions). */
  records: AttendanceRecordInput[];
  confirmations: Confirmation[];
  rollCall: Attendee[];
  apologies: Apology[];
}

interface Person {
  aadObjectId?: string;
  emails: Set<string>;
  names: Set<string>;
  displayName?: string;
  nameRank: number;
  agency?: AgencyId;
  agencyRank: number;
  inReport: boolean;
  reportIntervals: AttendanceIntervalInput[];
  rollCall?: Attendee;
  confirmation?: Confirmation;
  apology?: Apology;
}

const key = (s: string | undefined) => (s ?? '').trim().replace(/\s+/g, ' ').toLowerCase();
const earliest = (xs: (string | undefined)[]) =>
  xs.filter((x): x is string => !!x).sort((a, b) => Date.parse(a) - Date.parse(b))[0];
const latest = (xs: (string | undefined)[]) =>
  xs.filter((x): x is string => !!x).sort((a, b) => Date.parse(b) - Date.parse(a))[0];

const ORDER: Record<AttendanceStatus, number> = {
  'attended-confirmed': 0,
  'attended-unconfirmed': 1,
  'confirmed-not-in-report': 2,
  apologies: 3,
};

export function reconcileAttendance(input: ReconcileInput): AttendanceRow[] {
  const people: Person[] = [];

  /** Find the person these identifiers belong to, or start a new one. */
  const find = (id: { aadObjectId?: string; email?: string; displayName?: string }): Person => {
    const email = key(id.email);
    const name = key(id.displayName);
    const byId = id.aadObjectId ? people.find((p) => p.aadObjectId === id.aadObjectId) : undefined;
    // Without an id, or matching someone who has none, fall back to email then name.
    const compatible = (p: Person) => !id.aadObjectId || !p.aadObjectId || p.aadObjectId === id.aadObjectId;
    const byEmail = !byId && email ? people.find((p) => compatible(p) && p.emails.has(email)) : undefined;
    const byName =
      !byId && !byEmail && name ? people.find((p) => compatible(p) && p.names.has(name)) : undefined;
    let p = byId ?? byEmail ?? byName;
    if (!p) {
      p = {
        emails: new Set(),
        names: new Set(),
        nameRank: 99,
        agencyRank: 99,
        inReport: false,
        reportIntervals: [],
      };
      people.push(p);
    }
    if (id.aadObjectId && !p.aadObjectId) p.aadObjectId = id.aadObjectId;
    if (email) p.emails.add(email);
    if (name) p.names.add(name);
    return p;
  };
  /** Lower rank wins: confirmations and roll call know the person best. */
  const name = (p: Person, n: string | undefined, rank: number) => {
    if (n?.trim() && rank < p.nameRank) {
      p.displayName = n.trim();
      p.nameRank = rank;
    }
  };
  const agency = (p: Person, a: AgencyId | undefined, rank: number) => {
    if (a && rank < p.agencyRank) {
      p.agency = a;
      p.agencyRank = rank;
    }
  };

  for (const c of input.confirmations) {
    const p = find(c);
    if (!p.confirmation || Date.parse(c.confirmedAt) < Date.parse(p.confirmation.confirmedAt))
      p.confirmation = c;
    name(p, c.displayName, 0);
    agency(p, c.agencyId, 0);
  }
  for (const a of input.rollCall) {
    const p = find(a);
    p.rollCall = a;
    name(p, a.displayName, 1);
    agency(p, a.agencyId, 1);
  }
  for (const r of input.records) {
    const p = find(r);
    p.inReport = true;
    p.reportIntervals.push(...r.intervals.filter((i) => !!i.joinedAt));
    name(p, r.displayName, 2);
  }
  for (const ap of input.apologies) {
    const p = find(ap);
    p.apology = ap;
    name(p, ap.displayName, 3);
    agency(p, ap.agencyId, 2);
  }

  const rows: AttendanceRow[] = people.map((p) => {
    const inReport = p.inReport;
    const seen = inReport || !!p.rollCall;
    const status: AttendanceStatus = p.confirmation
      ? inReport
        ? 'attended-confirmed'
        : 'confirmed-not-in-report'
      : seen
        ? 'attended-unconfirmed'
        : 'apologies';
    const row: AttendanceRow = { name: p.displayName ?? 'Unknown participant', status };
    if (p.agency) row.agency = p.agency;
    if (p.aadObjectId) row.aadObjectId = p.aadObjectId;
    if (seen) {
      const fromReport = p.reportIntervals.length > 0;
      const joined = fromReport
        ? earliest(p.reportIntervals.map((i) => i.joinedAt))
        : p.rollCall?.firstSeenAt;
      // Still in the meeting (an interval with no leave time, or present in the roll call): no "left".
      const open = fromReport
        ? p.reportIntervals.some((i) => !i.leftAt)
        : !!p.rollCall?.present && !p.rollCall.leftAt;
      const left = open
        ? undefined
        : fromReport
          ? latest(p.reportIntervals.map((i) => i.leftAt))
          : p.rollCall?.leftAt;
      if (joined) row.joined = joined;
      if (left) row.left = left;
    }
    if (p.confirmation) {
      row.confirmedAt = p.confirmation.confirmedAt;
      row.method = p.confirmation.method;
    }
    return row;
  });

  return rows.sort(
    (a, b) =>
      ORDER[a.status] - ORDER[b.status] ||
      (a.joined && b.joined
        ? Date.parse(a.joined) - Date.parse(b.joined)
        : a.joined
          ? -1
          : b.joined
            ? 1
            : 0) ||
      a.name.localeCompare(b.name),
  );
}
