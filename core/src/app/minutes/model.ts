/**
 * The editable part of a meeting's minutes: what the record cannot know by itself. Everything
 * else (attendance, confirmations, outcomes, actions) is read from the store each time the
 * minutes are shown, so the minutes never disagree with the record.
 */
export interface MinutesCaseNotes {
  /** The chair's summary of the risks, as agreed in the meeting. */
  risks: string;
  /** Crimes disclosed at the MARAC: recorded separately, as chairs must. */
  crimesDisclosed: string;
  /** Anything else the coordinator minutes for this case. */
  notes: string;
}

export interface MinutesApology {
  name: string;
  agencyId?: string;
  /** E.g. "sent a deputy", "information sent by email". */
  note?: string;
}

export interface WrittenSubmission {
  agencyId: string;
  /** The case the submission is about, when it is about one. */
  caseId?: string;
  summary: string;
}

export interface MinutesDraft {
  meetingId: string;
  apologies: MinutesApology[];
  writtenSubmissions: WrittenSubmission[];
  /** Keyed by case id (cases on the meeting's agenda only). */
  cases: Record<string, MinutesCaseNotes>;
  otherBusiness: string;
  updatedAt?: string;
  updatedBy?: string;
  /** When the coordinator recorded that the minutes went out (within 24 hours is the standard). */
  circulatedAt?: string;
  circulatedBy?: string;
  version: number;
}

export const emptyDraft = (meetingId: string): MinutesDraft => ({
  meetingId,
  apologies: [],
  writtenSubmissions: [],
  cases: {},
  otherBusiness: '',
  version: 0,
});
