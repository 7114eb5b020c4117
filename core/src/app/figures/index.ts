/** Performance figures: the quarterly MARAC data SafeLives collects, from the hearings record. */
export * from './figures.js';
