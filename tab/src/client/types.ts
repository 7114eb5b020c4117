/** The API's shapes, shared with the server as types only (nothing from core is bundled). */
export type {
  ActionHistory,
  ActionRow,
  AgendaRow,
  AgendaSection,
  AgendaView,
  AreaSummary,
  CaseSummary,
  ExpiringFlag,
  HearingView,
  MeetingView,
  PersonSummary,
  PlanningView,
  ReferralOutcome,
  InboxRow,
  CasePage as CaseDetail,
  MeetingChoice,
} from '../../../core/src/app/coordinator/index.js';
export type { Role } from '../../../core/src/domain/person.js';
export type { ResearchCase, ResearchView, ReturnsMatrix } from '../../../core/src/app/research/index.js';

export interface Me {
  id: string;
  displayName: string;
  roles: import('../../../core/src/domain/person.js').Role[];
  agencyId?: string;
  agencyName?: string;
  /** The server's date: what "today" and "overdue" mean. */
  today: string;
  /** The person's MARAC area's time zone (area settings): the clock every time is shown on. */
  timeZone?: string;
}

export interface AuthOptions {
  devSignIn: boolean;
  entraClientId: string | null;
  publicBaseUrl: string;
}

export const KIND_NAMES = { marac: 'MARAC', 'marac-plus': 'MARAC Plus', closed: 'Closed session' } as const;
