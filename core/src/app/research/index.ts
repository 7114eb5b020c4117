/** Between meetings: the agenda published to the agencies, their research, the returns matrix. */
export * from './access.js';
export * from './publish.js';
export * from './research-view.js';
export * from './returns.js';
export * from './matrix.js';
export * from './victim-views.js';
export * from './summaries.js';
