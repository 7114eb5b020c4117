import { join } from 'node:path';
import { PersonalDataCipher } from '@marac/core';
import { openStore, verifyAuditChain } from '@marac/core/store';
import { loadConfig } from './config.js';
import { loadDataKey } from './data-key.js';
import { loadAuditKey } from './audit-key.js';
import { checkpointFile, latestCheckpoint } from './audit-checkpoint.js';

/**
 * `npm run audit:verify`: recompute the audit chain's MACs with AUDIT_MAC_KEY and compare its
 * head with the newest signed checkpoint in DATA_DIR; name the first broken entry.
 */
const config = loadConfig();
const key = loadAuditKey(config, () => {});
const cipher = new PersonalDataCipher(loadDataKey(config, () => {}));
const store = await openStore({
  databaseUrl: config.DATABASE_URL,
  sqlitePath: join(config.DATA_DIR, 'marac.sqlite'),
  cipher,
  auditKey: key,
});
const { checkpoint, first, forged } = latestCheckpoint(config.DATA_DIR, key);
const result = await verifyAuditChain(store, key, { checkpoint, seal: first });
await store.close();
if (forged)
  console.error(
    `${forged} checkpoint line(s) in ${checkpointFile(config.DATA_DIR)} do not carry a valid signature under this AUDIT_MAC_KEY (forged, or another key).`,
  );
if (!checkpoint)
  console.error('No valid checkpoint found: removal of the newest entries cannot be detected.');
if (result.ok) {
  console.log(
    `Audit chain intact: ${result.count} entries verified${checkpoint ? `; checkpoint of ${checkpoint.at} (entry ${checkpoint.seq}) matches` : ''}.`,
  );
  if (result.legacy && first)
    console.log(
      `Entries 1 to ${result.legacy.upTo} predate audit MACs: verified by their hash chain, sealed by the first checkpoint (${first.at}, entry ${first.seq}).`,
    );
  if (forged) process.exit(1);
} else if (result.unsealed) {
  console.error(
    `Audit chain NOT SEALED at entry ${result.firstBrokenSeq} (${result.reason}); ${result.count} entries read.`,
  );
  process.exit(1);
} else {
  console.error(
    `Audit chain BROKEN at entry ${result.firstBrokenSeq} (${result.reason}); ${result.count} entries read.`,
  );
  process.exit(1);
}
