import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AuditCheckpoint, auditHead, checkpointValid, signCheckpoint } from '@marac/core/store';
import type { Store } from '@marac/core';

/** One signed checkpoint per line, appended only: the database cannot rewrite this file. */
export const checkpointFile = (dataDir: string) => join(dataDir, 'audit-checkpoints.jsonl');

/**
 * Writes the audit chain's head, signed, to the log and to DATA_DIR: with it, `audit:verify`
 * notices the newest entries removed, or the chain rewritten up to it.
 */
export async function writeCheckpoint(
  store: Pick<Store, 'repos'>,
  key: Buffer,
  dataDir: string,
  log: { info(o: object, m: string): void },
  now = Date.now(),
): Promise<AuditCheckpoint> {
  const cp = signCheckpoint(key, { ...(await auditHead(store)), at: new Date(now).toISOString() });
  mkdirSync(dataDir, { recursive: true });
  appendFileSync(checkpointFile(dataDir), `${JSON.stringify(cp)}\n`, { mode: 0o600 });
  log.info({ auditCheckpoint: cp }, 'audit checkpoint');
  return cp;
}

/**
 * The newest checkpoint whose signature holds, the earliest one (`first`: it seals entries from
 * before audit MACs, see verifyAuditChain), and how many lines did not hold.
 */
export function latestCheckpoint(
  dataDir: string,
  key: Buffer,
): { checkpoint?: AuditCheckpoint; first?: AuditCheckpoint; forged: number } {
  const file = checkpointFile(dataDir);
  if (!existsSync(file)) return { forged: 0 };
  let checkpoint: AuditCheckpoint | undefined;
  let first: AuditCheckpoint | undefined;
  let forged = 0;
  for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
    try {
      const c = JSON.parse(line) as AuditCheckpoint;
      if (checkpointValid(key, c)) {
        checkpoint = !checkpoint || c.seq >= checkpoint.seq ? c : checkpoint;
        first = !first || c.seq < first.seq ? c : first;
      } else forged++;
    } catch {
      forged++;
    }
  }
  return { checkpoint, first, forged };
}

/** At start, then every `everyMs` (default daily), and once more on stop. */
export function startCheckpoints(
  write: () => Promise<unknown>,
  onError: (e: unknown) => void,
  everyMs = 24 * 3_600_000,
) {
  const run = () => write().catch(onError);
  void run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await run();
  };
}
