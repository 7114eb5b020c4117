/** Minutes: the record of a meeting, read from the store, with the coordinator's edits. */
export * from './model.js';
export * from './access.js';
export * from './minutes.js';
export * from './apologies.js';
export * from './agency-minutes.js';
