import {
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
} from '@fluentui/react-components';
import { useLoad } from '../use-load.js';
import { ErrorBar } from './ErrorBar.js';
import { ukDate } from '../../shared/uk-date.js';
import type { UndeliverableAction } from '../../../../core/src/app/coordinator/undelivered.js';

/**
 * Open actions for an agency nobody can be reached in through Teams (no channel, nobody seen):
 * the chair was warned when the action was recorded; the coordinator delivers these by hand.
 */
export function NoOneToDeliver() {
  const { data, error } = useLoad<UndeliverableAction[]>('/api/undelivered/actions');
  return (
    <section aria-labelledby="no-one-title" data-testid="no-one-to-deliver">
      <h2 id="no-one-title">Actions with no one to deliver to</h2>
      <ErrorBar error={error} />
      {data && !data.length && <Text>Every open action has someone in Teams to deliver it to.</Text>}
      {data && data.length > 0 && (
        <Table aria-label="Actions with no one to deliver to">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Case</TableHeaderCell>
              <TableHeaderCell>Agency</TableHeaderCell>
              <TableHeaderCell>Action</TableHeaderCell>
              <TableHeaderCell>Due</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {data.map((a) => (
              <TableRow key={a.actionId}>
                <TableCell>{a.caseReference}</TableCell>
                <TableCell>{a.agency}</TableCell>
                <TableCell>{a.description}</TableCell>
                <TableCell>{ukDate(a.dueDate)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}
