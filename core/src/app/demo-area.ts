import type { Agency, AreaConfig } from '../domain/area.js';

/**
 * An obviously fictional demonstration area, shaped like Cambridgeshire's MARAC (threshold 17,
 * eight cases of 20 minutes, the batting order from the attendee guide).
 */
export const DEMO_AREA_ID = 'cambs-demo';

export const CAMBS_DECLARATION = `THE CHAIR OF THE MEETING REMINDS ALL CONCERNED OF THE PROTOCOLS WITHIN THE AGREED DOMESTIC ABUSE SHARING OF INFORMATION DOCUMENT.

INFORMATION DISCUSSED BY THE AGENCY REPRESENTATIVE, WITHIN THE AMBIT OF THIS MEETING IS STRICTLY CONFIDENTIAL AND MUST NOT BE DISCLOSED TO THIRD PARTIES WHO HAVE NOT SIGNED UP TO THE 'DOMESTIC ABUSE INFORMATION SHARING PROTOCOL', WITHOUT THE AGREEMENT OF THE PARTNERS OF THE MEETING. IT SHOULD FOCUS ON DOMESTIC VIOLENCE AND CHILD PROTECTION CONCERNS AND A CLEAR DISTINCTION SHOULD BE MADE BETWEEN FACT AND OPINION.

ALL AGENCIES SHOULD ENSURE THAT THE MINUTES ARE RETAINED IN A CONFIDENTIAL AND APPROPRIATELY RESTRICTED MANNER. THESE MINUTES WILL AIM TO REFLECT THAT ALL INDIVIDUALS WHO ARE DISCUSSED AT THESE MEETINGS SHOULD BE TREATED FAIRLY, WITH RESPECT AND WITHOUT IMPROPER DISCRIMINATION. ALL WORK UNDERTAKEN AT THE MEETINGS WILL BE INFORMED BY A COMMITMENT TO EQUAL OPPORTUNITIES AND EFFECTIVE PRACTICE ISSUES IN RELATION TO RACE, GENDER, SEXUALITY AND DISABILITY.

THE PURPOSE OF THE MEETING IS AS FOLLOWS:
1. To share information to increase the safety, health and well-being of victims – adults and their children;
2. To determine whether the perpetrator poses a significant risk to any particular individual or to the general community;
3. To construct jointly and implement a risk management plan that provides professional support to all those at risk and that reduces the risk of harm;
4. To reduce repeat victimisation;
5. To improve agency accountability; and improve support for staff involved in high risk DV cases.

The responsibility to take appropriate actions rests with individual agencies; it is not transferred to the MARAC. The role of the MARAC is to facilitate, monitor and evaluate effective information sharing to enable appropriate actions to be taken to increase public safety.

BY CONFIRMING IN THE MEETING CHAT WE AGREE TO ABIDE BY THESE PRINCIPLES.`;

export const DEMO_AGENCIES: Omit<Agency, 'areaId'>[] = [
  { id: 'police', name: 'Police', short: 'Police' },
  { id: 'idva', name: 'IDVA Service', short: 'IDVA' },
  { id: 'csc', name: "Children's Social Care", short: 'CSC' },
  { id: 'asc', name: 'Adult Social Care', short: 'ASC' },
  { id: 'education', name: 'Education', short: 'Education' },
  { id: 'probation', name: 'Probation', short: 'Probation' },
  { id: 'drugs-alcohol', name: 'Drug & Alcohol Service', short: 'D&A' },
  { id: 'housing', name: 'Housing', short: 'Housing' },
  { id: 'mental-health', name: 'Mental Health', short: 'MH' },
  { id: 'health', name: 'Hospital / Health', short: 'Health' },
];

export const DEMO_AREA: AreaConfig = {
  id: DEMO_AREA_ID,
  name: 'Fenshire Demonstration MARAC (fictional)',
  version: 1,
  timeZone: 'Europe/London',
  dashThreshold: 17,
  battingOrder: DEMO_AGENCIES.map((a) => a.id),
  minutesPerCase: { marac: 20, 'marac-plus': 60, closed: 20 },
  maxCasesPerMeeting: 8,
  declaration: { version: 'cambs-2020-1', text: CAMBS_DECLARATION },
  previousDeclarations: [],
  // Cambridgeshire's terms of reference: 3+ police incidents in 12 months, agenda out 7 days
  // before, minutes within 24 hours.
  escalation: { kind: 'incidents', incidents: 3 },
  repeatWindowStart: 'last-hearing',
  agendaCirculationDays: 7,
  minutesDeadlineHours: 24,
  researchDeadlineTime: '14:00',
  researchDeadlineWorkingDays: 1,
  overdueLabel: 'No update from lead agency',
  timerWarningMinutes: [5, 1],
  actionDefaultDays: 7,
  overdueGraceDays: 7,
  selfRecordingAgencies: ['police'],
  coreAgencies: ['police', 'idva', 'csc', 'asc', 'probation', 'housing', 'mental-health', 'health'],
  agendaOrdering: 'receipt',
  retentionYears: 7,
  agencyDirectoryMap: [
    { match: 'fenshire.police.example', agencyId: 'police' },
    { match: 'Housing', agencyId: 'housing' },
  ],
  activityFeedReminders: false,
};
