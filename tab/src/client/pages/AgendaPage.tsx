import { useState } from 'react';
import {
  Button,
  MessageBar,
  MessageBarBody,
  Select,
  Field,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { api, ApiError } from '../api.js';
import { useMe } from '../me.js';
import { Link } from '../router.js';
import { useLoad } from '../use-load.js';
import { KIND_NAMES, type AgendaView } from '../types.js';
import { AgendaList } from '../components/AgendaList.js';
import { ErrorBar } from '../components/ErrorBar.js';
import { ReturnsMatrix } from '../components/ReturnsMatrix.js';
import { PlanningPanel } from '../components/PlanningPanel.js';
import { TeamsMeetingPanel } from '../components/TeamsMeetingPanel.js';
import { MeetingChanges } from '../components/MeetingChanges.js';
import { ukDate } from '../../shared/uk-date.js';

const useStyles = makeStyles({
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalM,
    alignItems: 'end',
    margin: `${tokens.spacingVerticalM} 0`,
  },
  live: { position: 'absolute', left: '-10000px', width: '1px', height: '1px', overflow: 'hidden' },
});

const ORDERINGS = {
  receipt: 'Order of receipt',
  'children-first': 'Children first',
  'cluster-by-agency': 'Cluster by referring agency',
};

/** The agenda builder: order, time slots, warnings, export; closed session after it for those invited. */
export function AgendaPage({ meetingId }: { meetingId: string }) {
  const s = useStyles();
  const { isCoordinator, me } = useMe();
  const { data, error, setData, reload } = useLoad<AgendaView>(
    `/api/meetings/${encodeURIComponent(meetingId)}/agenda`,
  );
  const [announce, setAnnounce] = useState('');
  const [problem, setProblem] = useState<string>();
  const [ordering, setOrdering] = useState<string>();
  if (error) return <ErrorBar error={error} />;
  if (!data) return <Spinner label="Loading the agenda…" />;
  const m = data.meeting;
  const path = `/api/meetings/${encodeURIComponent(m.id)}/agenda`;

  const save = async (caseIds: string[], moved?: { caseId: string; to: number }) => {
    const expectedOrder = data.rows.map((r) => r.caseId);
    const byId = new Map(data.rows.map((r) => [r.caseId, r]));
    // Times belong to the slot, not the case: until the server answers, a moved case shows its new slot.
    const slot = (i: number) => ({ position: i + 1, start: data.rows[i].start, end: data.rows[i].end });
    setData({ ...data, rows: caseIds.map((id, i) => ({ ...byId.get(id)!, ...slot(i) })) });
    setProblem(undefined);
    try {
      const next = await api.put<AgendaView>(path, { caseIds, expectedOrder });
      setData(next);
      const row = moved && next.rows.find((r) => r.caseId === moved.caseId);
      if (row)
        setAnnounce(
          `${row.reference} moved to position ${row.position} of ${next.rows.length}, ${row.start} to ${row.end}.`,
        );
    } catch (e) {
      setProblem(e instanceof ApiError ? e.message : 'The new order could not be saved.');
      reload();
    }
  };
  const suggest = async () => {
    try {
      const next = await api.post<AgendaView>(`${path}/suggest`, {
        ordering: ordering ?? data.area.agendaOrdering,
      });
      setData(next);
      setAnnounce(
        `Agenda reordered: ${ORDERINGS[(ordering ?? data.area.agendaOrdering) as keyof typeof ORDERINGS]}.`,
      );
    } catch (e) {
      setProblem(e instanceof ApiError ? e.message : 'Could not reorder.');
    }
  };
  const exportAs = async (ext: 'docx' | 'csv') => {
    try {
      const name = await api.download(`${path}.${ext}`);
      setAnnounce(`Agenda exported as ${name}.`);
    } catch (e) {
      setProblem(e instanceof ApiError ? e.message : 'The export failed.');
    }
  };

  return (
    <>
      <h1>{`${KIND_NAMES[m.kind]} agenda, ${ukDate(m.date)} ${m.startTime}`}</h1>
      <Text as="p">
        {data.area.name}. Chair: {m.chairName ?? 'not decided'}.{' '}
        {m.linkCode && (
          <>
            Bot link code: <strong>{m.linkCode}</strong>.{' '}
          </>
        )}
        {`${data.area.minutesPerCase[m.kind]} minutes a case.`}
      </Text>
      <div aria-live="polite" className={s.live} data-testid="agenda-announcer">
        {announce}
      </div>
      {data.maxCasesWarning && (
        <MessageBar layout="multiline" intent="warning">
          <MessageBarBody>{data.maxCasesWarning}</MessageBarBody>
        </MessageBar>
      )}
      <ErrorBar error={problem} />
      {data.locked && (
        <Text as="p" data-testid="agenda-locked">
          {m.status === 'cancelled'
            ? 'This meeting was cancelled; its agenda is locked.'
            : 'This meeting has ended; its agenda is locked.'}
        </Text>
      )}
      {data.canEdit && (
        <div className={s.bar}>
          {!data.locked && (
            <>
              <Field label="Suggested order">
                <Select
                  value={ordering ?? data.area.agendaOrdering}
                  onChange={(_, d) => setOrdering(d.value)}
                >
                  {Object.entries(ORDERINGS).map(([k, v]) => (
                    <option key={k} value={k}>
                      {v}
                      {k === data.area.agendaOrdering ? ' (area setting)' : ''}
                    </option>
                  ))}
                </Select>
              </Field>
              <Button onClick={suggest}>Apply suggested order</Button>
            </>
          )}
          <Button appearance="primary" onClick={() => exportAs('docx')}>
            Download agenda (DOCX)
          </Button>
          <Button onClick={() => exportAs('csv')}>Export CSV</Button>
          {m.kind !== 'closed' && !data.locked && (
            <Link to={`/referrals/new?meetingId=${m.id}`}>Add a referral to this meeting</Link>
          )}
        </div>
      )}
      {data.canEdit && !data.locked && (
        <Text as="p" id="agenda-keys" size={200}>
          To move a case, drag it, or focus it and press Alt+Arrow Up or Alt+Arrow Down.
        </Text>
      )}
      {data.rows.length === 0 ? (
        <Text as="p">No cases on this agenda yet.</Text>
      ) : (
        <AgendaList
          rows={data.rows}
          label={`Cases in order, ${ukDate(m.date)}`}
          onReorder={data.canEdit && !data.locked ? save : undefined}
        />
      )}
      {data.closedSession && (
        <section aria-labelledby="closed-title">
          <h2 id="closed-title">{`Closed session after the meeting, ${data.closedSession.meeting.startTime}`}</h2>
          <Text as="p">
            Invited agencies only.{' '}
            <Link to={`/meetings/${data.closedSession.meeting.id}`}>Open the closed session’s agenda</Link>
          </Text>
          <AgendaList rows={data.closedSession.rows} label="Closed session cases" />
        </section>
      )}
      <TeamsMeetingPanel
        key={`${m.date}${m.startTime}`}
        meetingId={m.id}
        date={m.date}
        startTime={m.startTime}
        onChanged={reload}
      />
      {data.canEdit && (m.status === 'planned' || m.status === 'cancelled') && (
        <MeetingChanges meeting={m} onChanged={reload} />
      )}
      {(isCoordinator || me.id === m.chairId) && (
        <ReturnsMatrix meetingId={m.id} mayPublish={isCoordinator} />
      )}
      {!isCoordinator && me.agencyId && me.roles.some((r) => r === 'agency-rep' || r === 'idva') && (
        <p>
          <Link to={`/meetings/${m.id}/research`}>Research for your agency</Link>
          {' · '}
          <Link to={`/meetings/${m.id}/minutes`}>Circulated minutes</Link>
        </p>
      )}
      <p>
        <Link to={`/actions?meetingId=${m.id}`}>Actions from this meeting</Link>
      </p>
      {(isCoordinator || me.roles.includes('chair')) && <PlanningPanel areaId={data.area.id} />}
    </>
  );
}
