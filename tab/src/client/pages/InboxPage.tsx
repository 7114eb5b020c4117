import { useState } from 'react';
import {
  Badge,
  Button,
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
import { useMe } from '../me.js';
import { Link } from '../router.js';
import { useLoad } from '../use-load.js';
import { KIND_NAMES, type InboxRow } from '../types.js';
import { ukDate } from '../../shared/uk-date.js';
import { ErrorBar } from '../components/ErrorBar.js';

const useStyles = makeStyles({
  filters: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL, alignItems: 'end' },
});

const STATUSES = [
  ['', 'Any status'],
  ['referred', 'Received'],
  ['scheduled', 'Listed'],
  ['heard', 'Heard'],
  ['deferred', 'Deferred'],
  ['referred-to-plus', 'To MARAC Plus'],
  ['not-reached', 'Not reached'],
  ['deferred,referred-to-plus,not-reached', 'To be re-listed'],
  ['closed', 'Closed'],
] as const;
const PAGE = 100;
const CRITERIA = {
  'visible-high-risk': 'Visible high risk',
  'professional-judgement': 'Professional judgement',
  escalation: 'Escalation',
  repeat: 'Repeat',
};

/** The referrals inbox: every referral and case of the area, filtered and searched (coordinators). */
export function InboxPage() {
  const s = useStyles();
  const { areas, isCoordinator, agencyName } = useMe();
  const [areaId, setAreaId] = useState(areas[0]?.id ?? '');
  const [status, setStatus] = useState('');
  const [agency, setAgency] = useState('');
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  // A page at a time: a long table is slow to draw and to read; the count says how many there are.
  const [shown, setShown] = useState(PAGE);
  const params = new URLSearchParams({
    areaId,
    ...(status && { status }),
    ...(agency && { agency }),
    ...(q && { q }),
  });
  const { data, error } = useLoad<{ rows: InboxRow[]; message?: string }>(
    isCoordinator && areaId ? `/api/referrals?${params}` : undefined,
  );
  if (!isCoordinator)
    return (
      <ErrorBar error="The referrals inbox is for the MARAC coordinators." title="Not available to you" />
    );
  const area = areas.find((a) => a.id === areaId);
  return (
    <>
      <h1>Referrals</h1>
      <form
        className={s.filters}
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setQ(typed.trim());
        }}
      >
        {areas.length > 1 && (
          <Field label="Area">
            <Select value={areaId} onChange={(_, d) => setAreaId(d.value)}>
              {areas.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </Select>
          </Field>
        )}
        <Field label="Status">
          <Select value={status} onChange={(_, d) => setStatus(d.value)}>
            {STATUSES.map(([v, label]) => (
              <option key={v} value={v}>
                {label}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Referring agency">
          <Select value={agency} onChange={(_, d) => setAgency(d.value)}>
            <option value="">Any agency</option>
            {area?.agencies.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Search" hint="A case reference, or a victim’s or perpetrator’s full name.">
          <Input value={typed} onChange={(_, d) => setTyped(d.value)} />
        </Field>
        <Button type="submit">Search</Button>
      </form>
      <ErrorBar error={error} />
      {data?.message && (
        <Text role="status" data-testid="inbox-message">
          {data.message}
        </Text>
      )}
      {data && data.rows.length > 0 && (
        <Text role="status" data-testid="inbox-count">
          {`${data.rows.length} case${data.rows.length === 1 ? '' : 's'}${data.rows.length > shown ? `, showing the newest ${shown}` : ''}.`}
        </Text>
      )}
      {data && (
        <Table aria-label="Referrals" size="small" data-testid="inbox">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Case</TableHeaderCell>
              <TableHeaderCell>Received</TableHeaderCell>
              <TableHeaderCell>Referring agency</TableHeaderCell>
              <TableHeaderCell>Criteria</TableHeaderCell>
              <TableHeaderCell>Status</TableHeaderCell>
              <TableHeaderCell>Meeting</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {data.rows.slice(0, shown).map((r) => (
              <TableRow key={r.id} data-case={r.reference}>
                <TableCell>
                  <Link to={`/cases/${r.id}`}>{r.reference}</Link>
                  {r.repeat && (
                    <Badge appearance="tint" color="warning">
                      Repeat
                    </Badge>
                  )}
                  {r.closedSession && <Badge appearance="tint">Closed session</Badge>}
                </TableCell>
                <TableCell>{ukDate(r.receivedAt)}</TableCell>
                <TableCell>{agencyName(r.referringAgencyId)}</TableCell>
                <TableCell>{r.criteria.map((c) => CRITERIA[c]).join(', ')}</TableCell>
                <TableCell>{r.statusLabel}</TableCell>
                <TableCell>
                  {r.meeting
                    ? `${KIND_NAMES[r.meeting.kind]} ${ukDate(r.meeting.date)} ${r.meeting.startTime}`
                    : '—'}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {data && data.rows.length > shown && (
        <Button
          onClick={() => setShown((n) => n + PAGE)}
        >{`Show ${Math.min(PAGE, data.rows.length - shown)} more`}</Button>
      )}
    </>
  );
}
