import { useState } from 'react';
import { Button, Field, Input, Select, Text, makeStyles, tokens } from '@fluentui/react-components';
import { api, ApiError } from '../api.js';
import { ErrorBar } from '../components/ErrorBar.js';
import type { TabCommand } from '@marac/core/verbs';
import type { LiveSnapshot } from './types.js';

type Command = TabCommand;

const useStyles = makeStyles({
  box: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingVerticalS,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'end' },
  h: { margin: 0, fontSize: tokens.fontSizeBase400 },
});

/**
 * The chair's controls: each button runs the same use case as the chat command of the same
 * name, with the state version it was pressed against (a stale press is refused, not applied twice).
 */
export function ChairControls({
  snapshot,
  onSnapshot,
}: {
  snapshot: LiveSnapshot;
  onSnapshot: (s: LiveSnapshot, seq?: number) => void;
}) {
  const s = useStyles();
  const [pending, setPending] = useState<string>();
  const [error, setError] = useState<ApiError | string>();
  const [reason, setReason] = useState('');
  const [override, setOverride] = useState('');
  const [confirmEnd, setConfirmEnd] = useState(false);
  const [pick, setPick] = useState('');
  const c = snapshot.current;
  const stage = snapshot.stage;

  const send = async (command: Command, extra: { overrideReason?: string } = {}) => {
    setPending(command.type);
    setError(undefined);
    try {
      const r = await api.post<{ snapshot: LiveSnapshot; seq: number }>(
        `/api/meetings/${encodeURIComponent(snapshot.meetingId)}/chair`,
        { command, expectedVersion: snapshot.version, ...extra },
      );
      onSnapshot(r.snapshot, r.seq);
      if (command.type === 'defer') setReason('');
      if (command.type === 'end') setConfirmEnd(false);
    } catch (e) {
      setError(e instanceof ApiError ? e : 'The command could not be sent.');
    } finally {
      setPending(undefined);
    }
  };
  const btn = (
    label: string,
    command: Command,
    opts: { primary?: boolean; disabled?: boolean; title?: string } = {},
  ) => (
    <Button
      appearance={opts.primary ? 'primary' : 'secondary'}
      disabled={!!pending || opts.disabled}
      onClick={() => void send(command)}
      title={opts.title}
    >
      {label}
    </Button>
  );
  const pendingCases = snapshot.cases.filter((x) => x.status === 'pending');

  return (
    <section aria-labelledby="controls-h" className={s.box} data-testid="chair-controls">
      <h2 id="controls-h" className={s.h}>
        Chair’s controls
      </h2>
      {snapshot.current && (
        <Text block size={200} data-testid="where-we-are">
          {snapshot.where}
        </Text>
      )}
      <ErrorBar error={error} title="Not done" />
      {stage === 'ended' && (
        <Text block as="p">
          The meeting has ended.
        </Text>
      )}
      {(stage === 'waiting' || stage === 'declaration') && (
        <>
          <div className={s.row}>
            {btn(
              snapshot.declaration.posted ? 'Post the declaration again' : 'Post the declaration',
              { type: 'declaration' },
              { primary: !snapshot.declaration.posted },
            )}
            {btn(
              'Start the meeting',
              { type: 'start' },
              { primary: snapshot.declaration.posted, disabled: snapshot.rollCall.unconfirmed.length > 0 },
            )}
          </div>
          {snapshot.rollCall.unconfirmed.length > 0 && (
            <div className={s.row}>
              <Field label="Start anyway: reason (recorded with the names)">
                <Input value={override} onChange={(_, d) => setOverride(d.value)} />
              </Field>
              <Button
                disabled={!!pending || !override.trim()}
                onClick={() => void send({ type: 'start' }, { overrideReason: override.trim() })}
              >
                Start anyway
              </Button>
            </div>
          )}
        </>
      )}
      {stage === 'opening' && (
        <div className={s.row}>
          {btn(
            pendingCases.length ? `Open case ${pendingCases[0].position}` : 'Next',
            { type: 'next' },
            { primary: true, disabled: !pendingCases.length },
          )}
        </div>
      )}
      {stage === 'hearing' && c && (
        <>
          <div className={s.row}>
            {btn('Back', { type: 'back' }, { disabled: c.phase === 'referral' })}
            {btn('Next', { type: 'next' }, { primary: true })}
            {btn('Next case', { type: 'next-case' })}
          </div>
          <div className={s.row}>
            {c.timer?.pausedAt !== undefined
              ? btn('Resume timer', { type: 'resume' })
              : btn('Pause timer', { type: 'pause' })}
            {btn('Extend 5 minutes', { type: 'extend', minutes: 5 })}
            {c.phase === 'information' &&
              c.now.agencyId &&
              btn(`No information held (${c.now.label})`, { type: 'no-information' })}
          </div>
          <div className={s.row}>
            <Field label="Defer this case: reason">
              <Input value={reason} onChange={(_, d) => setReason(d.value)} />
            </Field>
            <Button
              disabled={!!pending || !reason.trim()}
              onClick={() => void send({ type: 'defer', reason: reason.trim() })}
            >
              Defer case
            </Button>
            {btn('Refer to MARAC Plus', { type: 'plus' })}
          </div>
        </>
      )}
      {(stage === 'opening' || stage === 'hearing') && (
        <>
          {pendingCases.filter((x) => x.position !== c?.position).length > 0 && (
            <div className={s.row}>
              <Field label="Go to case">
                <Select value={pick} onChange={(_, d) => setPick(d.value)}>
                  <option value="">Choose a case</option>
                  {pendingCases.map((x) => (
                    <option
                      key={x.position}
                      value={x.position}
                    >{`Case ${x.position}: ${x.reference}`}</option>
                  ))}
                </Select>
              </Field>
              <Button
                disabled={!!pending || !pick}
                onClick={() => void send({ type: 'case', position: Number(pick) })}
              >
                Open case
              </Button>
            </div>
          )}
          <div className={s.row}>
            {!confirmEnd ? (
              <Button disabled={!!pending} onClick={() => setConfirmEnd(true)}>
                End meeting…
              </Button>
            ) : (
              <>
                <Text>End the meeting now? The summary is posted and the minutes are drafted.</Text>
                {btn('Yes, end the meeting', { type: 'end' }, { primary: true })}
                <Button onClick={() => setConfirmEnd(false)}>Cancel</Button>
              </>
            )}
          </div>
        </>
      )}
      <Text size={200}>{pending ? 'Sending…' : 'These do exactly what the chat commands do.'}</Text>
    </section>
  );
}
