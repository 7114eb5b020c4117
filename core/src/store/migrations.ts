import { DomainError } from '../domain/errors.js';
import type { Db, Dialect } from './sql.js';

/** The few places SQLite and PostgreSQL DDL differ. Everything else is written once. */
export interface Ddl {
  /** Auto-increment primary key that never reuses a committed value. */
  serial: string;
  /** Triggers that refuse UPDATE and DELETE on a table. */
  appendOnly(table: string): string[];
}

export const ddlFor = (dialect: Dialect): Ddl =>
  dialect === 'postgres'
    ? {
        serial: 'BIGSERIAL PRIMARY KEY',
        appendOnly: (t) => [
          `CREATE OR REPLACE FUNCTION ${t}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
           BEGIN RAISE EXCEPTION '${t} is append-only'; END $$`,
          `CREATE TRIGGER ${t}_append_only BEFORE UPDATE OR DELETE ON ${t} FOR EACH ROW EXECUTE FUNCTION ${t}_append_only()`,
        ],
      }
    : {
        serial: 'INTEGER PRIMARY KEY AUTOINCREMENT',
        appendOnly: (t) => [
          `CREATE TRIGGER ${t}_no_update BEFORE UPDATE ON ${t} BEGIN SELECT RAISE(ABORT, '${t} is append-only'); END`,
          `CREATE TRIGGER ${t}_no_delete BEFORE DELETE ON ${t} BEGIN SELECT RAISE(ABORT, '${t} is append-only'); END`,
        ],
      };

export interface Migration {
  version: number;
  name: string;
  statements(d: Ddl): string[];
}

/**
 * Append-only list: a migration, once released, is never edited; changes come as a new entry.
 * Aggregates live in a JSON `data` column next to the columns their filters need. Case personal
 * details live only in `cases.personal`, sealed by the cipher.
 */
