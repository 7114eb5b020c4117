/** The set-up pages (areas, settings, agencies, people): one chunk, loaded only by coordinators and administrators. */
export { AreasPage } from './AreasPage.js';
export { AreaSettingsPage } from './AreaSettingsPage.js';
export { AgenciesPage } from './AgenciesPage.js';
export { PeoplePage } from './PeoplePage.js';
