/** The live meeting's use cases, shared by the bot's chat commands and the tab's controls. */
export * from './context.js';
export * from './linking.js';
export * from './adopt-chat.js';
export * from './declaration.js';
export { agendaEntries } from './running-order.js';
export * from './chairing.js';
export * from './timers.js';
export * from './actions.js';
export * from './follow-up.js';
export * from './recorded-attendance.js';
export * from './delegation.js';
export * from './card-scope.js';
export * from './safety.js';
export * from './teams-meeting-id.js';
export * from './meeting-view.js';
export * from './roll-call-view.js';
