import {
  Badge,
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
import { useMe } from '../me.js';
import { Link } from '../router.js';
import { useLoad } from '../use-load.js';
import { KIND_NAMES, type MeetingView } from '../types.js';
import { MeetingCalendar } from '../components/MeetingCalendar.js';
import { NewMeetingForm } from '../components/NewMeetingForm.js';
import { ErrorBar } from '../components/ErrorBar.js';
import { ukDate } from '../../shared/uk-date.js';

const useStyles = makeStyles({
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(420px, 1fr))',
    gap: tokens.spacingHorizontalXXL,
    alignItems: 'start',
    marginTop: tokens.spacingVerticalXXL,
  },
});

/** Meetings: the coming ones as a list, a month calendar, and (for coordinators) a form to create one. */
export function MeetingsPage() {
  const s = useStyles();
  const { isCoordinator, areas, me } = useMe();
  const { data, error, reload } = useLoad<MeetingView[]>('/api/meetings');
  const today = me.today;
  const meetings = data ?? [];
  const upcoming = meetings.filter((m) => m.date >= today);
  const areaName = (id: string) => areas.find((a) => a.id === id)?.name ?? id;
  return (
    <>
      <h1>Meetings</h1>
      <ErrorBar error={error} />
      <section aria-labelledby="upcoming-title">
        <h2 id="upcoming-title">Coming meetings</h2>
        {data && upcoming.length === 0 && <Text>No meetings are planned.</Text>}
        {upcoming.length > 0 && (
          <Table aria-labelledby="upcoming-title" size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Date and time</TableHeaderCell>
                <TableHeaderCell>Meeting</TableHeaderCell>
                <TableHeaderCell>Area</TableHeaderCell>
                <TableHeaderCell>Chair</TableHeaderCell>
                <TableHeaderCell>Cases</TableHeaderCell>
                <TableHeaderCell>Bot link code</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {upcoming.map((m) => (
                <TableRow key={m.id}>
                  <TableCell>
                    <Link to={`/meetings/${m.id}`}>{`${ukDate(m.date)} ${m.startTime}`}</Link>
                  </TableCell>
                  <TableCell>
                    {KIND_NAMES[m.kind]}{' '}
                    {m.linkedToTeams && (
                      <Badge appearance="tint" color="success">
                        Linked to Teams
                      </Badge>
                    )}
                  </TableCell>
                  <TableCell>{areaName(m.areaId)}</TableCell>
                  <TableCell>{m.chairName ?? 'Not decided'}</TableCell>
                  <TableCell>{m.caseCount}</TableCell>
                  <TableCell>{m.linkCode ?? '—'}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </section>
      <div className={s.grid}>
        <MeetingCalendar meetings={meetings} today={today} />
        {isCoordinator && <NewMeetingForm meetings={meetings} today={today} onCreated={reload} />}
      </div>
    </>
  );
}
