import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { PersonalDataCipher } from '../crypto/personal-data.js';
import { isDomainError } from '../domain/errors.js';
import { EventFeed } from './event-feed.js';
import { eventsSince, lastEventSeq } from './event-log.js';
import { migrate } from './migrations.js';
import { openPostgresDb } from './postgres-db.js';
import { eventChannel, listenForEvents, type EventListenerConnection } from './postgres-notify.js';
import { openSqliteDb } from './sqlite-db.js';
import { SqlStore } from './store.js';

export {
  verifyAuditChain,
  auditHead,
  signCheckpoint,
  checkpointValid,
  type AuditCheckpoint,
  canonicalJson,
  auditHash,
  legacyAuditHash,
  GENESIS_HASH,
  type AuditVerification,
} from './audit-chain.js';
export { SCHEMA_VERSION, MIGRATIONS } from './migrations.js';
export { SqlStore } from './store.js';
export { connectionConfig, withPgClient } from './postgres-db.js';

export interface OpenStoreOptions {
  /** PostgreSQL connection string; when set, PostgreSQL is used and `sqlitePath` is ignored. */
  databaseUrl?: string;
  /** The embedded SQLite file (parent folders are created). Used when `databaseUrl` is not set. */
  sqlitePath?: string;
  cipher: PersonalDataCipher;
  /**
   * Keys the audit chain's MACs: AUDIT_MAC_KEY from configuration (the server always passes it).
   * Tools and tests that give none get one derived from the data key.
   */
  auditKey?: Buffer;
  /** Names this instance (PostgreSQL application_name, diagnostics). Defaults to host:pid:random. */
  instanceId?: string;
  /** PostgreSQL only: the schema to use (search_path), created if missing. Tests use a fresh one each. */
  schema?: string;
  /** SQLite only: how often to look for other processes' events while anyone listens. Default 250 ms. */
  pollMs?: number;
  /** Event-delivery problems (a throwing listener, a dropped LISTEN connection). Default console.error. */
  onError?: (e: unknown) => void;
}

const defaultOnError = (e: unknown) => console.error('[store]', e);
const auditKeyOf = (o: OpenStoreOptions) => o.auditKey ?? o.cipher.derivedKey('marac:audit:mac');

/**
 * Opens the database, brings its schema up to date (refusing one newer than this code), and
 * returns the Store. PostgreSQL when `databaseUrl` is set, else the embedded SQLite file.
 */
export async function openStore(opts: OpenStoreOptions): Promise<SqlStore> {
  const instanceId = opts.instanceId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const onError = opts.onError ?? defaultOnError;
  if (opts.databaseUrl) return openPostgresStore(opts.databaseUrl, opts, instanceId, onError);
  if (!opts.sqlitePath)
    throw new Error('openStore needs either databaseUrl (PostgreSQL) or sqlitePath (embedded SQLite).');

  const db = openSqliteDb(opts.sqlitePath);
  try {
    await migrate(db);
  } catch (e) {
    await db.close();
    // Damage SQLite only notices while migrating still names the file it is about.
    if (isDomainError(e)) throw e;
    throw new Error(`Cannot open SQLite database ${db.path}: ${(e as Error).message}`, { cause: e });
  }
  const headSql = 'SELECT COALESCE(MAX(seq), 0) AS seq FROM events';
  const feed = new EventFeed(
    {
      read: (seq, limit) => eventsSince(db.reader, seq, limit),
      // The read-only connection sees committed rows only, so a subscriber starts after them.
      head: () => Number(db.reader.getSync<{ seq: number }>(headSql)?.seq ?? 0),
      pollMs: opts.pollMs ?? 250,
    },
    onError,
  );
  return new SqlStore({ db, cipher: opts.cipher, auditKey: auditKeyOf(opts), instanceId, feed });
}

async function openPostgresStore(
  databaseUrl: string,
  opts: OpenStoreOptions,
  instanceId: string,
  onError: (e: unknown) => void,
): Promise<SqlStore> {
  const db = await openPostgresDb({
    databaseUrl,
    schema: opts.schema,
    applicationName: `marac:${instanceId}`.slice(0, 63),
  });
  const channel = eventChannel(opts.schema);
  let listener: EventListenerConnection | undefined;
  try {
    await migrate(db);
    // Notifications are only a nudge; the feed always reads the table. A slow poll covers a dropped connection.
    const feed = new EventFeed(
      { read: (seq, limit) => eventsSince(db.reader, seq, limit), pollMs: 5000 },
      onError,
    );
    listener = await listenForEvents(db.config, channel, (seq) => feed.committed(seq), onError);
    // Read the head only once LISTEN is up, so nothing commits unseen in between.
    feed.committed(await lastEventSeq(db.reader));
    const { close } = listener;
    return new SqlStore({
      db,
      cipher: opts.cipher,
      auditKey: auditKeyOf(opts),
      instanceId,
      feed,
      // Announced in the statement that appends each event: PostgreSQL delivers it only if, and
      // once, the transaction commits, and no round trip of its own is spent on it.
      eventChannel: channel,
      closeExtras: close,
    });
  } catch (e) {
    await listener?.close();
    await db.close();
    throw e;
  }
}
