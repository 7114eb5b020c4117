/** The coordinator's use cases: meetings, referrals, agendas and the actions tracker, over the core Store. */
export * from './context.js';
export * from './access.js';
export * from './meetings.js';
export * from './case-views.js';
export * from './referrals.js';
export * from './agenda.js';
export * from './agenda-export.js';
export * from './planning.js';
export * from './actions.js';
export * from './directory.js';
export * from './action-history.js';
export * from './checks.js';
export * from './listing.js';
export * from './meeting-changes.js';
export * from './teams-invitees.js';
export * from './teams-meeting.js';
export * from './teams-meeting-changes.js';
