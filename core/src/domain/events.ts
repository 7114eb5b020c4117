import type { AgencyId } from './area.js';

/**
 * What happened, for everyone who shows it: the bot's cards and the tab's live view consume
 * the same events. Payloads carry ids and case references, never personal details.
 */
export type DomainEvent =
  | { type: 'MeetingLinked'; meetingId: string; conversationId: string }
  | { type: 'DeclarationPosted'; meetingId: string; version: string }
  | {
      type: 'AttendeeJoined';
      meetingId: string;
      aadObjectId: string;
      displayName: string;
      /** Joined after the first case opened. */
      late: boolean;
      /** Arrived by confirming the declaration: no reminder to confirm. */
      confirming?: boolean;
    }
  | { type: 'AttendeeLeft'; meetingId: string; aadObjectId: string }
  | {
      type: 'DeclarationConfirmed';
      meetingId: string;
      aadObjectId: string;
      displayName: string;
      method: string;
    }
  | {
      type: 'GateOverridden';
      meetingId: string;
      reason: string;
      unconfirmed: string[];
      uninvited?: string[];
      /** Set when the override opened a case (the gate holds for every case). */
      caseId?: string;
    }
  | { type: 'SafetyConfirmed'; meetingId: string; caseId: string; onBehalf: boolean }
  | { type: 'MeetingStarted'; meetingId: string }
  | { type: 'CaseOpened'; meetingId: string; caseId: string; reference: string; position: number }
  | { type: 'SpeakerAdvanced'; meetingId: string; caseId: string; phase: string; agencyId?: AgencyId }
  | { type: 'TimerChanged'; meetingId: string; caseId: string; deadline: number; paused: boolean }
  | { type: 'TimerWarning'; meetingId: string; caseId: string; minutesLeft: number }
  | {
      type: 'CaseClosed';
      meetingId: string;
      caseId: string;
      outcome: 'heard' | 'deferred' | 'referred-to-plus';
    }
  | { type: 'ActionAdded'; meetingId: string; caseId: string; actionId: string; ownerAgencyId: AgencyId }
  | {
      type: 'ActionChanged';
      meetingId: string;
      caseId: string;
      actionId: string;
      status: string;
      ownerAgencyId: AgencyId;
    }
  | { type: 'ActionReviewed'; meetingId: string; actionId: string; review: string }
  | { type: 'MeetingEnded'; meetingId: string }
  | { type: 'AgendaChanged'; meetingId: string }
  /** Sent to the agencies: `caseIds` new or changed since the last publication; new agencies get every case. */
  | {
      type: 'AgendaPublished';
      meetingId: string;
      number: number;
      caseIds: string[];
      removedReferences: string[];
      agencyIds: AgencyId[];
      newAgencyIds: AgencyId[];
    }
  | {
      type: 'ResearchReturned';
      meetingId: string;
      caseId: string;
      agencyId: AgencyId;
      held: boolean;
      late: boolean;
    }
  | { type: 'MinutesCirculated'; meetingId: string }
  /** The IDVA recorded (or changed) the victim's views on a case: the case card says so, never what. */
  | { type: 'VictimViewsRecorded'; meetingId: string; caseId: string }
  | { type: 'ResearchChased'; meetingId: string; agencyId: AgencyId; caseIds: string[] }
  | { type: 'MeetingChanged'; meetingId: string };

export type DomainEventType = DomainEvent['type'];

/** An event as stored: a global sequence number lets a reconnecting viewer catch up. */
export type StoredEvent = DomainEvent & { seq: number; at: string };
