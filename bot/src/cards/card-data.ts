/**
 * The data each card template is expanded with. Case references only: never names. Every value
 * a TextBlock or FactSet shows is a string: Teams' renderer shows a number in a FactSet as blank.
 */
export interface DeclarationData {
  meetingId: string;
  version: string;
  text: string;
  agencies: { id: string; name: string }[];
  /** Teams user ids (29:...) whose clients refresh the card into their own view. */
  userIds: string[];
}
export interface DeclarationMineData {
  meetingId: string;
  version: string;
  confirmedAt: string;
  method: string;
  userIds: string[];
  showRollCall: boolean;
  confirmedCount: number;
  presentCount: number;
  unconfirmedList: string;
}
export interface RollCallData {
  confirmedCount: string;
  presentCount: string;
  summaryColor: 'Good' | 'Attention';
  unconfirmed: { name: string; agency: string; late: string }[];
  /** Present in a closed session without an invitation. */
  uninvited: { name: string; agency: string }[];
  /** The chair opened the meeting over the gate: said on the card, not in a new message. */
  override: string;
}
export interface CaseData {
  meetingId: string;
  caseId: string;
  position: string;
  total: string;
  reference: string;
  statusLine: string;
  phase: string;
  current: string;
  next: string;
  time: string;
  /** Which agencies returned research on the case ("" before the agenda was published). */
  research: string;
  notPresent: string;
  /** Relevant agencies with nobody present (the referrer, children's social care). */
  coverage: string;
  /** Opened over the declaration gate, with whom. */
  override: string;
  /** The IDVA's safety check, once given. */
  safety: string;
  /** "recorded by the IDVA" once the victim's views are in the tab; never the views themselves. */
  victimViews: string;
  /** In the safety phase and not yet confirmed: show the IDVA's button. */
  askSafety: boolean;
  actions: { agency: string; description: string; due: string; flag: string }[];
}
export interface ChairControlsData {
  meetingId: string;
  version: string;
  userIds: string[];
  where: string;
  coverage: string;
  primary: string;
  primaryVerb: 'start' | 'next';
  pauseTitle: string;
  pauseVerb: 'pause' | 'resume';
}
export interface ActionFormData {
  meetingId: string;
  caseId: string;
  reference: string;
  agencies: { id: string; name: string }[];
  ownerAgencyId: string;
  description: string;
  forWhom: string;
  dueDate: string;
  warning: string;
  /** Only the chair (or a coordinator) may accept an action the SMART check flagged. */
  canAccept: boolean;
  /** A new action, or changes to an existing one (then `actionId` and `version` are set). */
  mode: 'add' | 'edit';
  actionId: string;
  version: number;
}
/** A card sent to an agency after the meeting: case reference, never names. */
export interface ActionCardData {
  actionId: string;
  version: number;
  reference: string;
  description: string;
  agency: string;
  forWhom: string;
  due: string;
  status: string;
  open: boolean;
  notice: string;
  userIds: string[];
  updates: { at: string; text: string }[];
}
/** A case's actions, to edit or remove while the case is heard. */
export interface ActionListData {
  meetingId: string;
  caseId: string;
  reference: string;
  /** False once the case has closed: the list is shown, the buttons are not. */
  editable: boolean;
  notice: string;
  actions: { actionId: string; version: number; agency: string; description: string; due: string }[];
}
export interface SummaryData {
  heard: string;
  deferred: string;
  plus: string;
  notReached: string;
  timeUsed: string;
  timePlanned: string;
  perAgency: { agency: string; count: string }[];
}
export interface OpeningData {
  meetingId: string;
  actions: {
    actionId: string;
    agency: string;
    reference: string;
    due: string;
    description: string;
    outcome: string;
  }[];
}

/** The published agenda in a representative's 1:1 chat: references and this agency's returns, never names. */
export interface ResearchAgendaData {
  meetingId: string;
  title: string;
  intro: string;
  deadline: string;
  notice: string;
  removed: string;
  /** The case ids this card lists, comma-separated (a re-publication lists only what changed). */
  caseList: string;
  cases: {
    caseId: string;
    position: number;
    reference: string;
    referringAgency: string;
    state: string;
    open: boolean;
  }[];
  userIds: string[];
}

/** The minutes are ready in the tab: a notice only, the minutes never go to chat. */
export interface MinutesReadyData {
  title: string;
  text: string;
  url: string;
}
