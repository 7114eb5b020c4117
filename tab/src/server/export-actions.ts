import type { ActionRow } from './coordinator.js';
import { csv } from './csv.js';
import { PROTECTIVE_MARKING } from './export-agenda.js';
import { ukDate } from '../shared/uk-date.js';

export const ACTION_STATUS_NAMES: Record<ActionRow['status'], string> = {
  open: 'Open',
  complete: 'Complete',
  'cannot-complete': "Can't complete",
  'no-update': 'No update from lead agency',
  removed: 'Removed in the meeting',
};

const HEADINGS = ['Case', 'Agency', 'Action', 'For', 'Due', 'Status', 'Overdue', 'Last update', 'Updated'];

/** The tracker as the person filtered it, for the coordinator's own records; marked first and last. */
export function actionsCsv(rows: ActionRow[], names: Record<ActionRow['status'], string>): string {
  return csv([
    [PROTECTIVE_MARKING],
    HEADINGS,
    ...rows.map((a) => [
      a.caseReference,
      a.ownerAgencyName,
      a.description,
      a.forWhom,
      ukDate(a.dueDate),
      names[a.status],
      a.overdue ? 'yes' : 'no',
      a.lastUpdate?.note ?? '',
      ukDate(a.lastUpdate?.at, ''),
    ]),
    [PROTECTIVE_MARKING],
  ]);
}
