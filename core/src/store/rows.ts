import { normaliseArea, type AreaConfig } from '../domain/area.js';
import { DomainError } from '../domain/errors.js';
import type { PersonalDataCipher } from '../crypto/personal-data.js';
import type { Sql, WriteLockState } from './sql.js';
import { placeholders } from './sql.js';

/** What every repository gets: the transaction's statements and what it must remember for commit. */
export interface RepoContext {
  sql: Sql;
  cipher: PersonalDataCipher;
  /** Keys the audit chain's MACs (AUDIT_MAC_KEY). */
  auditKey: Buffer;
  /** Highest event seq appended in this transaction (the store notifies listeners after commit). */
  appended: { lastSeq: number };
  /** Inside a transaction: what its writer knows while it holds the write lock. */
  held?: WriteLockState;
  /** PostgreSQL: the NOTIFY channel that tells every instance an event was appended. */
  eventChannel?: string;
}

export const parse = <T>(data: unknown): T => JSON.parse(String(data)) as T;

/**
 * An area as stored, with the defaults of settings added since it was saved. Nearly every read of
 * a meeting brings its area's settings (a few KB, unchanged for weeks), so each stored text is
 * parsed once and the result shared, frozen: whoever wants a changed area builds a new one.
 */
export function toArea(data: unknown): AreaConfig {
  const text = String(data);
  let area = parsedAreas.get(text);
  if (area) return area;
  area = deepFreeze(normaliseArea(parse<AreaConfig>(text)));
  if (parsedAreas.size >= 32) parsedAreas.delete(parsedAreas.keys().next().value!);
  parsedAreas.set(text, area);
  return area;
}
const parsedAreas = new Map<string, AreaConfig>();

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export const stale = (entity: string, id: string, expected: number) =>
  new DomainError('stale', `This ${entity} was changed by someone else; reload it and try again.`, {
    entity,
    id,
    expectedVersion: expected,
  });

/** SQLite and PostgreSQL report a unique-key clash differently. */
export const isUniqueViolation = (e: unknown) => {
  const code = (e as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
};

/**
 * Optimistic write: inserts at version 1 when `expected` is 0, else updates only the row still at
 * `expected`. Either way a lost race changes no row, which we report as stale (no read-then-write
 * window, so it holds under PostgreSQL concurrency too).
 */
export async function putVersioned(
  sql: Sql,
  entity: string,
  table: string,
  id: string,
  expected: number,
  columns: Record<string, unknown>,
): Promise<number> {
  const version = expected + 1;
  const names = Object.keys(columns);
  const values = Object.values(columns);
  const changed =
    expected === 0
      ? await sql.run(
          `INSERT INTO ${table} (id, version, ${names.join(', ')}) VALUES (?, ?, ${placeholders(names.length)})
           ON CONFLICT (id) DO NOTHING`,
          [id, version, ...values],
        )
      : await sql.run(
          `UPDATE ${table} SET version = ?, ${names.map((n) => `${n} = ?`).join(', ')} WHERE id = ? AND version = ?`,
          [version, ...values, id, expected],
        );
  if (changed !== 1) throw stale(entity, id, expected);
  return version;
}

/** Builds `WHERE a = ? AND b IN (...)` from optional filters; absent filters are left out. */
export class Where {
  private readonly parts: string[] = [];
  readonly params: unknown[] = [];

  eq(column: string, value: unknown): this {
    if (value !== undefined) this.add(`${column} = ?`, value);
    return this;
  }
  op(column: string, operator: '<' | '<=' | '>=', value: unknown): this {
    if (value !== undefined) this.add(`${column} ${operator} ?`, value);
    return this;
  }
  in(column: string, values: readonly unknown[] | undefined): this {
    if (values === undefined) return this;
    // An empty list matches nothing, as `IN ()` would if SQL allowed it.
    if (values.length === 0) this.parts.push('1 = 0');
    else this.add(`${column} IN (${placeholders(values.length)})`, ...values);
    return this;
  }
  toString() {
    return this.parts.length ? `WHERE ${this.parts.join(' AND ')}` : '';
  }
  private add(part: string, ...values: unknown[]) {
    this.parts.push(part);
    this.params.push(...values);
  }
}
