import { join } from 'node:path';
import { PersonalDataCipher } from '@marac/core';
import { openStore, verifyAuditChain } from '@marac/core/store';
import { loadConfig } from './config.js';
import { loadDataKey } from './data-key.js';

/** `npm run audit:verify`: recompute the audit hash chain and name the first broken entry. */
const config = loadConfig();
const cipher = new PersonalDataCipher(loadDataKey(config, () => {}));
const store = await openStore({
  databaseUrl: config.DATABASE_URL,
  sqlitePath: join(config.DATA_DIR, 'marac.sqlite'),
  cipher,
});
const result = await verifyAuditChain(store);
await store.close();
if (result.ok) {
  console.log(`Audit chain intact: ${result.count} entries verified.`);
} else {
  console.error(
    `Audit chain BROKEN at entry ${result.firstBrokenSeq} (${result.reason}); ${result.count} entries read.`,
  );
  process.exit(1);
}
