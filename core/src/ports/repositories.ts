import type { Agency, AreaConfig } from '../domain/area.js';
import type { Person } from '../domain/person.js';
import type { Meeting } from '../domain/meeting.js';
import type { Hearing, MaracCase } from '../domain/referral.js';
import type { AgendaItem } from '../domain/agenda.js';
import type { Attendee, Confirmation } from '../domain/confidentiality.js';
import type { LiveMeeting } from '../domain/hearing.js';
import type { ActionStatus, MaracAction } from '../domain/actions.js';
import type { AuditEntry, AuditRecord } from '../domain/audit.js';
import type { DomainEvent, StoredEvent } from '../domain/events.js';
import type { MinutesDraft } from '../app/minutes/model.js';
import type { ResearchReturn, VictimViews } from '../domain/research.js';

/**
 * Storage contract. Every method is async so SQLite and PostgreSQL share it. Writes that must
 * happen together go through `Store.tx`; `put` methods with `expectedVersion` refuse a stale write
 * with DomainError('stale') instead of overwriting someone else's change.
 */
export interface Repos {
  areas: {
    get(id: string): Promise<AreaConfig | undefined>;
    list(): Promise<AreaConfig[]>;
    put(area: AreaConfig): Promise<void>;
  };
  agencies: {
    list(areaId: string): Promise<Agency[]>;
    put(agency: Agency): Promise<void>;
  };
  people: {
    get(id: string): Promise<Person | undefined>;
    byAadObjectId(aadObjectId: string): Promise<Person | undefined>;
    list(): Promise<Person[]>;
    put(person: Person): Promise<void>;
  };
  meetings: {
    get(id: string): Promise<Meeting | undefined>;
    byLinkCode(code: string): Promise<Meeting | undefined>;
    byConversationId(conversationId: string): Promise<Meeting | undefined>;
    /** A meeting, by id or by its chat, with its area in one read (`area` absent when not configured). */
    withArea(
      key: { id: string } | { conversationId: string },
    ): Promise<{ meeting: Meeting; area?: AreaConfig } | undefined>;
    list(filter?: {
      areaId?: string;
      from?: string;
      to?: string;
      status?: Meeting['status'];
    }): Promise<Meeting[]>;
    /** Insert (version 0 -> 1) or update when `expectedVersion` matches; returns the stored meeting. */
    put(meeting: Meeting, expectedVersion?: number): Promise<Meeting>;
  };
  cases: {
    get(id: string): Promise<MaracCase | undefined>;
    byReference(reference: string): Promise<MaracCase | undefined>;
    list(filter?: {
      areaId?: string;
      meetingId?: string;
      status?: MaracCase['status'][];
    }): Promise<MaracCase[]>;
    put(c: MaracCase, expectedVersion?: number): Promise<MaracCase>;
    /** Retention: delete a case and its personal data for good. */
    delete(id: string): Promise<void>;
    /** Next number for a case reference in an area and year. */
    nextNumber(areaId: string, year: number): Promise<number>;
  };
  hearings: {
    add(h: Hearing): Promise<void>;
    /** Hearings of this victim (by keyed hash), for repeat detection and the two-week rule. */
    forVictim(victimKey: string): Promise<Hearing[]>;
    list(filter?: { meetingId?: string; from?: string; to?: string }): Promise<Hearing[]>;
  };
  agenda: {
    list(meetingId: string): Promise<AgendaItem[]>;
    /**
     * The agenda's cases in order, in one read and without their sealed personal details (nothing
     * to decrypt): what the running order needs on every live-meeting step.
     */
    cases(meetingId: string): Promise<Omit<MaracCase, 'personal'>[]>;
    /** Replace the agenda with these cases in this order. */
    set(meetingId: string, caseIdsInOrder: string[]): Promise<void>;
  };
  attendance: {
    list(meetingId: string): Promise<Attendee[]>;
    get(meetingId: string, aadObjectId: string): Promise<Attendee | undefined>;
    put(a: Attendee): Promise<void>;
  };
  confirmations: {
    list(meetingId: string): Promise<Confirmation[]>;
    /** Records once: false when this person already confirmed this meeting. */
    add(c: Confirmation): Promise<boolean>;
  };
  live: {
    get(meetingId: string): Promise<LiveMeeting | undefined>;
    /** Optimistic: stores only when the stored version is `state.version - 1` (or absent for version 1). */
    put(state: LiveMeeting): Promise<boolean>;
    listActive(): Promise<LiveMeeting[]>;
  };
  actions: {
    get(id: string): Promise<MaracAction | undefined>;
    list(filter?: {
      meetingId?: string;
      /** Actions from any of these meetings (one query for an area's history). */
      meetingIds?: readonly string[];
      caseId?: string;
      ownerAgencyId?: string;
      status?: ActionStatus[];
      dueBefore?: string;
    }): Promise<MaracAction[]>;
    put(a: MaracAction, expectedVersion?: number): Promise<MaracAction>;
  };
  audit: {
    /** Appends with the hash chain; never updates or deletes. */
    append(r: AuditRecord): Promise<AuditEntry>;
    list(fromSeq?: number, limit?: number): Promise<AuditEntry[]>;
    /** The newest entry (the chain's head), if any. */
    last(): Promise<AuditEntry | undefined>;
  };
  events: {
    append(e: DomainEvent, at: string): Promise<StoredEvent>;
    since(seq: number, limit?: number): Promise<StoredEvent[]>;
    lastSeq(): Promise<number>;
  };
  /** Once-only claims shared by every instance: timer warnings, reminders, inbound activity ids. */
  claims: {
    /** True for exactly one caller per key, ever. */
    claim(key: string, owner: string, at: string): Promise<boolean>;
    /** `claim` for many keys in one statement: the keys this caller won. */
    claimMany(keys: readonly string[], owner: string, at: string): Promise<Set<string>>;
    /** Forget claims whose key starts with `prefix` made before `before` (ISO); how many went. */
    prune(prefix: string, before: string): Promise<number>;
    /** Retention: delete the events, outbox rows, card places and claims that mention a case; how many. */
    forgetCase(caseId: string): Promise<number>;
  };
  /** Which chat message holds a card we update in place (roll call, case card, action card). */
  cards: {
    get(key: string): Promise<{ conversationId: string; activityId: string } | undefined>;
    put(key: string, conversationId: string, activityId: string): Promise<void>;
  };
  outbox: Outbox;
  /** The editable part of each meeting's minutes (sealed at rest: it quotes what was said). */
  minutes: {
    get(meetingId: string): Promise<MinutesDraft | undefined>;
    /** Insert (expectedVersion 0) or update when the stored version matches; stale otherwise. */
    put(draft: MinutesDraft, expectedVersion: number): Promise<MinutesDraft>;
    /** Retention: forget a meeting's minutes. */
    delete(meetingId: string): Promise<void>;
  };
  /** Each agency's research on each case of a meeting (sealed at rest). */
  research: {
    list(filter: { meetingId?: string; caseId?: string }): Promise<ResearchReturn[]>;
    /** Insert (expectedVersion 0) or update when the stored version matches; stale otherwise. */
    put(r: ResearchReturn, expectedVersion: number): Promise<ResearchReturn>;
    /** Retention: a case's research goes with it. */
    deleteForCase(caseId: string): Promise<void>;
  };
  /** The victim's views per meeting and case, as the IDVA recorded them (sealed at rest). */
  victimViews: {
    get(meetingId: string, caseId: string): Promise<VictimViews | undefined>;
    /** The cases of a meeting with views recorded, without opening any. */
    recordedCases(meetingId: string): Promise<string[]>;
    /** Insert (expectedVersion 0) or update when the stored version matches; stale otherwise. */
    put(v: VictimViews, expectedVersion: number): Promise<VictimViews>;
    /** Retention: a case's views go with it. */
    deleteForCase(caseId: string): Promise<void>;
  };
  /** Per-person settings: 1:1 conversation references for proactive messages. */
  conversations: {
    getPersonal(aadObjectId: string): Promise<Record<string, unknown> | undefined>;
    /** Several at once (one statement): the keys found, with their references. */
    getPersonalMany(keys: readonly string[]): Promise<Map<string, Record<string, unknown>>>;
    putPersonal(aadObjectId: string, reference: Record<string, unknown>): Promise<void>;
  };
}

