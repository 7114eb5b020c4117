import type { Agency } from '../domain/area.js';
import type { Person } from '../domain/person.js';
import type { Repos } from '../ports/repositories.js';
import { actionRepo } from './action-repo.js';
import { auditRepo } from './audit-chain.js';
import { caseRepos } from './case-repos.js';
import { eventLog } from './event-log.js';
import { meetingRepos } from './meeting-repos.js';
import { minutesRepo } from './minutes-repo.js';
import { outboxRepo } from './outbox.js';
import { researchRepo, victimViewsRepo } from './research-repo.js';
import { parse, type RepoContext, toArea } from './rows.js';
import { placeholders } from './sql.js';

/** Every repository bound to one transaction's statements. */
export function makeRepos(ctx: RepoContext): Repos {
  return {
    ...directoryRepos(ctx),
    ...meetingRepos(ctx),
    ...caseRepos(ctx),
    actions: actionRepo(ctx),
    audit: auditRepo(ctx),
    events: eventLog(ctx),
    outbox: outboxRepo(ctx),
    minutes: minutesRepo(ctx),
    research: researchRepo(ctx),
    victimViews: victimViewsRepo(ctx),
    ...chatRepos(ctx),
  };
}

/** Areas, agencies and people: configuration-like, keyed by id, upserted whole. */
function directoryRepos({ sql }: RepoContext): Pick<Repos, 'areas' | 'agencies' | 'people'> {
  return {
    areas: {
      async get(id) {
        const row = await sql.get('SELECT data FROM areas WHERE id = ?', [id]);
        return row && toArea(row.data);
      },
      async list() {
        return (await sql.all('SELECT data FROM areas ORDER BY id')).map((r) => toArea(r.data));
      },
      async put(area) {
        await sql.run(
          'INSERT INTO areas (id, data) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET data = excluded.data',
          [area.id, JSON.stringify(area)],
        );
      },
    },
    agencies: {
      async list(areaId) {
        const rows = await sql.all('SELECT data FROM agencies WHERE area_id = ? ORDER BY id', [areaId]);
        return rows.map((r) => parse<Agency>(r.data));
      },
      async put(agency) {
        await sql.run(
          `INSERT INTO agencies (id, area_id, data) VALUES (?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET area_id = excluded.area_id, data = excluded.data`,
          [agency.id, agency.areaId, JSON.stringify(agency)],
        );
      },
    },
    people: {
      async get(id) {
        const row = await sql.get('SELECT data FROM people WHERE id = ?', [id]);
        return row && parse<Person>(row.data);
      },
      async byAadObjectId(aadObjectId) {
        const row = await sql.get('SELECT data FROM people WHERE aad_object_id = ? ORDER BY id LIMIT 1', [
          aadObjectId,
        ]);
        return row && parse<Person>(row.data);
      },
      async list() {
        return (await sql.all('SELECT data FROM people ORDER BY id')).map((r) => parse<Person>(r.data));
      },
      async put(person) {
        await sql.run(
          `INSERT INTO people (id, aad_object_id, data) VALUES (?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET aad_object_id = excluded.aad_object_id, data = excluded.data`,
          [person.id, person.aadObjectId, JSON.stringify(person)],
        );
      },
    },
  };
}

