import {
  checkReferral,
  dashScore,
  type DaraLevel,
  type DashAnswer,
  type ReferralCriterion,
} from '../../../core/src/domain/referral.js';
import type { MaracCase } from '../../../core/src/domain/referral.js';
import type { ReferralBody, ReferralEditBody } from '../shared/schemas.js';

/** The referral form as typed: strings for numbers, '' for unanswered. */
export interface ReferralForm {
  areaId: string;
  meetingId: string;
  referringAgencyId: string;
  victim: { name: string; dateOfBirth: string; address: string; gender: string };
  perpetrators: { name: string; dateOfBirth: string; address: string }[];
  children: { name: string; dateOfBirth: string }[];
  dash: (DashAnswer | '')[];
  professionalJudgement: boolean;
  escalation: boolean;
  repeat: boolean;
  rationale: string;
  incidents: string;
  consent: '' | 'given' | 'not-given' | 'not-sought';
  /** Police only: the DARA level, which may stand in for the DASH answers. */
  daraLevel: '' | DaraLevel;
  idvaReferred: boolean;
  idvaContacted: boolean;
  honourBasedAbuse: boolean;
  worksForCoreAgency: boolean;
  diversity: { ethnicity: string; lgbt: boolean; disability: boolean; gender: string; age: string };
}

export const emptyReferral = (areaId: string, meetingId = ''): ReferralForm => ({
  areaId,
  meetingId,
  referringAgencyId: '',
  victim: { name: '', dateOfBirth: '', address: '', gender: '' },
  perpetrators: [{ name: '', dateOfBirth: '', address: '' }],
  children: [],
  dash: Array(24).fill(''),
  professionalJudgement: false,
  escalation: false,
  repeat: false,
  rationale: '',
  incidents: '',
  consent: '',
  daraLevel: '',
  idvaReferred: false,
  idvaContacted: false,
  honourBasedAbuse: false,
  worksForCoreAgency: false,
  diversity: { ethnicity: '', lgbt: false, disability: false, gender: '', age: '' },
});

/** The form filled from a saved referral, for editing on the case page. */
export function fromCase(c: Omit<MaracCase, 'victimKey' | 'perpetratorKeys' | 'nameKeys'>): ReferralForm {
  const { victim, perpetrators, children } = c.personal;
  const str = (n: number | undefined) => (n === undefined ? '' : String(n));
  return {
    areaId: c.areaId,
    meetingId: c.meetingId ?? '',
    referringAgencyId: c.referringAgencyId,
    victim: {
      name: victim.name,
      dateOfBirth: victim.dateOfBirth ?? '',
      address: victim.address ?? '',
      gender: victim.gender ?? '',
    },
    perpetrators: perpetrators.map((p) => ({
      name: p.name,
      dateOfBirth: p.dateOfBirth ?? '',
      address: p.address ?? '',
    })),
    children: children.map((k) => ({ name: k.name, dateOfBirth: k.dateOfBirth ?? '' })),
    dash: c.dash.length ? [...c.dash] : Array(24).fill(''),
    professionalJudgement: c.criteria.includes('professional-judgement'),
    escalation: c.criteria.includes('escalation'),
    repeat: c.criteria.includes('repeat'),
    rationale: c.professionalJudgementRationale ?? '',
    incidents: str(c.escalationIncidents),
    consent: c.consent,
    daraLevel: c.daraLevel ?? '',
    idvaReferred: !!c.idva?.referred,
    idvaContacted: !!c.idva?.contacted,
    honourBasedAbuse: c.honourBasedAbuse,
    worksForCoreAgency: c.closedSession && !c.honourBasedAbuse,
    diversity: {
      ethnicity: c.diversity.ethnicity ?? '',
      lgbt: !!c.diversity.lgbt,
      disability: !!c.diversity.disability,
      gender: c.diversity.gender ?? '',
      age: str(c.diversity.age),
    },
  };
}

/** The edit's body: the referral's own fields, against the version the form was opened on. */
export function toEditBody(
  f: ReferralForm,
  threshold: number,
  kept: Pick<MaracCase, 'idva' | 'version'>,
): ReferralEditBody {
  const {
    areaId: _a,
    meetingId: _m,
    honourBasedAbuse: _h,
    worksForCoreAgency: _w,
    ...body
  } = toBody(f, threshold);
  // A referral saved without the IDVA answers stays without them until someone ticks one (no false "change").
  const idva = !kept.idva && !f.idvaReferred ? undefined : body.idva;
  return { ...body, idva, version: kept.version };
}

export const yesCount = (f: ReferralForm) => dashScore(f.dash.filter((a): a is DashAnswer => a !== ''));

const num = (s: string) => (s.trim() === '' ? undefined : Number(s));
const opt = <T extends string>(s: string) => (s === '' ? undefined : (s as T));

/** The request body; visible high risk is ticked by the count, not by hand. */
export function toBody(f: ReferralForm, threshold: number): ReferralBody {
  const criteria: ReferralCriterion[] = [];
  if (yesCount(f) >= threshold || f.daraLevel === 'high') criteria.push('visible-high-risk');
  if (f.professionalJudgement) criteria.push('professional-judgement');
  if (f.escalation) criteria.push('escalation');
  if (f.repeat) criteria.push('repeat');
  return {
    areaId: f.areaId,
    meetingId: f.meetingId,
    referringAgencyId: f.referringAgencyId,
    victim: {
      name: f.victim.name,
      dateOfBirth: f.victim.dateOfBirth,
      address: f.victim.address || undefined,
      gender: f.victim.gender || undefined,
    },
    perpetrators: f.perpetrators.map((p) => ({
      name: p.name,
      dateOfBirth: p.dateOfBirth,
      address: p.address || undefined,
    })),
    children: f.children.map((c) => ({ name: c.name, dateOfBirth: c.dateOfBirth })),
    // A DASH that could not be completed (professional judgement, or a police DARA level) is sent empty, not half.
    dash: f.dash.includes('') && (f.professionalJudgement || f.daraLevel) ? [] : (f.dash as DashAnswer[]),
    criteria,
    professionalJudgementRationale: f.rationale || undefined,
    escalationIncidents: num(f.incidents),
    consent: f.consent as 'given',
    daraLevel: f.daraLevel || undefined,
    idva: { referred: f.idvaReferred, contacted: f.idvaReferred && f.idvaContacted },
    honourBasedAbuse: f.honourBasedAbuse,
    worksForCoreAgency: f.worksForCoreAgency,
    diversity: {
      ethnicity: opt(f.diversity.ethnicity),
      lgbt: f.diversity.lgbt || undefined,
      disability: f.diversity.disability || undefined,
      gender: opt(f.diversity.gender),
      age: num(f.diversity.age),
    },
  };
}

/** The area's referral rules, checked in the browser with the same code the server runs. */
export function criteriaProblems(f: ReferralForm, threshold: number, agencyIsPolice = false) {
  const body = toBody(f, threshold);
  if (f.dash.includes('') && !f.daraLevel) return [];
  return checkReferral({ dashThreshold: threshold }, { ...body, dash: body.dash }, { agencyIsPolice })
    .problems;
}
