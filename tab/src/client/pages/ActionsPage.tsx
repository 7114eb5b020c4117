import { useState } from 'react';
import {
  Badge,
  Button,
  Checkbox,
  Field,
  Input,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { api } from '../api.js';
import { useMe } from '../me.js';
import { useLoad } from '../use-load.js';
import { KIND_NAMES, type ActionRow, type MeetingView } from '../types.js';
import { ErrorBar } from '../components/ErrorBar.js';
import { ActionDialog } from '../components/ActionDialog.js';
import { useSave } from '../use-save.js';
import { ukDate } from '../../shared/uk-date.js';
import { type SortDir, type SortKey, trackerRows } from '../../shared/actions-view.js';

const useStyles = makeStyles({
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalL,
    alignItems: 'end',
    marginBottom: tokens.spacingVerticalL,
  },
});

const STATUS = {
  open: 'Open',
  complete: 'Complete',
  'cannot-complete': 'Cannot complete',
  removed: 'Removed in the meeting',
};

/** The actions tracker. Agency representatives see only their own agency's actions (the server enforces it). */
export function ActionsPage({ initialMeetingId }: { initialMeetingId?: string }) {
  const s = useStyles();
  const { me, areas, seesAllActions, isCoordinator, agencyName } = useMe();
  const [f, setF] = useState({ meetingId: initialMeetingId ?? '', agencyId: '', status: '', overdue: false });
  const save = useSave();
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<{ key: SortKey; dir: SortDir }>({
    key: 'dueDate',
    dir: 'ascending',
  });
  const [opened, setOpened] = useState<ActionRow>();
  const q = new URLSearchParams();
  if (f.meetingId) q.set('meetingId', f.meetingId);
  if (f.agencyId) q.set('agencyId', f.agencyId);
  if (f.status) q.set('status', f.status);
  if (f.overdue) q.set('overdue', 'true');
  const { data, error, reload } = useLoad<ActionRow[]>(`/api/actions?${q}`);
  const meetings = useLoad<MeetingView[]>('/api/meetings').data ?? [];
  const agencies = areas.flatMap((a) => a.agencies);
  const overdueLabel = areas[0]?.overdueLabel ?? 'No update from lead agency';
  const statusName = (st: ActionRow['status']) => (st === 'no-update' ? overdueLabel : STATUS[st]);

  const rows = trackerRows(data ?? [], search, sort);
  const sortBy = (key: SortKey) =>
    setSort({ key, dir: sort.key === key && sort.dir === 'ascending' ? 'descending' : 'ascending' });
  const header = (key: SortKey) => ({
    sortable: true,
    sortDirection: sort.key === key ? sort.dir : undefined,
    onClick: () => sortBy(key),
  });
  const exportCsv = () =>
    save.run(() => {
      // The file is the tracker as shown: the filters, the search and the sort.
      const shown = new URLSearchParams(q);
      if (search.trim()) shown.set('search', search.trim());
      shown.set('sort', sort.key);
      shown.set('dir', sort.dir);
      return api.download(`/api/actions.csv?${shown}`);
    }, 'Could not export the actions.');

  const markNoUpdate = (a: ActionRow) =>
    save.run(async () => {
      await api.post(`/api/actions/${encodeURIComponent(a.id)}/no-update`, { version: a.version });
      reload();
    }, 'Could not mark the action.');

  return (
    <>
      <h1>Actions</h1>
      {!seesAllActions && <Text as="p">{`Showing ${me.agencyName ?? 'your agency'}’s actions.`}</Text>}
      <div className={s.bar} role="search" aria-label="Filter actions">
        <Field label="Meeting">
          <Select value={f.meetingId} onChange={(_, d) => setF({ ...f, meetingId: d.value })}>
            <option value="">All meetings</option>
            {meetings.map((m) => (
              <option
                key={m.id}
                value={m.id}
              >{`${KIND_NAMES[m.kind]} ${ukDate(m.date)} ${m.startTime}`}</option>
            ))}
          </Select>
        </Field>
        {seesAllActions && (
          <Field label="Agency">
            <Select value={f.agencyId} onChange={(_, d) => setF({ ...f, agencyId: d.value })}>
              <option value="">All agencies</option>
              {agencies.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </Select>
          </Field>
        )}
        <Field label="Status">
          <Select value={f.status} onChange={(_, d) => setF({ ...f, status: d.value })}>
            <option value="">Any status</option>
            {Object.entries(STATUS).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
            <option value="no-update">{overdueLabel}</option>
          </Select>
        </Field>
        <Checkbox
          label="Overdue only"
          checked={f.overdue}
          onChange={(_, d) => setF({ ...f, overdue: !!d.checked })}
        />
        <Field label="Search">
          <Input value={search} onChange={(_, d) => setSearch(d.value)} type="search" />
        </Field>
        <Button onClick={exportCsv}>Export CSV</Button>
      </div>
      <ErrorBar error={error ?? save.error} />
      {data && rows.length === 0 && <Text as="p">No actions match.</Text>}
      {data && rows.length > 0 && (
        <Table size="small" aria-label="Actions" sortable>
          <TableHeader>
            <TableRow>
              <TableHeaderCell {...header('caseReference')}>Case</TableHeaderCell>
              <TableHeaderCell {...header('ownerAgencyName')}>Agency</TableHeaderCell>
              <TableHeaderCell>Action</TableHeaderCell>
              <TableHeaderCell {...header('dueDate')}>Due</TableHeaderCell>
              <TableHeaderCell {...header('status')}>Status</TableHeaderCell>
              <TableHeaderCell>Record</TableHeaderCell>
              {isCoordinator && <TableHeaderCell>Chase</TableHeaderCell>}
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((a) => (
              <TableRow key={a.id} data-agency={a.ownerAgencyId} data-action={a.id}>
                <TableCell>{a.caseReference}</TableCell>
                <TableCell>{a.ownerAgencyName}</TableCell>
                <TableCell>{a.description}</TableCell>
                <TableCell>
                  {ukDate(a.dueDate)}{' '}
                  {a.overdue && (
                    <Badge color="danger" appearance="filled">
                      Overdue
                    </Badge>
                  )}
                </TableCell>
                <TableCell>{statusName(a.status)}</TableCell>
                <TableCell>
                  <Button
                    size="small"
                    onClick={() => setOpened(a)}
                    aria-label={`Open action ${a.caseReference}, ${a.ownerAgencyName}`}
                  >
                    {isCoordinator || a.ownerAgencyId === me.agencyId ? 'Update or history' : 'History'}
                  </Button>
                </TableCell>
                {isCoordinator && (
                  <TableCell>
                    {a.status === 'open' && a.overdue && (
                      <Button
                        size="small"
                        onClick={() => markNoUpdate(a)}
                        aria-label={`Mark “${overdueLabel}”: ${a.caseReference}, ${agencyName(a.ownerAgencyId)}`}
                      >
                        {`Mark “${overdueLabel}”`}
                      </Button>
                    )}
                  </TableCell>
                )}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {opened && (
        <ActionDialog
          row={opened}
          mayChange={isCoordinator || opened.ownerAgencyId === me.agencyId}
          onClose={(changed) => {
            setOpened(undefined);
            if (changed) reload();
          }}
        />
      )}
    </>
  );
}
