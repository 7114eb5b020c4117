import type { AreaConfig, Declaration, MeetingKind } from './area.js';

/** What an administrator may change on the area settings page (agencies have their own page). */
export type AreaSettings = Pick<
  AreaConfig,
  | 'name'
  | 'timeZone'
  | 'dashThreshold'
  | 'escalation'
  | 'repeatWindowStart'
  | 'minutesPerCase'
  | 'maxCasesPerMeeting'
  | 'timerWarningMinutes'
  | 'agendaCirculationDays'
  | 'minutesDeadlineHours'
  | 'researchDeadlineTime'
  | 'researchDeadlineWorkingDays'
  | 'overdueLabel'
  | 'overdueGraceDays'
  | 'actionDefaultDays'
  | 'retentionYears'
  | 'agendaOrdering'
  | 'activityFeedReminders'
> & { declarationText: string };

export interface FieldProblem {
  field: string;
  message: string;
}

const isZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

const whole = (v: unknown, min: number, max: number) =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** Every problem with a set of area settings, each naming its field. */
export function checkAreaSettings(s: Partial<AreaSettings>): FieldProblem[] {
  const p: FieldProblem[] = [];
  const need = (ok: boolean, field: string, message: string) => ok || p.push({ field, message });
  if (s.name !== undefined) need(!!s.name.trim() && s.name.length <= 120, 'name', 'Give the area a name.');
  if (s.timeZone !== undefined)
    need(isZone(s.timeZone), 'timeZone', 'Choose a time zone such as Europe/London.');
  if (s.dashThreshold !== undefined)
    need(
      whole(s.dashThreshold, 1, 24),
      'dashThreshold',
      'The DASH threshold is a number of "yes" answers, 1 to 24.',
    );
  if (s.escalation?.kind === 'incidents')
    need(
      whole(s.escalation.incidents, 1, 100),
      'escalation',
      'Escalation needs a number of police incidents in 12 months (1 or more).',
    );
  for (const kind of ['marac', 'marac-plus', 'closed'] as MeetingKind[])
    if (s.minutesPerCase?.[kind] !== undefined)
      need(whole(s.minutesPerCase[kind], 1, 240), `minutesPerCase.${kind}`, 'Minutes per case: 1 to 240.');
  if (s.maxCasesPerMeeting !== undefined)
    need(whole(s.maxCasesPerMeeting, 1, 100), 'maxCasesPerMeeting', 'Maximum cases per meeting: 1 to 100.');
  if (s.timerWarningMinutes !== undefined)
    need(
      s.timerWarningMinutes.length <= 5 && s.timerWarningMinutes.every((m) => whole(m, 1, 60)),
      'timerWarningMinutes',
      'Timer warnings are up to five numbers of minutes, 1 to 60.',
    );
  if (s.agendaCirculationDays !== undefined)
    need(
      whole(s.agendaCirculationDays, 1, 30),
      'agendaCirculationDays',
      'Circulate the agenda 1 to 30 days before.',
    );
  if (s.minutesDeadlineHours !== undefined)
    need(
      whole(s.minutesDeadlineHours, 1, 24 * 31),
      'minutesDeadlineHours',
      'Minutes deadline: 1 to 744 hours.',
    );
  if (s.researchDeadlineTime !== undefined)
    need(
      typeof s.researchDeadlineTime === 'string' && /^([01]\d|2[0-3]):[0-5]\d$/.test(s.researchDeadlineTime),
      'researchDeadlineTime',
      'Give the research deadline as a time such as 14:00.',
    );
  if (s.researchDeadlineWorkingDays !== undefined)
    need(
      whole(s.researchDeadlineWorkingDays, 0, 10),
      'researchDeadlineWorkingDays',
      'Research due 0 to 10 working days before the meeting.',
    );
  if (s.overdueLabel !== undefined)
    need(!!s.overdueLabel.trim() && s.overdueLabel.length <= 80, 'overdueLabel', 'Give the overdue label.');
  if (s.overdueGraceDays !== undefined)
    need(whole(s.overdueGraceDays, 0, 90), 'overdueGraceDays', 'Grace days: 0 to 90.');
  if (s.actionDefaultDays !== undefined)
    need(whole(s.actionDefaultDays, 1, 90), 'actionDefaultDays', 'Default action due in 1 to 90 days.');
  if (s.retentionYears !== undefined)
    need(whole(s.retentionYears, 1, 50), 'retentionYears', 'Retention: 1 to 50 years.');
  if (s.declarationText !== undefined)
    need(
      s.declarationText.trim().length >= 20 && s.declarationText.length <= 20_000,
      'declarationText',
      'The declaration needs its full text (at least 20 characters).',
    );
  return p;
}

/** The next declaration version: editing the text never changes a version someone confirmed. */
export function nextDeclaration(
  area: Pick<AreaConfig, 'declaration' | 'previousDeclarations'>,
  text: string,
  at: string,
) {
  if (text === area.declaration.text) return undefined;
  const n = area.previousDeclarations.length + 2;
  const version: Declaration = { version: `v${n}`, text, since: at };
  return {
    declaration: version,
    previousDeclarations: [...area.previousDeclarations, area.declaration],
  };
}