export interface OutboxItem {
  id: number;
  conversationId: string;
  /**
   * 'send' posts a new message; 'update' replaces the one in `cardKey`'s message; 'notify' is a
   * targeted in-meeting notification to named people (never a chat message).
   */
  kind: 'send' | 'update' | 'notify';
  cardKey?: string;
  payload: Record<string, unknown>;
  attempts: number;
  notBefore: number;
  /**
   * The lease this item was handed out under (claimReady). Marking it needs the same fence, so a
   * worker whose lease ran out and was taken over cannot also record the item as its own.
   */
  fence: number;
  /** When the lease runs out (epoch ms); a send must not start unless it can finish before. */
  leaseUntil?: number;
}

/** A message the outbox gave up on: shown to the coordinator, who may send it again. */
export interface FailedOutboxItem {
  id: number;
  conversationId: string;
  kind: OutboxItem['kind'];
  cardKey?: string;
  error: string;
  attempts: number;
  enqueuedAt: number;
  /** The message as queued (a coordinator sees its text to decide whether to resend). */
  payload: Record<string, unknown>;
}

/** Outgoing messages, stored so a restart loses none and each conversation keeps its order. */
export interface Outbox {
  enqueue(
    item: Omit<OutboxItem, 'id' | 'attempts' | 'notBefore' | 'fence' | 'leaseUntil'>,
    at: number,
  ): Promise<number>;
  /**
   * The oldest unsent item of each conversation that is ready and not leased by another instance,
   * leaving out the conversations in `skip` (the caller's deliveries in flight).
   */
  claimReady(
    owner: string,
    now: number,
    leaseMs: number,
    limit: number,
    skip?: readonly string[],
  ): Promise<OutboxItem[]>;
  /**
   * Replace the content of a card update still waiting (not leased) in this conversation, so a
   * burst of changes to one card becomes one message instead of many. False when none waits.
   */
  replacePending(
    conversationId: string,
    cardKey: string,
    payload: Record<string, unknown>,
    now: number,
  ): Promise<boolean>;
  /**
   * Sent under lease `fence`: keeps Teams' activity id, drops the payload (it may quote action
   * text). False when the lease was lost meanwhile (nothing is changed then).
   */
  markSent(id: number, fence: number, activityId?: string): Promise<boolean>;
  /** A failed attempt under lease `fence`: try again at `notBefore`; `error` says what happened. */
  retryLater(id: number, fence: number, notBefore: number, error?: string): Promise<boolean>;
  /** Gave up after too many attempts: kept for the coordinator, never silently dropped. */
  markFailed(id: number, fence: number, error: string): Promise<boolean>;
  /** Hands back the leases earlier runs of this instance held (owner names starting `prefix`). */
  releaseLeases(prefix: string, except: string): Promise<number>;
  pending(conversationId?: string): Promise<OutboxItem[]>;
  /** Messages given up on, newest first, in these conversations (all when omitted). */
  listFailed(conversationIds?: string[]): Promise<FailedOutboxItem[]>;
  /** Queue a failed message again, at the end of its conversation; its old row reads 'resent'. */
  resend(id: number, now: number): Promise<number | undefined>;
  /** An item's delivery record: status, attempts, Teams' activity id, last error. */
  get(
    id: number,
  ): Promise<
    { id: number; status: string; attempts: number; activityId?: string; error?: string } | undefined
  >;
}

export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  readonly repos: Repos;
  /**
   * Runs `fn` in one transaction: all of it is written or none of it. Events appended inside are
   * published to subscribers only after commit. `fn` may run twice (a batch it shared was rolled
   * back and run again), so it works through `r`; anything else waits for commit (`afterCommit`).
   */
  tx<T>(fn: (r: Repos) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` once the transaction in progress here has committed (at once outside one; never if
   * it rolls back), outside its async context: work it starts cannot join the finished transaction.
   */
  afterCommit(fn: () => void): void;
  /** Events committed by this or any other instance sharing the database. */
  onEvent(listener: (e: import('../domain/events.js').StoredEvent) => void): () => void;
  close(): Promise<void>;
}
