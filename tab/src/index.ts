/** The tab's server side, mounted by the one express server in src/main.ts. */
export { createTabApp, JSON_LIMIT } from './server/create-tab-app.js';
export type { TabDeps, Log } from './server/deps.js';
export { PROTECTIVE_MARKING } from './server/export-agenda.js';
