/** Setting up a MARAC: administrators, areas and their settings, agencies and people. */
export * from './access.js';
export * from './areas.js';
export * from './agencies.js';
export {
  addPerson,
  changePerson,
  checkPerson,
  listPeopleForAdmin,
  newPerson,
  type PersonAdminView,
  type PersonChanges,
  type PersonInput,
} from './people.js';
export * from './import-people.js';
export * from './csv.js';
export * from './sign-in.js';
export * from './find-people.js';
export * from '../../domain/area-settings.js';
