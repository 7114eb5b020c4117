import type { AgencyId } from './area.js';

/**
 * The live meeting: which case is being heard, who is speaking, and the case timer.
 * The rules that move it live in `live-meeting.ts`; this file is its shape.
 */
export type Phase =
  | { kind: 'referral' }
  | { kind: 'information'; agencyIndex: number }
  | { kind: 'risk-summary' }
  | { kind: 'actions'; agencyIndex: number }
  /** The IDVA confirms the proposed actions are as safe as possible for the victim (SafeLives). */
  | { kind: 'safety' }
  | { kind: 'read-back' };

export interface CaseTimer {
  slotMs: number;
  /** Epoch ms when the slot runs out; moved by pause/resume/extend. */
  deadline: number;
  pausedAt?: number;
  /** Bumped by every extend, so warnings already given re-arm for the new deadline. */
  extensions: number;
}

export type CaseRunStatus = 'pending' | 'current' | 'heard' | 'deferred' | 'referred-to-plus';

export interface CaseRun {
  caseId: string;
  reference: string;
  position: number;
  referringAgencyId: AgencyId;
  hasChildren: boolean;
  status: CaseRunStatus;
  phase?: Phase;
  timer?: CaseTimer;
  startedAt?: number;
  endedAt?: number;
  deferReason?: string;
  /** Agencies the chair marked "no information held" for this case. */
  noInformation: AgencyId[];
  /** The IDVA (or the chair on their behalf) confirmed the plan is as safe as possible. */
  safetyConfirmed?: { at: number; by: string; onBehalf: boolean };
  /** Opened although someone present had not confirmed the declaration: who, and why. */
  gateOverride?: { at: number; by: string; reason: string; unconfirmed: string[]; uninvited?: string[] };
}

export type LiveStage = 'waiting' | 'declaration' | 'opening' | 'hearing' | 'ended';

export interface LiveMeeting {
  meetingId: string;
  stage: LiveStage;
  declarationPostedAt?: number;
  /** Present-but-unconfirmed names the chair overrode the gate for, with the reason. */
  /** `uninvited`: present in a closed session without an invitation when the chair overrode. */
  gateOverride?: { at: number; by: string; reason: string; unconfirmed: string[]; uninvited?: string[] };
  battingOrder: AgencyId[];
  /** The area's IDVA service: its safety check follows action planning. None: no safety phase. */
  idvaAgencyId?: AgencyId;
  cases: CaseRun[];
  /** Index into `cases` of the case being heard. */
  current?: number;
  startedAt?: number;
  endedAt?: number;
  /** The step that produced this version: who, which command, and when (wall clock) it took effect. */
  lastCommand?: { by: string; command: string; at: number };
  version: number;
}
