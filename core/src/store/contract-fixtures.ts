import type { MaracAction } from '../domain/actions.js';
import type { Agency, AreaConfig } from '../domain/area.js';
import type { Attendee, Confirmation } from '../domain/confidentiality.js';
import type { LiveMeeting } from '../domain/hearing.js';
import type { Meeting } from '../domain/meeting.js';
import type { Person } from '../domain/person.js';
import type { Hearing, MaracCase } from '../domain/referral.js';

/** Small, fully-populated domain values for the storage contract tests. */
export const VICTIM_NAME = 'Philomena Quillfeather-Zanzibar';
export const PERPETRATOR_NAME = 'Bartholomew Grimsditch';
export const CHILD_NAME = 'Tobias Quillfeather';

export const area = (id = 'cambs'): AreaConfig => ({
  id,
  name: 'Cambridgeshire',
  version: 1,
  timeZone: 'Europe/London',
  dashThreshold: 17,
  battingOrder: ['police', 'idva'],
  minutesPerCase: { marac: 20, 'marac-plus': 60, closed: 20 },
  maxCasesPerMeeting: 9,
  declaration: { version: '2024-1', text: 'I agree to keep this confidential.' },
  previousDeclarations: [],
  escalation: { kind: 'incidents', incidents: 3 },
  repeatWindowStart: 'last-hearing',
  agendaCirculationDays: 7,
  minutesDeadlineHours: 24,
  researchDeadlineTime: '14:00',
  researchDeadlineWorkingDays: 1,
  overdueLabel: 'No update from lead agency',
  timerWarningMinutes: [5, 1],
  actionDefaultDays: 7,
  overdueGraceDays: 14,
  selfRecordingAgencies: ['police'],
  coreAgencies: ['police'],
  agendaOrdering: 'receipt',
  retentionYears: 7,
  agencyDirectoryMap: [{ match: 'police.uk', agencyId: 'police' }],
  activityFeedReminders: true,
});

export const agency = (id: string, areaId = 'cambs'): Agency => ({
  id,
  areaId,
  name: `Agency ${id}`,
  short: id.toUpperCase(),
});

export const person = (id: string, aad = `aad-${id}`): Person => ({
  id,
  aadObjectId: aad,
  displayName: `Person ${id}`,
  email: `${id}@example.org`,
  agencyId: 'police',
  roles: ['agency-rep'],
});

export const meeting = (id: string, over: Partial<Meeting> = {}): Meeting => ({
  id,
  areaId: 'cambs',
  kind: 'marac',
  date: '2026-03-10',
  startTime: '09:30',
  delegateIds: [],
  status: 'planned',
  linkCode: `LC-${id}`,
  invitedAgencyIds: [],
  invitedPersonIds: [],
  version: 0,
  ...over,
});

export const maracCase = (id: string, over: Partial<MaracCase> = {}): MaracCase => ({
  id,
  areaId: 'cambs',
  reference: `MC-2026-${id}`,
  receivedAt: '2026-03-01T10:00:00.000Z',
  referringAgencyId: 'police',
  criteria: ['visible-high-risk'],
  dash: Array(24).fill('yes'),
  consent: 'given',
  honourBasedAbuse: false,
  closedSession: false,
  diversity: { gender: 'female', age: 34 },
  childrenInHousehold: 1,
  status: 'referred',
  personal: {
    victim: { name: VICTIM_NAME, dateOfBirth: '1991-04-05', address: '12 Mill Lane, Ely' },
    perpetrators: [{ name: PERPETRATOR_NAME, dateOfBirth: '1988-01-02' }],
    children: [{ name: CHILD_NAME, dateOfBirth: '2019-06-07' }],
  },
  victimKey: `vk-${id}`,
  perpetratorKeys: [`pk-${id}`],
  version: 0,
  ...over,
});

export const hearing = (caseId: string, meetingId: string, over: Partial<Hearing> = {}): Hearing => ({
  caseId,
  meetingId,
  heardOn: '2026-03-10',
  victimKey: `vk-${caseId}`,
  perpetratorKeys: [`pk-${caseId}`],
  outcome: 'heard',
  ...over,
});

export const action = (id: string, over: Partial<MaracAction> = {}): MaracAction => ({
  id,
  caseId: 'c1',
  caseReference: 'MC-2026-c1',
  meetingId: 'm1',
  ownerAgencyId: 'police',
  description: 'Police to flag the address for urgent response by Friday',
  forWhom: 'victim',
  dueDate: '2026-03-17',
  status: 'open',
  createdAt: '2026-03-10T10:00:00.000Z',
  createdById: 'p1',
  smartAccepted: false,
  updates: [{ at: '2026-03-10T10:00:00.000Z', byPersonId: 'p1', kind: 'created' }],
  version: 0,
  ...over,
});

export const attendee = (meetingId: string, aad: string, over: Partial<Attendee> = {}): Attendee => ({
  meetingId,
  aadObjectId: aad,
  displayName: `Rep ${aad}`,
  agencyId: 'idva',
  present: true,
  source: 'joined',
  firstSeenAt: '2026-03-10T09:29:00.000Z',
  lateJoiner: false,
  ...over,
});

export const confirmation = (
  meetingId: string,
  aad: string,
  over: Partial<Confirmation> = {},
): Confirmation => ({
  meetingId,
  aadObjectId: aad,
  displayName: `Rep ${aad}`,
  confirmedAt: '2026-03-10T09:31:00.000Z',
  method: 'typed',
  messageId: 'msg-1',
  declarationVersion: '2024-1',
  ...over,
});

export const live = (meetingId: string, version: number, over: Partial<LiveMeeting> = {}): LiveMeeting => ({
  meetingId,
  stage: 'waiting',
  battingOrder: ['police', 'idva'],
  cases: [
    {
      caseId: 'c1',
      reference: 'MC-2026-c1',
      position: 1,
      referringAgencyId: 'police',
      hasChildren: true,
      status: 'pending',
      noInformation: [],
    },
  ],
  version,
  ...over,
});
