import type { AgencyId } from './area.js';

export type ConfirmationMethod = 'typed' | 'card' | 'recorded';

/** One attendee's confirmation of the confidentiality declaration: who, when, how, which version. */
export interface Confirmation {
  meetingId: string;
  aadObjectId: string;
  personId?: string;
  displayName: string;
  agencyId?: AgencyId;
  confirmedAt: string;
  method: ConfirmationMethod;
  /** The chat message (typed) or card activity (card) that carried it. */
  messageId?: string;
  declarationVersion: string;
  /** Method 'recorded': the coordinator or chair who heard the verbal confirmation and recorded it. */
  recordedBy?: string;
}

export type PresenceSource = 'joined' | 'spoke' | 'recorded';

/** Someone in the meeting: joined per Teams, spoke in the chat, or recorded present by the coordinator. */
export interface Attendee {
  meetingId: string;
  aadObjectId: string;
  displayName: string;
  agencyId?: AgencyId;
  present: boolean;
  source: PresenceSource;
  firstSeenAt: string;
  leftAt?: string;
  /** Arrived after the declaration was read: must confirm before hearing anything. */
  lateJoiner: boolean;
  /** Attends as an observer or assessor (with the chair's permission), not for an agency. */
  role?: AttendeeRole;
  /** Recorded by hand: how they attend (the bot cannot see a phone line or the room). */
  attendingBy?: 'dial-in' | 'in-person';
  /** Who recorded them present (source 'recorded'). */
  recordedBy?: string;
}

export type AttendeeRole = 'representative' | 'observer' | 'assessor';

export interface RollCall {
  present: Attendee[];
  confirmed: Attendee[];
  unconfirmed: Attendee[];
  /** Late joiners still to confirm: flagged to chair and coordinator. */
  lateUnconfirmed: Attendee[];
}

export function rollCall(
  attendees: Attendee[],
  confirmations: Pick<Confirmation, 'aadObjectId'>[],
): RollCall {
  const done = new Set(confirmations.map((c) => c.aadObjectId));
  const present = attendees.filter((a) => a.present);
  const unconfirmed = present.filter((a) => !done.has(a.aadObjectId));
  return {
    present,
    confirmed: present.filter((a) => done.has(a.aadObjectId)),
    unconfirmed,
    lateUnconfirmed: unconfirmed.filter((a) => a.lateJoiner),
  };
}

/** Nobody hears a case until everyone present has confirmed (unless the chair overrides, with a reason). */
export function declarationGate(rc: RollCall): { open: boolean; blocking: Attendee[] } {
  return { open: rc.unconfirmed.length === 0, blocking: rc.unconfirmed };
}
