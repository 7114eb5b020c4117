import { z } from 'zod';
import { ROLES } from '../../../core/src/domain/person.js';

/**
 * Shapes of the set-up forms' bodies. Ranges and meanings (a real time zone, a threshold out of
 * 24) are checked once, in core, and come back naming the field.
 */
const whole = (what: string) =>
  z.number(`Enter ${what} as a number.`).int(`Enter ${what} as a whole number.`);

export const areaSettingsSchema = z.object({
  name: z.string().max(120),
  timeZone: z.string().max(60),
  dashThreshold: whole('the DASH threshold'),
  escalation: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('incidents'), incidents: whole('the number of incidents') }),
    z.object({ kind: z.literal('none') }),
  ]),
  repeatWindowStart: z.enum(['last-hearing', 'last-referral']),
  minutesPerCase: z.object({
    marac: whole('minutes per case'),
    'marac-plus': whole('minutes per case'),
    closed: whole('minutes per case'),
  }),
  maxCasesPerMeeting: whole('the maximum cases'),
  timerWarningMinutes: z.array(whole('warning minutes')).max(5),
  agendaCirculationDays: whole('the circulation days'),
  minutesDeadlineHours: whole('the minutes deadline'),
  researchDeadlineTime: z.string().max(5),
  researchDeadlineWorkingDays: whole('the research deadline days'),
  overdueLabel: z.string().max(80),
  overdueGraceDays: whole('the grace days'),
  actionDefaultDays: whole('the default action days'),
  retentionYears: whole('the retention years'),
  agendaOrdering: z.enum(['receipt', 'children-first', 'cluster-by-agency']),
  activityFeedReminders: z.boolean(),
  declarationText: z.string().max(20_000),
});

export const newAreaSchema = areaSettingsSchema
  .partial()
  .required({ name: true, dashThreshold: true, declarationText: true });

/** The envelope of a settings change; `changes` is parsed on its own so field names stay bare. */
export const areaChangeSchema = z.object({
  changes: z.record(z.string(), z.unknown()),
  reason: z.string().max(500),
  version: z.number().int().min(1),
});

export const newAgencySchema = z.object({
  name: z.string().max(80),
  short: z.string().max(20).optional(),
  core: z.boolean().optional(),
  ownSystem: z.boolean().optional(),
});

export const agencyChangesSchema = newAgencySchema.partial().extend({
  directoryMatches: z.array(z.string().max(200)).max(20).optional(),
});

export const battingOrderSchema = z.object({
  order: z.array(z.string().max(100)).max(100),
  version: z.number().int().min(1),
});

export const personSchema = z.object({
  displayName: z.string().max(120),
  email: z.string().max(200),
  aadObjectId: z.string().max(60),
  agencyId: z.string().max(100).optional(),
  roles: z.array(z.enum(ROLES)).max(ROLES.length),
  areaIds: z.array(z.string().max(100)).max(50).optional(),
});

export const personChangesSchema = personSchema.partial().extend({
  active: z.boolean().optional(),
  reason: z.string().max(500).optional(),
});

export const peopleImportSchema = z.object({
  csv: z.string().max(60_000, 'Import at most a few hundred people at a time.'),
  preview: z.boolean().optional(),
  goodRowsOnly: z.boolean().optional(),
});
