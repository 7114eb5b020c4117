import { useEffect, useState } from 'react';
import {
  Badge,
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Select,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { api, ApiError } from '../api.js';
import { ErrorBar } from '../components/ErrorBar.js';
import { ActionsTable } from '../components/ActionsTable.js';
import { Link } from '../router.js';
import { useLoad } from '../use-load.js';
import { KIND_NAMES, type MeetingView } from '../types.js';
import { areaDateTime, areaTime } from '../local-time.js';
import type { MinutesRecord } from '../live/types.js';
import { ukDate } from '../../shared/uk-date.js';

const useStyles = makeStyles({
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalM,
    alignItems: 'center',
    margin: `${tokens.spacingVerticalM} 0`,
  },
  row: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalM,
    alignItems: 'end',
    marginBottom: tokens.spacingVerticalS,
  },
  grow: { flexGrow: 1, minWidth: '240px' },
  case: {
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    paddingTop: tokens.spacingVerticalM,
    marginTop: tokens.spacingVerticalM,
  },
  marking: { fontWeight: tokens.fontWeightBold, letterSpacing: '0.05em' },
  live: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
});

const STATUS = { planned: 'Planned', live: 'Running', ended: 'Ended', cancelled: 'Cancelled' } as const;
const when = (iso?: string) => areaDateTime(iso, '—');
const time = (iso?: string) => areaTime(iso, '—');

/** Minutes: the meetings to choose from, or one meeting's minutes to edit and export. */
export function MinutesPage({ meetingId }: { meetingId?: string }) {
  return meetingId ? <MinutesEditor meetingId={meetingId} /> : <MinutesIndex />;
}

