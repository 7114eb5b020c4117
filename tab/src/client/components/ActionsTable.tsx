import {
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@fluentui/react-components';
import type { MinutesAction } from '../../../../core/src/app/minutes/minutes.js';
import { ukDate } from '../../shared/uk-date.js';

/**
 * A case's actions as the minutes list them (the coordinator's editor and the agencies' read-only
 * minutes): owner, action, due date, and the status where the reader keeps the minutes.
 */
export function ActionsTable({
  actions,
  label,
  ownerHeading = 'Owner',
  showStatus = false,
}: {
  actions: Pick<MinutesAction, 'id' | 'agency' | 'description' | 'dueDate' | 'status'>[];
  label: string;
  ownerHeading?: string;
  showStatus?: boolean;
}) {
  return (
    <Table size="small" aria-label={label}>
      <TableHeader>
        <TableRow>
          <TableHeaderCell>{ownerHeading}</TableHeaderCell>
          <TableHeaderCell>Action</TableHeaderCell>
          <TableHeaderCell>Due</TableHeaderCell>
          {showStatus && <TableHeaderCell>Status</TableHeaderCell>}
        </TableRow>
      </TableHeader>
      <TableBody>
        {actions.map((a) => (
          <TableRow key={a.id}>
            <TableCell>{a.agency}</TableCell>
            <TableCell>{a.description}</TableCell>
            <TableCell>{ukDate(a.dueDate)}</TableCell>
            {showStatus && <TableCell>{a.status}</TableCell>}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
