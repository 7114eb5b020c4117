import { useState } from 'react';
import {
  Badge,
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Select,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { api, ApiError } from '../api.js';
import { useMe } from '../me.js';
import { Link } from '../router.js';
import { useLoad } from '../use-load.js';
import { KIND_NAMES, type CaseDetail, type MeetingChoice } from '../types.js';
import { ukDate } from '../../shared/uk-date.js';
import { ErrorBar } from '../components/ErrorBar.js';
import { ReferralEditForm } from '../components/ReferralEditForm.js';

const useStyles = makeStyles({
  stack: { display: 'grid', gap: tokens.spacingVerticalM, maxWidth: '900px' },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'end' },
});
const OUTCOME = { heard: 'heard', deferred: 'deferred', 'referred-to-plus': 'sent to MARAC Plus' };

/** One case: the referral, where it is listed, its hearings, actions and repeat links; list, move or remove it. */
export function CasePage({ caseId }: { caseId: string }) {
  const s = useStyles();
  const { agencyName } = useMe();
  const { data, error, reload } = useLoad<CaseDetail>(`/api/cases/${encodeURIComponent(caseId)}`);
  const choices = useLoad<MeetingChoice[]>(`/api/cases/${encodeURIComponent(caseId)}/meetings`);
  const [target, setTarget] = useState('');
  const [reason, setReason] = useState('');
  const [twoWeekReason, setTwoWeekReason] = useState('');
  const [ask, setAsk] = useState<{ code: string; message: string }>();
  const [said, setSaid] = useState<{ intent: 'success' | 'error'; text: string }>();
  const [editing, setEditing] = useState(false);
  if (error) return <ErrorBar error={error} />;
  if (!data) return <Text>Loading…</Text>;
  const c = data.case;
  const listed = c.status === 'scheduled' && data.meeting;
  const picked = choices.data?.find((m) => m.id === target);

  const list = async (confirmFull = false) => {
    setSaid(undefined);
    try {
      await api.post(`/api/cases/${encodeURIComponent(c.id)}/listing`, {
        meetingId: target,
        confirmFull: confirmFull || undefined,
        twoWeekReason: twoWeekReason.trim() || undefined,
      });
      setAsk(undefined);
      setSaid({
        intent: 'success',
        text: `${c.reference} is listed on ${picked ? meetingName(picked) : 'the meeting'}.`,
      });
      reload();
      choices.reload();
    } catch (e) {
      if (e instanceof ApiError && e.code.startsWith('confirm-'))
        setAsk({ code: e.code, message: e.message });
      else setSaid({ intent: 'error', text: e instanceof Error ? e.message : 'That did not work.' });
    }
  };
  const remove = async () => {
    try {
      await api.del(
        `/api/meetings/${encodeURIComponent(data.meeting!.id)}/agenda/${encodeURIComponent(c.id)}`,
        { reason },
      );
      setSaid({ intent: 'success', text: `${c.reference} is off the agenda.` });
      setReason('');
      reload();
      choices.reload();
    } catch (e) {
      setSaid({ intent: 'error', text: e instanceof Error ? e.message : 'That did not work.' });
    }
  };

  return (
    <section className={s.stack} aria-labelledby="case-title">
      <h1 id="case-title">
        {c.reference} <Badge appearance="tint">{data.statusLabel}</Badge>{' '}
        {c.closedSession && <Badge color="danger">Closed session</Badge>}
      </h1>
      <Text>
        {`Received ${ukDate(c.receivedAt)} from ${agencyName(c.referringAgencyId)}. `}
        {data.meeting
          ? `Listed on the ${KIND_NAMES[data.meeting.kind]} of ${ukDate(data.meeting.date)} at ${data.meeting.startTime}.`
          : 'Not on an agenda.'}
      </Text>
      <Text>{`Victim: ${c.personal.victim.name}${c.personal.victim.dateOfBirth ? `, born ${ukDate(c.personal.victim.dateOfBirth)}` : ''}. Perpetrator: ${c.personal.perpetrators.map((p) => p.name).join(', ')}.`}</Text>
      <Text data-testid="case-consent-idva">{`Consent: ${CONSENT[c.consent]}. IDVA service: ${idvaState(c.idva)}.${c.daraLevel ? ` Police DARA level: ${c.daraLevel}.` : ''}`}</Text>
      {editing ? (
        <ReferralEditForm
          saved={c}
          onCancel={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            setSaid({ intent: 'success', text: `The referral for ${c.reference} is saved.` });
            reload();
          }}
        />
      ) : (
        <div>
          <Button onClick={() => (setSaid(undefined), setEditing(true))}>Edit the referral</Button>
        </div>
      )}
      {said && (
        <MessageBar intent={said.intent} role="status">
          <MessageBarBody>{said.text}</MessageBarBody>
        </MessageBar>
      )}
      <h2>{listed ? 'Move to another meeting' : 'List on a meeting'}</h2>
      <div className={s.row}>
        <Field label="Meeting">
          <Select value={target} onChange={(_, d) => (setTarget(d.value), setAsk(undefined))}>
            <option value="">Choose…</option>
            {choices.data?.map((m) => (
              <option key={m.id} value={m.id}>{`${meetingName(m)} · ${m.capacity}`}</option>
            ))}
          </Select>
        </Field>
        <Button appearance="primary" disabled={!target} onClick={() => void list()}>
          {listed ? 'Move' : 'List'}
        </Button>
      </div>
      {ask && (
        <MessageBar intent="warning" layout="multiline" role="alert" data-testid="listing-confirm">
          <MessageBarBody>
            {ask.message}
            {ask.code === 'confirm-two-week' && (
              <Field label="Reason to list it within two weeks">
                <Input value={twoWeekReason} onChange={(_, d) => setTwoWeekReason(d.value)} />
              </Field>
            )}
            <Button onClick={() => void list(ask.code === 'confirm-full')}>
              {ask.code === 'confirm-full' ? 'List on the full meeting' : 'List with this reason'}
            </Button>
          </MessageBarBody>
        </MessageBar>
      )}
      {listed && (
        <div className={s.row}>
          <Field label="Reason for taking it off the agenda">
            <Input value={reason} onChange={(_, d) => setReason(d.value)} />
          </Field>
          <Button disabled={!reason.trim()} onClick={() => void remove()}>
            Remove from the agenda
          </Button>
        </div>
      )}
      <h2>Hearings</h2>
      {data.hearings.length ? (
        <ul>
          {data.hearings.map((h) => (
            <li key={`${h.meetingId}-${h.heardOn}`}>{`${ukDate(h.heardOn)}: ${OUTCOME[h.outcome]}`}</li>
          ))}
        </ul>
      ) : (
        <Text>Not heard yet.</Text>
      )}
      <h2>Earlier cases (repeat)</h2>
      {data.repeatOf.length ? (
        <ul>
          {data.repeatOf.map((o) => (
            <li key={o.id}>
              <Link to={`/cases/${o.id}`}>{o.reference}</Link>
              {`, received ${ukDate(o.receivedAt)}, ${o.statusLabel.toLowerCase()}`}
            </li>
          ))}
        </ul>
      ) : (
        <Text>None found.</Text>
      )}
      <h2>Actions</h2>
      {data.actions.length ? (
        <ul>
          {data.actions.map((a) => (
            <li
              key={a.id}
            >{`${agencyName(a.ownerAgencyId)}: ${a.description} (due ${ukDate(a.dueDate)}, ${a.status})`}</li>
          ))}
        </ul>
      ) : (
        <Text>No actions.</Text>
      )}
    </section>
  );
}

const CONSENT = {
  given: 'given',
  'not-given': 'not given (referred because of the risk)',
  'not-sought': 'not sought',
} as const;

const idvaState = (i?: { referred: boolean; contacted: boolean }) =>
  !i?.referred
    ? 'not referred'
    : i.contacted
      ? 'referred, and has contacted the victim'
      : 'referred, not yet in contact';

const meetingName = (m: Pick<MeetingChoice, 'kind' | 'date' | 'startTime'>) =>
  `${KIND_NAMES[m.kind]} ${ukDate(m.date)} ${m.startTime}`;