/** Once-only claims, card locations and 1:1 conversation references. */
function chatRepos({ sql }: RepoContext): Pick<Repos, 'claims' | 'cards' | 'conversations'> {
  return {
    claims: {
      // The primary key decides: exactly one insert wins, whichever instance or process made it.
      async claim(key, owner, at) {
        const n = await sql.run(
          'INSERT INTO claims (claim_key, owner, at) VALUES (?, ?, ?) ON CONFLICT (claim_key) DO NOTHING',
          [key, owner, at],
        );
        return n === 1;
      },
      async claimMany(keys, owner, at) {
        const won = new Set<string>();
        // Bounded statements: SQLite and PostgreSQL both cap a statement's parameters.
        for (let i = 0; i < keys.length; i += 200) {
          const chunk = keys.slice(i, i + 200);
          const rows = await sql.all<{ claim_key: string }>(
            `INSERT INTO claims (claim_key, owner, at) VALUES ${chunk.map(() => '(?, ?, ?)').join(', ')}
             ON CONFLICT (claim_key) DO NOTHING RETURNING claim_key`,
            chunk.flatMap((k) => [k, owner, at]),
          );
          for (const r of rows) won.add(r.claim_key);
        }
        return won;
      },
      // substr, not LIKE: `_` in a prefix would be a wildcard.
      prune: (prefix, before) =>
        sql.run('DELETE FROM claims WHERE substr(claim_key, 1, ?) = ? AND at < ?', [
          prefix.length,
          prefix,
          before,
        ]),
      async forgetCase(caseId) {
        // Delimited, so case c-1 never takes c-10's rows; LIKE's own wildcards in an id escaped.
        const like = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
        const json = `%${like(JSON.stringify({ caseId }).slice(1, -1))}%`;
        const inKey = [`%:${like(caseId)}:%`, `%:${like(caseId)}`];
        let n = await sql.run("DELETE FROM events WHERE data LIKE ? ESCAPE '\\'", [json]);
        n += await sql.run(
          `DELETE FROM outbox WHERE payload LIKE ? ESCAPE '\\' OR card_key LIKE ? ESCAPE '\\' OR card_key LIKE ? ESCAPE '\\'`,
          [json, ...inKey],
        );
        n += await sql.run(
          `DELETE FROM cards WHERE card_key LIKE ? ESCAPE '\\' OR card_key LIKE ? ESCAPE '\\'`,
          inKey,
        );
        // The retention claim itself stays: it is what makes the deletion once-only.
        n += await sql.run(
          `DELETE FROM claims WHERE (claim_key LIKE ? ESCAPE '\\' OR claim_key LIKE ? ESCAPE '\\') AND claim_key <> ?`,
          [...inKey, `retention:${caseId}`],
        );
        return n;
      },
    },
    cards: {
      async get(key) {
        const row = await sql.get<{ conversation_id: string; activity_id: string }>(
          'SELECT conversation_id, activity_id FROM cards WHERE card_key = ?',
          [key],
        );
        return row && { conversationId: row.conversation_id, activityId: row.activity_id };
      },
      async put(key, conversationId, activityId) {
        await sql.run(
          `INSERT INTO cards (card_key, conversation_id, activity_id) VALUES (?, ?, ?)
           ON CONFLICT (card_key) DO UPDATE SET conversation_id = excluded.conversation_id, activity_id = excluded.activity_id`,
          [key, conversationId, activityId],
        );
      },
    },
    conversations: {
      async getPersonal(aadObjectId) {
        const row = await sql.get('SELECT reference FROM personal_conversations WHERE aad_object_id = ?', [
          aadObjectId,
        ]);
        return row && parse<Record<string, unknown>>(row.reference);
      },
      async getPersonalMany(keys) {
        const out = new Map<string, Record<string, unknown>>();
        // Bounded chunks: SQLite and PostgreSQL both limit the parameters of one statement.
        for (let i = 0; i < keys.length; i += 500) {
          const chunk = keys.slice(i, i + 500);
          const rows = await sql.all<{ aad_object_id: string; reference: string }>(
            `SELECT aad_object_id, reference FROM personal_conversations WHERE aad_object_id IN (${placeholders(chunk.length)})`,
            chunk,
          );
          for (const row of rows) out.set(row.aad_object_id, parse<Record<string, unknown>>(row.reference));
        }
        return out;
      },
      async putPersonal(aadObjectId, reference) {
        await sql.run(
          `INSERT INTO personal_conversations (aad_object_id, reference) VALUES (?, ?)
           ON CONFLICT (aad_object_id) DO UPDATE SET reference = excluded.reference`,
          [aadObjectId, JSON.stringify(reference)],
        );
      },
    },
  };
}
