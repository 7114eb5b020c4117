import {
  checkReferral,
  dashScore,
  type DashAnswer,
  type ReferralCriterion,
} from '../../../core/src/domain/referral.js';
import type { ReferralBody } from '../shared/schemas.js';

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
  honourBasedAbuse: false,
  worksForCoreAgency: false,
  diversity: { ethnicity: '', lgbt: false, disability: false, gender: '', age: '' },
});

export const yesCount = (f: ReferralForm) => dashScore(f.dash.filter((a): a is DashAnswer => a !== ''));

const num = (s: string) => (s.trim() === '' ? undefined : Number(s));
const opt = <T extends string>(s: string) => (s === '' ? undefined : (s as T));

/** The request body; visible high risk is ticked by the count, not by hand. */
export function toBody(f: ReferralForm, threshold: number): ReferralBody {
  const criteria: ReferralCriterion[] = [];
  if (yesCount(f) >= threshold) criteria.push('visible-high-risk');
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
    dash: f.dash.includes('') && f.professionalJudgement ? [] : (f.dash as DashAnswer[]),
    criteria,
    professionalJudgementRationale: f.rationale || undefined,
    escalationIncidents: num(f.incidents),
    consent: f.consent as 'given',
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
export function criteriaProblems(f: ReferralForm, threshold: number) {
  const body = toBody(f, threshold);
  if (f.dash.includes('')) return [];
  return checkReferral({ dashThreshold: threshold }, { ...body, dash: body.dash }).problems;
}
