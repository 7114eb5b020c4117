/** A MARAC area and the configuration its terms of reference set. */
export type AgencyId = string;
export type MeetingKind = 'marac' | 'marac-plus' | 'closed';
export type AgendaOrdering = 'receipt' | 'children-first' | 'cluster-by-agency';

export interface Declaration {
  version: string;
  text: string;
}

export interface AreaConfig {
  id: string;
  name: string;
  /** DASH "yes" answers needed for visible high risk: 14 (SafeLives) or 17 (Cambridgeshire). */
  dashThreshold: number;
  /** Agencies in the order they speak; the referring agency always presents first. */
  battingOrder: AgencyId[];
  minutesPerCase: Record<MeetingKind, number>;
  maxCasesPerMeeting: number;
  declaration: Declaration;
  /** What a stale action is called, e.g. "No update from lead agency". */
  overdueLabel: string;
  /** Minutes-left at which the chair is warned. */
  timerWarningMinutes: number[];
  actionDefaultDays: number;
  /** Days past due before an incomplete action gets `overdueLabel`. */
  overdueGraceDays: number;
  /** Agencies that track actions in their own systems: tracked here, never reminded. */
  selfRecordingAgencies: AgencyId[];
  agendaOrdering: AgendaOrdering;
  retentionYears: number;
  /** Email domains or company names mapped to agencies, for directory look-ups. */
  agencyDirectoryMap: { match: string; agencyId: AgencyId }[];
  /** Also send action reminders as Teams activity-feed notifications. */
  activityFeedReminders: boolean;
}

export interface Agency {
  id: AgencyId;
  areaId: string;
  name: string;
  /** Short label for chat, e.g. "CSC". */
  short: string;
  /** Channel conversation where this agency wants its actions, if configured. */
  channelConversationId?: string;
}

export const minutesPerCase = (area: AreaConfig, kind: MeetingKind): number => area.minutesPerCase[kind];