export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    statements: (d) => [
      `CREATE TABLE areas (id TEXT PRIMARY KEY, data TEXT NOT NULL)`,
      `CREATE TABLE agencies (id TEXT PRIMARY KEY, area_id TEXT NOT NULL, data TEXT NOT NULL)`,
      `CREATE INDEX agencies_area ON agencies (area_id)`,
      `CREATE TABLE people (id TEXT PRIMARY KEY, aad_object_id TEXT NOT NULL, data TEXT NOT NULL)`,
      `CREATE INDEX people_aad ON people (aad_object_id)`,
      `CREATE TABLE meetings (id TEXT PRIMARY KEY, area_id TEXT NOT NULL, meeting_date TEXT NOT NULL,
         start_time TEXT NOT NULL, status TEXT NOT NULL, link_code TEXT NOT NULL, conversation_id TEXT,
         version INTEGER NOT NULL, data TEXT NOT NULL)`,
      `CREATE INDEX meetings_area_date ON meetings (area_id, meeting_date)`,
      `CREATE INDEX meetings_date ON meetings (meeting_date)`,
      `CREATE INDEX meetings_link_code ON meetings (link_code)`,
      `CREATE INDEX meetings_conversation ON meetings (conversation_id)`,
      `CREATE TABLE cases (id TEXT PRIMARY KEY, area_id TEXT NOT NULL, reference TEXT NOT NULL UNIQUE,
         received_at TEXT NOT NULL, meeting_id TEXT, status TEXT NOT NULL, victim_key TEXT NOT NULL,
         version INTEGER NOT NULL, data TEXT NOT NULL, personal TEXT NOT NULL)`,
      `CREATE INDEX cases_area ON cases (area_id, received_at)`,
      `CREATE INDEX cases_meeting ON cases (meeting_id)`,
      `CREATE INDEX cases_victim ON cases (victim_key)`,
      `CREATE TABLE case_perpetrators (case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
         perpetrator_key TEXT NOT NULL, PRIMARY KEY (case_id, perpetrator_key))`,
      `CREATE INDEX case_perpetrators_key ON case_perpetrators (perpetrator_key)`,
      `CREATE TABLE case_numbers (area_id TEXT NOT NULL, year INTEGER NOT NULL, last_number INTEGER NOT NULL,
         PRIMARY KEY (area_id, year))`,
      `CREATE TABLE hearings (id ${d.serial}, case_id TEXT NOT NULL, meeting_id TEXT NOT NULL,
         heard_on TEXT NOT NULL, victim_key TEXT NOT NULL, outcome TEXT NOT NULL, data TEXT NOT NULL,
         UNIQUE (case_id, meeting_id))`,
      `CREATE INDEX hearings_victim ON hearings (victim_key)`,
      `CREATE INDEX hearings_meeting ON hearings (meeting_id)`,
      `CREATE INDEX hearings_heard_on ON hearings (heard_on)`,
      `CREATE TABLE hearing_perpetrators (hearing_id BIGINT NOT NULL REFERENCES hearings (id) ON DELETE CASCADE,
         perpetrator_key TEXT NOT NULL, PRIMARY KEY (hearing_id, perpetrator_key))`,
      `CREATE INDEX hearing_perpetrators_key ON hearing_perpetrators (perpetrator_key)`,
      `CREATE TABLE agenda_items (meeting_id TEXT NOT NULL, case_id TEXT NOT NULL, position INTEGER NOT NULL,
         PRIMARY KEY (meeting_id, case_id))`,
      `CREATE INDEX agenda_items_case ON agenda_items (case_id)`,
      `CREATE TABLE attendance (meeting_id TEXT NOT NULL, aad_object_id TEXT NOT NULL, first_seen_at TEXT NOT NULL,
         data TEXT NOT NULL, PRIMARY KEY (meeting_id, aad_object_id))`,
      `CREATE TABLE confirmations (meeting_id TEXT NOT NULL, aad_object_id TEXT NOT NULL, confirmed_at TEXT NOT NULL,
         data TEXT NOT NULL, PRIMARY KEY (meeting_id, aad_object_id))`,
      `CREATE TABLE live_meetings (meeting_id TEXT PRIMARY KEY, stage TEXT NOT NULL, version INTEGER NOT NULL,
         data TEXT NOT NULL)`,
      `CREATE TABLE actions (id TEXT PRIMARY KEY, meeting_id TEXT NOT NULL, case_id TEXT NOT NULL,
         owner_agency_id TEXT NOT NULL, status TEXT NOT NULL, due_date TEXT NOT NULL, version INTEGER NOT NULL,
         data TEXT NOT NULL)`,
      `CREATE INDEX actions_meeting ON actions (meeting_id)`,
      `CREATE INDEX actions_case ON actions (case_id)`,
      `CREATE INDEX actions_owner ON actions (owner_agency_id, status)`,
      `CREATE INDEX actions_due ON actions (status, due_date)`,
      `CREATE TABLE audit (seq BIGINT PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action_name TEXT NOT NULL,
         subject TEXT NOT NULL, reason TEXT, details TEXT, outcome TEXT NOT NULL, prev_hash TEXT NOT NULL,
         hash TEXT NOT NULL)`,
      ...d.appendOnly('audit'),
      `CREATE TABLE events (seq ${d.serial}, at TEXT NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL)`,
      `CREATE TABLE claims (claim_key TEXT PRIMARY KEY, owner TEXT NOT NULL, at TEXT NOT NULL)`,
      `CREATE TABLE cards (card_key TEXT PRIMARY KEY, conversation_id TEXT NOT NULL, activity_id TEXT NOT NULL)`,
      `CREATE TABLE personal_conversations (aad_object_id TEXT PRIMARY KEY, reference TEXT NOT NULL)`,
      `CREATE TABLE outbox (id ${d.serial}, conversation_id TEXT NOT NULL, kind TEXT NOT NULL, card_key TEXT,
         payload TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, not_before BIGINT NOT NULL,
         status TEXT NOT NULL DEFAULT 'pending', lease_owner TEXT, lease_until BIGINT, error TEXT,
         enqueued_at BIGINT NOT NULL)`,
      `CREATE INDEX outbox_pending ON outbox (status, conversation_id, id)`,
    ],
  },
  {
    version: 2,
    name: 'minutes drafts',
    statements: () => [
      // One row per meeting (id = meeting id); `data` is sealed by the personal-data cipher.
      `CREATE TABLE minutes_drafts (id TEXT PRIMARY KEY, version INTEGER NOT NULL, updated_at TEXT NOT NULL,
         data TEXT NOT NULL)`,
    ],
  },
  {
    version: 3,
    name: 'outbox fencing and delivery record',
    statements: () => [
      // fence: raised by every claim, required by every mark (a lease that ran out cannot mark).
      // activity_id: what Teams answered, kept after the payload is dropped, so copies are told apart.
      `ALTER TABLE outbox ADD COLUMN fence BIGINT NOT NULL DEFAULT 0`,
      `ALTER TABLE outbox ADD COLUMN activity_id TEXT`,
      `CREATE INDEX outbox_lease_owner ON outbox (lease_owner)`,
    ],
  },
  {
    version: 4,
    name: 'research returns',
    statements: () => [
      // One row per meeting x case x agency (id joins the three); `data` is sealed: the summary is personal data.
      `CREATE TABLE research_returns (id TEXT PRIMARY KEY, meeting_id TEXT NOT NULL, case_id TEXT NOT NULL,
         agency_id TEXT NOT NULL, version INTEGER NOT NULL, data TEXT NOT NULL)`,
      `CREATE INDEX research_returns_meeting ON research_returns (meeting_id)`,
      `CREATE INDEX research_returns_case ON research_returns (case_id)`,
    ],
  },
  {
    version: 5,
    name: "victim's views",
    statements: () => [
      // One row per meeting x case (id joins the two); `data` is sealed: the views are personal data.
      `CREATE TABLE victim_views (id TEXT PRIMARY KEY, meeting_id TEXT NOT NULL, case_id TEXT NOT NULL,
         version INTEGER NOT NULL, data TEXT NOT NULL)`,
      `CREATE INDEX victim_views_meeting ON victim_views (meeting_id)`,
      `CREATE INDEX victim_views_case ON victim_views (case_id)`,
    ],
  },
];

/** The schema version this code writes. A database recorded at a higher version is refused. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/**
 * Brings the database up to SCHEMA_VERSION in one transaction. Instances starting together queue
 * on the write lock every transaction takes (BEGIN IMMEDIATE; PostgreSQL's advisory write lock).
 */
export async function migrate(db: Db): Promise<void> {
  await db.transaction(async (sql) => {
    await sql.exec(
      'CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
    const row = await sql.get<{ v: number }>('SELECT COALESCE(MAX(version), 0) AS v FROM schema_version');
    const current = Number(row?.v ?? 0);
    if (current > SCHEMA_VERSION)
      throw new DomainError(
        'schema',
        `The database is at schema version ${current}, newer than this code knows (${SCHEMA_VERSION}). ` +
          'Run the newer release, or restore a backup taken before the upgrade; the database was left untouched.',
        { databaseVersion: current, codeVersion: SCHEMA_VERSION },
      );
    const ddl = ddlFor(sql.dialect);
    for (const m of MIGRATIONS.filter((x) => x.version > current)) {
      // One round trip per migration: both drivers run a multi-statement script in the open transaction.
      await sql.exec(m.statements(ddl).join(';\n'));
      await sql.run('INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)', [
        m.version,
        m.name,
        new Date().toISOString(),
      ]);
    }
  });
}
