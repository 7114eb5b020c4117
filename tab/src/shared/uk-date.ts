// The one date format lives in core (meeting titles, exports and the Teams subject use it too).
export { ukDate, ukDateTime } from '../../../core/src/domain/civil-time.js';