function MinutesIndex() {
  const { data, error } = useLoad<MeetingView[]>('/api/meetings');
  return (
    <>
      <h1>Minutes</h1>
      <Text block as="p">
        Minutes are drafted from the meeting record. Add apologies, written submissions, the risks summary and
        crimes disclosed for each case, then export them once the meeting has ended.
      </Text>
      <ErrorBar error={error} />
      {!data && !error && <Spinner label="Loading meetings…" />}
      {data && (
        <Table size="small" aria-label="Meetings">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Meeting</TableHeaderCell>
              <TableHeaderCell>Status</TableHeaderCell>
              <TableHeaderCell>Open</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {[...data].reverse().map((m) => (
              <TableRow key={m.id}>
                <TableCell>{`${KIND_NAMES[m.kind]} ${ukDate(m.date)} ${m.startTime}`}</TableCell>
                <TableCell>{STATUS[m.status]}</TableCell>
                <TableCell>
                  <Link
                    to={`/minutes?meetingId=${encodeURIComponent(m.id)}`}
                  >{`Minutes of ${KIND_NAMES[m.kind]} ${ukDate(m.date)}`}</Link>
                  {' · '}
                  <Link
                    to={`/live?meetingId=${encodeURIComponent(m.id)}&view=sidepanel`}
                  >{`Live view of ${KIND_NAMES[m.kind]} ${ukDate(m.date)}`}</Link>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}

type Edit = Pick<MinutesRecord, 'apologies' | 'writtenSubmissions' | 'otherBusiness'> & {
  cases: Record<string, { risks: string; crimesDisclosed: string; notes: string }>;
};
const editOf = (m: MinutesRecord): Edit => ({
  apologies: m.apologies,
  writtenSubmissions: m.writtenSubmissions,
  otherBusiness: m.otherBusiness,
  cases: Object.fromEntries(
    m.cases.map((c) => [c.caseId, { risks: c.risks, crimesDisclosed: c.crimesDisclosed, notes: c.notes }]),
  ),
});

function MinutesEditor({ meetingId }: { meetingId: string }) {
  const s = useStyles();
  const path = `/api/meetings/${encodeURIComponent(meetingId)}/minutes`;
  const { data, error, setData } = useLoad<MinutesRecord>(path);
  const [edit, setEdit] = useState<Edit>();
  const [dirty, setDirty] = useState(false);
  const [problem, setProblem] = useState<ApiError | string>();
  const [announce, setAnnounce] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (data && !dirty) setEdit(editOf(data));
  }, [data, dirty]);
  if (error)
    return (
      <>
        <h1>Minutes</h1>
        <ErrorBar error={error} />
      </>
    );
  if (!data || !edit) return <Spinner label="Loading the minutes…" />;
  const m = data;
  const change = (next: Partial<Edit>) => {
    setEdit({ ...edit, ...next });
    setDirty(true);
  };
  const caseNote = (caseId: string, field: 'risks' | 'crimesDisclosed' | 'notes', value: string) =>
    change({ cases: { ...edit.cases, [caseId]: { ...edit.cases[caseId], [field]: value } } });
  const run = async (what: string, fn: () => Promise<void>) => {
    setBusy(true);
    setProblem(undefined);
    try {
      await fn();
    } catch (e) {
      setProblem(e instanceof ApiError ? e : `${what} failed.`);
    } finally {
      setBusy(false);
    }
  };
  const save = () =>
    run('Saving', async () => {
      const next = await api.put<MinutesRecord>(path, {
        expectedVersion: m.draft.version,
        apologies: edit.apologies.map(({ name, agencyId, note }) => ({
          name,
          agencyId: agencyId || undefined,
          note,
        })),
        writtenSubmissions: edit.writtenSubmissions.map(({ agencyId, caseId, summary }) => ({
          agencyId,
          caseId: caseId || undefined,
          summary,
        })),
        cases: edit.cases,
        otherBusiness: edit.otherBusiness,
      });
      setDirty(false);
      setData(next);
      setAnnounce(`Minutes saved (version ${next.draft.version}).`);
    });
  const exportDocx = () =>
    run('Export', async () => {
      const name = await api.download(`${path.replace(/\/minutes$/, '/minutes.docx')}`);
      setAnnounce(`Minutes exported as ${name}.`);
    });
  const circulated = () =>
    run('Recording', async () => {
      const next = await api.post<MinutesRecord>(`${path}/circulated`, { expectedVersion: m.draft.version });
      setData(next);
      setAnnounce('Recorded that the minutes were circulated.');
    });
  const agencyOptions = (
    <>
      <option value="">Choose an agency</option>
      {m.agencies.map((a) => (
        <option key={a.id} value={a.id}>
          {a.name}
        </option>
      ))}
    </>
  );

  return (
    <>
      <Text block className={s.marking} as="p">
        {m.marking}
      </Text>
      <h1>{m.title}</h1>
      <Text
        block
        as="p"
      >{`Chair: ${m.meeting.chairName ?? 'not recorded'}. Started ${time(m.meeting.startedAt)}, ended ${time(m.meeting.endedAt)}.`}</Text>
      {!m.ended && (
        <MessageBar intent="info">
          <MessageBarBody>
            The meeting has not ended. You can prepare the minutes now; they can be exported once the chair
            ends the meeting.
          </MessageBarBody>
        </MessageBar>
      )}
      {m.ended && m.circulateBy && !m.draft.circulatedAt && (
        <Text block as="p" data-testid="circulate-by">
          {`Circulate by ${when(m.circulateBy)} (the area's deadline).`}{' '}
          {Date.now() > Date.parse(m.circulateBy) && (
            <Badge color="danger" appearance="filled">
              Overdue
            </Badge>
          )}
        </Text>
      )}
      {m.draft.circulatedAt && (
        <Text
          block
          as="p"
        >{`Circulated ${when(m.draft.circulatedAt)} by ${m.draft.circulatedBy ?? 'the coordinator'}.`}</Text>
      )}
      <div className={s.bar}>
        <Button appearance="primary" disabled={busy || !dirty} onClick={() => void save()}>
          Save minutes
        </Button>
        <Button disabled={busy} onClick={() => void exportDocx()}>
          Export as Word (DOCX)
        </Button>
        {m.ended && !m.draft.circulatedAt && (
          <Button disabled={busy || dirty} onClick={() => void circulated()}>
            Circulate to the agencies
          </Button>
        )}
        <Link to={`/live?meetingId=${encodeURIComponent(m.meeting.id)}&view=sidepanel`}>Live view</Link>
        <Text size={200}>
          {dirty
            ? 'Unsaved changes.'
            : m.draft.updatedAt
              ? `Saved ${when(m.draft.updatedAt)} by ${m.draft.updatedBy ?? ''}.`
              : 'Not edited yet.'}
        </Text>
      </div>
      <div aria-live="polite" className={s.live}>
        {announce}
      </div>
      <ErrorBar error={problem} />

      <h2>Attendees</h2>
      {m.attendees.length ? (
        <Table size="small" aria-label="Attendees">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Name</TableHeaderCell>
              <TableHeaderCell>Agency</TableHeaderCell>
              <TableHeaderCell>Arrived</TableHeaderCell>
              <TableHeaderCell>Left</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {m.attendees.map((a) => (
              <TableRow key={`${a.name}-${a.arrivedAt}`}>
                <TableCell>{a.name}</TableCell>
                <TableCell>{a.agency}</TableCell>
                <TableCell>{`${time(a.arrivedAt)}${a.late ? ' (late)' : ''}`}</TableCell>
                <TableCell>{a.leftAt ? time(a.leftAt) : ''}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : (
        <Text block as="p">
          No attendance recorded yet.
        </Text>
      )}

      <h2>Apologies</h2>
      {edit.apologies.map((a, i) => (
        <div className={s.row} key={i}>
          <Field label={`Apology ${i + 1}: name`}>
            <Input
              value={a.name}
              onChange={(_, d) =>
                change({ apologies: edit.apologies.map((x, j) => (j === i ? { ...x, name: d.value } : x)) })
              }
            />
          </Field>
          <Field label={`Apology ${i + 1}: agency`}>
            <Select
              value={a.agencyId ?? ''}
              onChange={(_, d) =>
                change({
                  apologies: edit.apologies.map((x, j) =>
                    j === i ? { ...x, agencyId: d.value || undefined, agency: '' } : x,
                  ),
                })
              }
            >
              {agencyOptions}
            </Select>
          </Field>
          <Field className={s.grow} label={`Apology ${i + 1}: note`}>
            <Input
              value={a.note ?? ''}
              onChange={(_, d) =>
                change({ apologies: edit.apologies.map((x, j) => (j === i ? { ...x, note: d.value } : x)) })
              }
            />
          </Field>
          <Button
            onClick={() => change({ apologies: edit.apologies.filter((_, j) => j !== i) })}
          >{`Remove apology ${i + 1}`}</Button>
        </div>
      ))}
      <Button onClick={() => change({ apologies: [...edit.apologies, { name: '', agency: '' }] })}>
        Add an apology
      </Button>

      <h2>Written submissions</h2>
      {edit.writtenSubmissions.map((w, i) => (
        <div className={s.row} key={i}>
          <Field label={`Submission ${i + 1}: agency`}>
            <Select
              value={w.agencyId}
              onChange={(_, d) =>
                change({
                  writtenSubmissions: edit.writtenSubmissions.map((x, j) =>
                    j === i ? { ...x, agencyId: d.value } : x,
                  ),
                })
              }
            >
              {agencyOptions}
            </Select>
          </Field>
          <Field label={`Submission ${i + 1}: case`}>
            <Select
              value={w.caseId ?? ''}
              onChange={(_, d) =>
                change({
                  writtenSubmissions: edit.writtenSubmissions.map((x, j) =>
                    j === i ? { ...x, caseId: d.value || undefined } : x,
                  ),
                })
              }
            >
              <option value="">All cases</option>
              {m.cases.map((c) => (
                <option key={c.caseId} value={c.caseId}>{`Case ${c.position}: ${c.reference}`}</option>
              ))}
            </Select>
          </Field>
          <Field className={s.grow} label={`Submission ${i + 1}: summary`}>
            <Textarea
              value={w.summary}
              onChange={(_, d) =>
                change({
                  writtenSubmissions: edit.writtenSubmissions.map((x, j) =>
                    j === i ? { ...x, summary: d.value } : x,
                  ),
                })
              }
            />
          </Field>
          <Button
            onClick={() => change({ writtenSubmissions: edit.writtenSubmissions.filter((_, j) => j !== i) })}
          >{`Remove submission ${i + 1}`}</Button>
        </div>
      ))}
      <Button
        onClick={() =>
          change({
            writtenSubmissions: [...edit.writtenSubmissions, { agencyId: '', summary: '', agency: '' }],
          })
        }
      >
        Add a written submission
      </Button>

      <h2>Declaration confirmations</h2>
      {(m.declaration.statement ?? []).map((line) => (
        <Text block as="p" key={line}>
          {line}
        </Text>
      ))}
      {m.declaration.confirmations.length ? (
        <Table size="small" aria-label="Declaration confirmations">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Name</TableHeaderCell>
              <TableHeaderCell>Agency</TableHeaderCell>
              <TableHeaderCell>Confirmed</TableHeaderCell>
              <TableHeaderCell>How</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {m.declaration.confirmations.map((c) => (
              <TableRow key={`${c.name}-${c.at}`}>
                <TableCell>{c.name}</TableCell>
                <TableCell>{c.agency}</TableCell>
                <TableCell>{`${when(c.at)}${c.late ? ' (joined late)' : ''}`}</TableCell>
                <TableCell>{c.how}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : (
        <Text block as="p">
          No confirmations recorded yet.
        </Text>
      )}
      {m.declaration.unconfirmed.length > 0 && (
        <Text
          block
          as="p"
        >{`Attended without confirming: ${m.declaration.unconfirmed.map((u) => `${u.name} (${u.agency})`).join(', ')}.`}</Text>
      )}
      {m.declaration.override && (
        <Text
          block
          as="p"
        >{`${m.declaration.override.by} opened the meeting at ${time(m.declaration.override.at)} although ${m.declaration.override.unconfirmed.join(', ')} had not confirmed. Reason: ${m.declaration.override.reason}`}</Text>
      )}

      <h2>Outstanding actions reviewed</h2>
      {m.outstandingReviewed.length ? (
        <Table size="small" aria-label="Outstanding actions reviewed">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Case</TableHeaderCell>
              <TableHeaderCell>Agency</TableHeaderCell>
              <TableHeaderCell>Action</TableHeaderCell>
              <TableHeaderCell>Due</TableHeaderCell>
              <TableHeaderCell>Review</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {m.outstandingReviewed.map((a) => (
              <TableRow key={a.id}>
                <TableCell>{a.caseReference}</TableCell>
                <TableCell>{a.agency}</TableCell>
                <TableCell>{a.description}</TableCell>
                <TableCell>{ukDate(a.dueDate)}</TableCell>
                <TableCell>{`${a.review}${a.note ? `: ${a.note}` : ''}`}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : (
        <Text block as="p">
          No outstanding actions from earlier meetings.
        </Text>
      )}

      <h2>Cases</h2>
      {m.cases.map((c) => (
        <section
          key={c.caseId}
          className={s.case}
          aria-labelledby={`case-${c.caseId}`}
          data-case={c.reference}
        >
          <h3 id={`case-${c.caseId}`}>{`Case ${c.position}: ${c.reference}`}</h3>
          <Text
            block
            as="p"
          >{`Referred by ${c.referringAgency}. ${c.outcome}${c.deferReason ? ` (${c.deferReason})` : ''}.${c.noInformation.length ? ` No information held: ${c.noInformation.join(', ')}.` : ''}`}</Text>
          <Field label={`Risks summary, case ${c.position} (${c.reference})`}>
            <Textarea
              resize="vertical"
              value={edit.cases[c.caseId]?.risks ?? ''}
              onChange={(_, d) => caseNote(c.caseId, 'risks', d.value)}
            />
          </Field>
          <Field
            label={`Crimes disclosed at the MARAC, case ${c.position} (${c.reference})`}
            hint="Recorded separately, as the chair must."
          >
            <Textarea
              resize="vertical"
              value={edit.cases[c.caseId]?.crimesDisclosed ?? ''}
              onChange={(_, d) => caseNote(c.caseId, 'crimesDisclosed', d.value)}
            />
          </Field>
          <Field label={`Other notes, case ${c.position} (${c.reference})`}>
            <Textarea
              resize="vertical"
              value={edit.cases[c.caseId]?.notes ?? ''}
              onChange={(_, d) => caseNote(c.caseId, 'notes', d.value)}
            />
          </Field>
          <h4>Actions</h4>
          {c.actions.length ? (
            <ActionsTable actions={c.actions} label={`Actions for case ${c.position}`} showStatus />
          ) : (
            <Text block as="p">
              No actions.
            </Text>
          )}
        </section>
      ))}

      <h2>Deferrals</h2>
      {m.deferrals.length ? (
        <ul>
          {m.deferrals.map((d) => (
            <li key={d.position}>{`Case ${d.position} (${d.reference}): ${d.reason}`}</li>
          ))}
        </ul>
      ) : (
        <Text block as="p">
          No cases were deferred.
        </Text>
      )}

      <h2>Other business</h2>
      <Field label="Other business">
        <Textarea
          resize="vertical"
          value={edit.otherBusiness}
          onChange={(_, d) => change({ otherBusiness: d.value })}
        />
      </Field>
      <div className={s.bar}>
        <Button appearance="primary" disabled={busy || !dirty} onClick={() => void save()}>
          Save minutes
        </Button>
      </div>
      <Text block className={s.marking} as="p">
        {m.marking}
      </Text>
    </>
  );
}
