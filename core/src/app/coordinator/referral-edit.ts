import { DomainError, isDomainError } from '../../domain/errors.js';
import type { MaracCase } from '../../domain/referral.js';
import { notFound, requireManager } from './access.js';
import { toCaseSummary, toHearingViews } from './case-views.js';
import { record, type Actor, type CoordinatorDeps } from './context.js';
import { assessReferral, isPoliceAgency } from './checks.js';
import type { NewReferral } from './referrals.js';

/** What the case page's form may change; the placement (meeting, closed session) is listing's job. */
export type ReferralEdit = Pick<
  NewReferral,
  | 'referringAgencyId'
  | 'victim'
  | 'perpetrators'
  | 'children'
  | 'dash'
  | 'criteria'
  | 'professionalJudgementRationale'
  | 'escalationIncidents'
  | 'daraLevel'
  | 'consent'
  | 'idva'
  | 'diversity'
> & {
  /** The case's version when the form was opened: a referral changed since is refused, not overwritten. */
  version: number;
};

export const STALE_REFERRAL =
  'This referral has changed since you opened it. Copy what you typed, reload and edit again.';

// Audited with old and new values. Free text and diversity may name or describe a person, so they
// are audited like the sealed details: only that they changed.
const OPEN_FIELDS = [
  'referringAgencyId',
  'criteria',
  'dash',
  'escalationIncidents',
  'daraLevel',
  'consent',
  'idva',
] as const;
const QUIET_FIELDS = ['professionalJudgementRationale', 'diversity'] as const;

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Edit a referral from the case page: the checks run again, personal details are re-sealed and
 * their keyed hashes recomputed (so search and the repeat rule find the new names), and the audit
 * says what changed without ever holding a name, date of birth or address.
 */
export async function editReferral(deps: CoordinatorDeps, actor: Actor, caseId: string, edit: ReferralEdit) {
  await requireManager(deps, actor, 'referral.edit', `case:${caseId}`);
  const r0 = deps.store.repos;
  const c = await r0.cases.get(caseId);
  if (!c) throw notFound('The case');
  if (c.version !== edit.version) throw new DomainError('stale', STALE_REFERRAL, { version: c.version });
  const area = (await r0.areas.get(c.areaId))!;
  const agency = (await r0.agencies.list(area.id)).find((a) => a.id === edit.referringAgencyId);
  if (!agency)
    throw new DomainError('invalid', 'Choose the referring agency.', {
      fields: [{ field: 'referringAgencyId', message: 'Choose the referring agency.' }],
    });
  const a = await assessReferral(
    deps,
    r0,
    area,
    { ...edit, areaId: area.id, meetingId: c.meetingId, caseId: c.id, confirmedMatchIds: c.repeatOf },
    isPoliceAgency(agency),
  );
  if (!a.check.ok)
    throw new DomainError('invalid', 'The referral does not yet meet the MARAC criteria.', {
      fields: a.check.problems,
    });

  const next: MaracCase = {
    ...c,
    referringAgencyId: edit.referringAgencyId,
    criteria: a.criteria,
    professionalJudgementRationale: edit.professionalJudgementRationale?.trim() || undefined,
    escalationIncidents: edit.escalationIncidents,
    daraLevel: edit.daraLevel,
    dash: edit.dash,
    consent: edit.consent,
    idva: edit.idva,
    diversity: edit.diversity,
    childrenInHousehold: edit.children.length,
    personal: { victim: edit.victim, perpetrators: edit.perpetrators, children: edit.children },
    ...a.keys,
  };
  const changes = Object.fromEntries(
    OPEN_FIELDS.filter((f) => !same(c[f], next[f])).map((f) => [
      f,
      { from: c[f] ?? null, to: next[f] ?? null },
    ]),
  );
  const quiet = QUIET_FIELDS.filter((f) => !same(c[f], next[f]));
  const personalChanged = !same(c.personal, next.personal);

  try {
    return await deps.store.tx(async (r) => {
      const saved = await r.cases.put(next, c.version);
      await record(r, deps.clock, actor, {
        action: 'referral.edited',
        subject: `case:${c.id}`,
        details: {
          reference: c.reference,
          changes,
          changed: [...quiet, ...(personalChanged ? ['personal details changed'] : [])],
        },
      });
      return {
        case: toCaseSummary(actor, saved),
        version: saved.version,
        repeat: { repeat: a.repeat.repeat, earlier: await toHearingViews(r, a.repeat.earlier) },
        twoWeekConflict: a.twoWeekConflict ? (await toHearingViews(r, [a.twoWeekConflict]))[0] : undefined,
        possibleMatches: a.possibleMatches,
      };
    });
  } catch (e) {
    // Someone saved between our read and our write: the same refusal as a stale form.
    if (isDomainError(e) && e.code === 'stale') throw new DomainError('stale', STALE_REFERRAL);
    throw e;
  }
}
