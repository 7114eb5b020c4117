/** The one verb registry and what is derived from it (chat parser, card look-up, tab controls). */
export * from './types.js';
export * from './registry.js';
export * from './chat.js';
export * from './data.js';
