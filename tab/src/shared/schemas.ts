import { z } from 'zod';
import { SORT_KEYS } from './actions-view.js';
import { type ArgSpec, type TabCommand, TAB_VERBS } from '@marac/core/verbs';

/**
 * Request bodies, validated on both sides: the forms show these messages next to their fields
 * and the server refuses the same things with 400.
 */
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date (YYYY-MM-DD).');
const optionalDate = z
  .union([isoDate, z.literal('')])
  .optional()
  .transform((v) => v || undefined);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Enter a time (HH:MM).');
const id = z.string().min(1).max(100);
const text = (max: number) => z.string().trim().max(max, `Keep it under ${max} characters.`);

export const meetingKinds = ['marac', 'marac-plus', 'closed'] as const;

export const newMeetingSchema = z.object({
  areaId: z.string().min(1, 'Choose a MARAC area.').max(100),
  kind: z.enum(meetingKinds, 'Choose the kind of meeting.'),
  date: isoDate,
  startTime: hhmm,
  chairId: z
    .union([id, z.literal('')])
    .optional()
    .transform((v) => v || undefined),
  parentMeetingId: z
    .union([id, z.literal('')])
    .optional()
    .transform((v) => v || undefined),
  invitedAgencyIds: z.array(id).max(50).optional(),
});
export type NewMeetingBody = z.input<typeof newMeetingSchema>;

const subject = z.object({
  name: text(120).min(2, 'Enter the full name.'),
  dateOfBirth: optionalDate,
  address: text(300).optional(),
  gender: text(40).optional(),
});

export const dashAnswers = ['yes', 'no', 'dont-know'] as const;
export const criteriaNames = ['visible-high-risk', 'professional-judgement', 'escalation', 'repeat'] as const;

export const referralSchema = z.object({
  areaId: z.string().min(1, 'Choose a MARAC area.').max(100),
  meetingId: z
    .union([id, z.literal('')])
    .optional()
    .transform((v) => v || undefined),
  referringAgencyId: z.string().min(1, 'Choose the referring agency.').max(100),
  victim: subject,
  perpetrators: z.array(subject).min(1, 'Add at least one perpetrator.').max(10),
  children: z
    .array(z.object({ name: text(120).min(2, "Enter the child's name."), dateOfBirth: optionalDate }))
    .max(20),
  // A complete DASH, or fewer answers with professional judgement or a police DARA level (checked in core).
  dash: z.array(z.enum(dashAnswers)).max(24, 'The DASH checklist has 24 questions.'),
  daraLevel: z.enum(['standard', 'medium', 'high']).optional(),
  idva: z.object({ referred: z.boolean(), contacted: z.boolean() }).optional(),
  criteria: z.array(z.enum(criteriaNames)).max(4),
  professionalJudgementRationale: text(4000).optional(),
  escalationIncidents: z.number().int().min(0).max(999).optional(),
  consent: z.enum(['given', 'not-given', 'not-sought'], 'Say whether consent was given.'),
  honourBasedAbuse: z.boolean(),
  worksForCoreAgency: z.boolean(),
  diversity: z.object({
    ethnicity: z.enum(['white', 'bme', 'not-stated']).optional(),
    lgbt: z.boolean().optional(),
    disability: z.boolean().optional(),
    gender: z.enum(['female', 'male', 'other', 'not-stated']).optional(),
    age: z.number().int().min(0).max(120).optional(),
  }),
  twoWeekReason: text(500).optional(),
  confirmedMatchIds: z.array(id).max(50).optional(),
  dismissedMatchIds: z.array(id).max(50).optional(),
  confirmFull: z.boolean().optional(),
});
export type ReferralBody = z.input<typeof referralSchema>;

/** An edit from the case page: the referral's own fields, against the version the form was opened at. */
export const referralEditSchema = referralSchema
  .pick({
    referringAgencyId: true,
    victim: true,
    perpetrators: true,
    children: true,
    dash: true,
    daraLevel: true,
    idva: true,
    criteria: true,
    professionalJudgementRationale: true,
    escalationIncidents: true,
    consent: true,
    diversity: true,
  })
  .extend({ version: z.number().int().min(0) });
export type ReferralEditBody = z.input<typeof referralEditSchema>;

