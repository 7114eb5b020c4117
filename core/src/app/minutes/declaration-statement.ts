import { localTime } from '../../domain/civil-time.js';
import type { LiveMeeting } from '../../domain/hearing.js';

export interface StatementInput {
  version: string;
  timeZone: string;
  live: LiveMeeting;
  /** Each attendee's first arrival and last leaving (ISO), with the name the minutes give them. */
  attendees: { aadObjectId: string; label: string; arrivedAt: string; leftAt?: string }[];
  confirmedAt: Map<string, string>;
  /** The chair's name for an override's `by`. */
  chairName: (ref: string) => string;
}

/**
 * What the minutes say about the confidentiality declaration, derived from the record: that
 * everyone confirmed before hearing a case only when they did; otherwise who had not confirmed
 * when which case opened (or joined during it), and each override of the gate with its reason.
 */
export function declarationStatement(i: StatementInput): string[] {
  const t = (ms: number) => localTime(ms, i.timeZone);
  const confirmedBy = (aad: string, ms: number) => {
    const at = i.confirmedAt.get(aad);
    return at !== undefined && Date.parse(at) <= ms;
  };
  const lines: string[] = [];
  const start = i.live.gateOverride;
  if (start)
    lines.push(
      `The chair (${i.chairName(start.by)}) started the meeting at ${t(start.at)} although ${start.unconfirmed.join(', ')} had not confirmed. Reason: ${start.reason}`,
    );
  const joinedDuring = new Set<string>();
  for (const run of i.live.cases) {
    if (run.startedAt === undefined) continue;
    const opened = run.startedAt;
    const closed = run.endedAt ?? Infinity;
    const heardFrom = (a: StatementInput['attendees'][number]) => Math.max(opened, Date.parse(a.arrivedAt));
    const present = i.attendees.filter(
      (a) => Date.parse(a.arrivedAt) < closed && (!a.leftAt || Date.parse(a.leftAt) > opened),
    );
    const which = `case ${run.position} (${run.reference})`;
    const head = `C${which.slice(1)}`;
    const atOpening = present.filter(
      (a) => Date.parse(a.arrivedAt) < opened && !confirmedBy(a.aadObjectId, opened),
    );
    if (atOpening.length || run.gateOverride) {
      const who = atOpening.length
        ? atOpening.map((a) => a.label).join(', ')
        : run.gateOverride!.unconfirmed.join(', ');
      const o = run.gateOverride;
      lines.push(
        `${head} opened at ${t(opened)} before ${who} had confirmed${o ? `; the chair (${i.chairName(o.by)}) opened it over the declaration gate. Reason: ${o.reason}` : '.'}`,
      );
    }
    for (const a of present)
      if (
        Date.parse(a.arrivedAt) >= opened &&
        !joinedDuring.has(a.aadObjectId) &&
        !confirmedBy(a.aadObjectId, heardFrom(a))
      ) {
        joinedDuring.add(a.aadObjectId);
        lines.push(`${a.label} joined during ${which} at ${t(heardFrom(a))} before confirming.`);
      }
  }
  const heardAny = i.live.cases.some((c) => c.startedAt !== undefined);
  const everyone = i.attendees.every((a) => i.confirmedAt.has(a.aadObjectId));
  if (!lines.length && everyone)
    return [
      heardAny
        ? `Everyone present confirmed the confidentiality declaration (version ${i.version}) before hearing any case.`
        : `Everyone present confirmed the confidentiality declaration (version ${i.version}).`,
    ];
  if (!lines.length)
    return [`Not everyone present confirmed the confidentiality declaration (version ${i.version}).`];
  return [
    `Not everyone present had confirmed the confidentiality declaration (version ${i.version}) before a case was heard:`,
    ...lines,
  ];
}
