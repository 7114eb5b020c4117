import { dashScore, type CasePersonalDetails, type Hearing, type MaracCase } from '../../domain/referral.js';
import type { Repos } from '../../ports/repositories.js';
import { canSeePersonal } from './access.js';
import type { Actor } from './context.js';

/** What anyone who may see the case may see: references and facts, never names. */
export interface CaseSummary {
  id: string;
  reference: string;
  receivedAt: string;
  referringAgencyId: string;
  criteria: MaracCase['criteria'];
  dashScore: number;
  status: MaracCase['status'];
  meetingId?: string;
  childrenInHousehold: number;
  closedSession: boolean;
  /** Only for those who may see personal details. */
  personal?: CasePersonalDetails;
}

export function toCaseSummary(actor: Actor, c: MaracCase): CaseSummary {
  return {
    id: c.id,
    reference: c.reference,
    receivedAt: c.receivedAt,
    referringAgencyId: c.referringAgencyId,
    criteria: c.criteria,
    dashScore: dashScore(c.dash),
    status: c.status,
    meetingId: c.meetingId,
    childrenInHousehold: c.childrenInHousehold,
    closedSession: c.closedSession,
    personal: canSeePersonal(actor) ? c.personal : undefined,
  };
}

export interface HearingView {
  meetingId: string;
  heardOn: string;
  outcome: Hearing['outcome'];
  caseReference?: string;
}

export async function toHearingViews(r: Repos, hearings: Hearing[]): Promise<HearingView[]> {
  return Promise.all(
    hearings.map(async (h) => ({
      meetingId: h.meetingId,
      heardOn: h.heardOn,
      outcome: h.outcome,
      caseReference: (await r.cases.get(h.caseId))?.reference,
    })),
  );
}