/** What the form has so far, checked as the coordinator types (nothing is stored). */
export const referralCheckSchema = referralSchema
  .pick({
    areaId: true,
    meetingId: true,
    dash: true,
    criteria: true,
    professionalJudgementRationale: true,
    escalationIncidents: true,
    daraLevel: true,
    confirmedMatchIds: true,
  })
  .extend({
    referringAgencyId: z.string().max(100).optional(),
    victim: z.object({ name: text(120), dateOfBirth: optionalDate }),
    perpetrators: z.array(z.object({ name: text(120), dateOfBirth: optionalDate })).max(10),
    caseId: id.optional(),
  });

export const reorderSchema = z.object({
  caseIds: z.array(id).max(200),
  expectedOrder: z.array(id).max(200).optional(),
});

export const listingSchema = z.object({
  meetingId: id,
  confirmFull: z.boolean().optional(),
  twoWeekReason: text(500).optional(),
});

export const removalSchema = z.object({
  reason: text(500).min(1, 'Say why the case comes off the agenda.'),
});

/** Move a planned meeting to another date or time (warnings, not refusals, for a clash or outside office hours). */
export const meetingMoveSchema = z.object({ date: isoDate, startTime: hhmm }).strict();

export const cancelSchema = z.object({
  reason: text(500).min(1, 'Say why the meeting is cancelled.'),
});

export const suggestSchema = z.object({
  ordering: z.enum(['receipt', 'children-first', 'cluster-by-agency']).optional(),
});

export const teamsLinkSchema = z.object({
  chatId: text(400).min(1),
  teamsMeetingId: text(400).optional(),
  tenantId: text(100).optional(),
});

const argSchema = (a: ArgSpec) =>
  a.kind === 'int'
    ? (() => {
        const n = z.number().int(a.message).min(a.min, a.message).max(a.max, a.message);
        return a.default === undefined ? n : n.default(a.default);
      })()
    : a.required
      ? z.string().trim().min(1, a.required).max(a.max)
      : z.string().trim().max(a.max).default('');

/** One object per live control of the verb registry, with that verb's arguments. */
const controls = TAB_VERBS.map((v) =>
  z.object({
    type: z.literal(v.name),
    ...Object.fromEntries(Object.entries('args' in v ? v.args : {}).map(([k, a]) => [k, argSchema(a)])),
  }),
);

/** The chair's controls in the live view, derived from the verb registry (core/src/verbs). */
export const chairSchema = z.object({
  command: z.discriminatedUnion(
    'type',
    controls as unknown as [(typeof controls)[number]],
  ) as unknown as z.ZodType<TabCommand>,
  expectedVersion: z.number().int().min(0).optional(),
  /** `start` although someone present has not confirmed: recorded with their names. */
  overrideReason: z.string().trim().max(500).optional(),
});

export const noUpdateSchema = z.object({ version: z.number().int().min(0).optional() });

/** What an agency records on its action from the tab: the same three changes its action card offers. */
export const actionChangeSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('complete'),
    note: text(2000).min(1, 'Add an outcome note: what was done.'),
    version: z.number().int().min(0),
  }),
  z.object({
    kind: z.literal('update'),
    note: text(2000).min(1, 'Write the update.'),
    version: z.number().int().min(0),
  }),
  z.object({
    kind: z.literal('cannot-complete'),
    note: text(1000).min(1, 'Say why it could not be done.'),
    instead: text(1000).min(1, 'Say what was done instead.'),
    version: z.number().int().min(0),
  }),
]);
export type ActionChangeBody = z.input<typeof actionChangeSchema>;

export const devSignInSchema = z.object({ personId: id });

export const actionsQuerySchema = z.object({
  meetingId: id.optional(),
  agencyId: id.optional(),
  status: z.enum(['open', 'complete', 'cannot-complete', 'no-update', 'removed']).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  /** The CSV export is the tracker as shown: its search and sort. */
  search: z.string().max(200).optional(),
  sort: z.enum(SORT_KEYS).optional(),
  dir: z.enum(['ascending', 'descending']).optional(),
});

/** Field errors as the forms show them: dotted path to message. */
export function fieldErrors(
  issues: { path: PropertyKey[]; message: string }[],
): { field: string; message: string }[] {
  return issues.map((i) => ({ field: i.path.map(String).join('.'), message: i.message }));
}
