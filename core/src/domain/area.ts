import { DEFAULT_TIME_ZONE } from './civil-time.js';
/** A MARAC area and the configuration its terms of reference set. */
export type AgencyId = string;
export type MeetingKind = 'marac' | 'marac-plus' | 'closed';
export type AgendaOrdering = 'receipt' | 'children-first' | 'cluster-by-agency';

/** The declaration read at the start of each meeting. Editing the text makes a new version. */
export interface Declaration {
  version: string;
  text: string;
  /** When this version came into force (absent for versions older than versioning). */
  since?: string;
}

/** "Potential escalation": N or more police incidents in 12 months, or none (professional judgement). */
export type EscalationRule = { kind: 'incidents'; incidents: number } | { kind: 'none' };

/** From what the 12-month repeat window runs: the last hearing (SafeLives) or the last referral. */
export type RepeatWindowStart = 'last-hearing' | 'last-referral';

export interface AreaConfig {
  id: string;
  name: string;
  /** Settings version: 1 when created, +1 on each change (who/when/why is in the audit trail). */
  version: number;
  /** IANA time zone every local time, "today" and due date of this area follows. */
  timeZone: string;
  /** DASH "yes" answers needed for visible high risk: 14 (SafeLives) or 17 (Cambridgeshire). */
  dashThreshold: number;
  /** Agencies in the order they speak; the referring agency always presents first. */
  battingOrder: AgencyId[];
  minutesPerCase: Record<MeetingKind, number>;
  maxCasesPerMeeting: number;
  /** The declaration in force now; earlier versions stay in `previousDeclarations`. */
  declaration: Declaration;
  /** Superseded declaration versions, oldest first, so minutes can name what was confirmed. */
  previousDeclarations: Declaration[];
  escalation: EscalationRule;
  repeatWindowStart: RepeatWindowStart;
  /** Days before the meeting the agenda goes to the agencies: 7 (Cambridgeshire), 8 (SafeLives). */
  agendaCirculationDays: number;
  /** Hours after the meeting the minutes and actions are due: 24 (Cambridgeshire), 168 (North Yorkshire). */
  minutesDeadlineHours: number;
  /** Local time ("HH:MM") on the day research returns are due: 14:00 (the attendee guide's "by 2pm"). */
  researchDeadlineTime: string;
  /** Working days (Monday to Friday) before the meeting that research is due: 1, "the day before". */
  researchDeadlineWorkingDays: number;
  /** What a stale action is called, e.g. "No update from lead agency". */
  overdueLabel: string;
  /** Minutes-left at which the chair is warned. */
  timerWarningMinutes: number[];
  actionDefaultDays: number;
  /** Days past due before an incomplete action gets `overdueLabel`. */
  overdueGraceDays: number;
  /**
   * Agencies that update their actions in their own system (e.g. police on Athena): tracked here,
   * never reminded and never stamped with `overdueLabel`.
   */
  selfRecordingAgencies: AgencyId[];
  /** Core agencies (expected at every meeting; a victim or perpetrator working for one means a closed session). */
  coreAgencies: AgencyId[];
  agendaOrdering: AgendaOrdering;
  retentionYears: number;
  /** Email domains or company names mapped to agencies, for directory look-ups. */
  agencyDirectoryMap: { match: string; agencyId: AgencyId }[];
  /**
   * Also notify through the Teams activity feed (besides the 1:1 cards): action reminders, the
   * agenda published, the minutes ready in the tab.
   */
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
  /** Retired agencies stay (the audit trail and old actions name them) but leave the batting order. */
  retiredAt?: string;
}

/** What an area stored before a setting existed gets: the SafeLives guidance, in UK time. */
export const AREA_DEFAULTS = {
  version: 1,
  timeZone: DEFAULT_TIME_ZONE,
  previousDeclarations: [] as Declaration[],
  escalation: { kind: 'incidents', incidents: 3 } as EscalationRule,
  repeatWindowStart: 'last-hearing' as RepeatWindowStart,
  agendaCirculationDays: 8,
  minutesDeadlineHours: 168,
  researchDeadlineTime: '14:00',
  researchDeadlineWorkingDays: 1,
  selfRecordingAgencies: [] as AgencyId[],
  coreAgencies: [] as AgencyId[],
  agencyDirectoryMap: [] as AreaConfig['agencyDirectoryMap'],
  activityFeedReminders: false,
  retentionYears: 7,
  agendaOrdering: 'receipt' as AgendaOrdering,
} satisfies Partial<AreaConfig>;

/**
 * The one place an area read from storage gets its missing settings: areas stored before a
 * setting existed read as if they had the default, without a migration rewriting them.
 */
export const normaliseArea = (stored: Partial<AreaConfig> & Pick<AreaConfig, 'id' | 'name'>): AreaConfig =>
  ({
    ...AREA_DEFAULTS,
    ...stored,
    minutesPerCase: { marac: 20, 'marac-plus': 60, closed: 20, ...stored.minutesPerCase },
  }) as AreaConfig;

/** The text of the declaration version someone confirmed, if this area still knows it. */
export const declarationVersion = (area: AreaConfig, version: string): Declaration | undefined =>
  [area.declaration, ...area.previousDeclarations].find((d) => d.version === version);

/** Agencies still in use, in batting order (retired ones and any not in the order come last, by name). */
export const activeAgencies = (area: Pick<AreaConfig, 'battingOrder'>, agencies: Agency[]): Agency[] =>
  agencies
    .filter((a) => !a.retiredAt)
    .sort((a, b) => rank(area, a) - rank(area, b) || a.name.localeCompare(b.name));

const rank = (area: Pick<AreaConfig, 'battingOrder'>, a: Agency) => {
  const i = area.battingOrder.indexOf(a.id);
  return i < 0 ? Number.MAX_SAFE_INTEGER : i;
};

export const minutesPerCase = (area: AreaConfig, kind: MeetingKind): number => area.minutesPerCase[kind];
