import { useState } from 'react';
import {
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { api, ApiError } from '../api.js';
import type { MeetingView } from '../types.js';

const useStyles = makeStyles({
  bar: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'end' },
});

/**
 * Move or cancel a planned meeting (coordinators). Moving warns, never refuses, for a second
 * meeting of the kind at that time or outside office hours; cancelling needs a reason and sends
 * the meeting's cases back to the "to be re-listed" queue.
 */
export function MeetingChanges({ meeting, onChanged }: { meeting: MeetingView; onChanged: () => void }) {
  const s = useStyles();
  const path = `/api/meetings/${encodeURIComponent(meeting.id)}`;
  const [when, setWhen] = useState({ date: meeting.date, startTime: meeting.startTime });
  const [reason, setReason] = useState('');
  const [said, setSaid] = useState<{ intent: 'success' | 'warning' | 'error'; lines: string[] }>();
  const [busy, setBusy] = useState(false);
  const run = async (what: () => Promise<{ intent: 'success' | 'warning'; lines: string[] }>) => {
    setBusy(true);
    try {
      setSaid(await what());
      onChanged();
    } catch (e) {
      setSaid({ intent: 'error', lines: [e instanceof ApiError ? e.message : 'The change was not saved.'] });
    } finally {
      setBusy(false);
    }
  };
  const move = () =>
    run(async () => {
      const m = await api.patch<MeetingView>(path, when);
      const warnings = m.warnings ?? [];
      return { intent: warnings.length ? 'warning' : 'success', lines: ['Meeting moved.', ...warnings] };
    });
  const cancel = () =>
    run(async () => {
      const r = await api.post<{ requeued: number }>(`${path}/cancel`, { reason });
      return {
        intent: 'success',
        lines: [
          `Meeting cancelled. ${r.requeued} case${r.requeued === 1 ? '' : 's'} went back to the “to be re-listed” queue.`,
        ],
      };
    });

  const planned = meeting.status === 'planned';
  return (
    <section aria-labelledby="meeting-changes-h">
      <h2 id="meeting-changes-h">{planned ? 'Move or cancel this meeting' : 'This meeting was cancelled'}</h2>
      {planned && (
        <>
          <div className={s.bar}>
            <Field label="New date">
              <Input type="date" value={when.date} onChange={(_, d) => setWhen({ ...when, date: d.value })} />
            </Field>
            <Field label="New start time">
              <Input
                type="time"
                value={when.startTime}
                onChange={(_, d) => setWhen({ ...when, startTime: d.value })}
              />
            </Field>
            <Button disabled={busy} onClick={move}>
              Move this meeting
            </Button>
          </div>
          <div className={s.bar}>
            <Field label="Reason for cancelling" hint="Recorded in the audit trail with each case sent back.">
              <Textarea value={reason} onChange={(_, d) => setReason(d.value)} resize="vertical" />
            </Field>
            <Button disabled={busy || !reason.trim()} onClick={cancel}>
              Cancel this meeting
            </Button>
          </div>
        </>
      )}
      {said && (
        <MessageBar
          layout="multiline"
          intent={said.intent}
          role={said.intent === 'error' ? 'alert' : 'status'}
          data-testid="meeting-changes-result"
        >
          <MessageBarBody>{said.lines.join(' ')}</MessageBarBody>
        </MessageBar>
      )}
    </section>
  );
}
