/** The live view's shapes, shared with the server as types only (nothing server-side is bundled). */
export type { LiveSnapshot, SpeakerView } from '../../server/routes/live.js';
export type { StoredEvent as LiveEvent } from '../../../../core/src/domain/events.js';
export type { MinutesRecord } from '../../../../core/src/app/minutes/minutes.js';
export type { MaracFigures } from '../../../../core/src/app/figures/figures.js';
