/** The MARAC domain: the public entry point bot, tab and the server import. */
export * from './domain/errors.js';
export * from './domain/area.js';
export * from './domain/person.js';
export * from './domain/meeting.js';
export * from './domain/referral.js';
export * from './domain/agenda.js';
export * from './domain/confidentiality.js';
export * from './domain/hearing.js';
export * from './domain/actions.js';
export * from './domain/audit.js';
export * from './domain/events.js';
export * from './ports/clock.js';
export * from './ports/repositories.js';
export * from './crypto/personal-data.js';
