import type { Repos } from '../ports/repositories.js';

type ReadTable = { [G in keyof Repos]: readonly (keyof Repos[G] & string)[] };

/**
 * The repository methods that only read, named one by one (a method not listed is a write). Called
 * through `store.repos` outside a transaction they run on the read connection, which sees committed
 * data only and never waits for the write queue; inside `store.tx` they join the transaction. The
 * SQLite read connection is query-only, so a write listed here by mistake fails loudly.
 */
export const READ_METHODS: ReadTable = {
  areas: ['get', 'list'],
  agencies: ['list'],
  people: ['get', 'byAadObjectId', 'list'],
  meetings: ['get', 'byLinkCode', 'byConversationId', 'withArea', 'list'],
  cases: ['get', 'byReference', 'list'],
  hearings: ['forVictim', 'list'],
  agenda: ['list', 'cases'],
  attendance: ['list', 'get'],
  confirmations: ['list'],
  live: ['get', 'listActive'],
  actions: ['get', 'list'],
  audit: ['list'],
  events: ['since', 'lastSeq'],
  claims: [],
  cards: ['get'],
  outbox: ['pending'],
  minutes: ['get'],
  research: ['list'],
  victimViews: ['get', 'recordedCases'],
  conversations: ['getPersonal', 'getPersonalMany'],
};

export const isReadMethod = (group: string, method: string): boolean =>
  (READ_METHODS as Record<string, readonly string[]>)[group]?.includes(method) ?? false;
