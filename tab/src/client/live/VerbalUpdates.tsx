import { useState } from 'react';
import { Button, Field, Select, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { api } from '../api.js';
import { useSave } from '../use-save.js';
import { ErrorBar } from '../components/ErrorBar.js';
import { useLoad } from '../use-load.js';

const useStyles = makeStyles({
  box: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingVerticalS,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  h: { margin: 0, fontSize: tokens.fontSizeBase400 },
});

interface Outstanding {
  actionId: string;
  reference: string;
  agency: string;
  description: string;
}

/** The opening review: the chair writes down an agency's verbal update; it goes to the minutes, not the chat. */
export function VerbalUpdates({ meetingId }: { meetingId: string }) {
  const s = useStyles();
  const path = `/api/meetings/${encodeURIComponent(meetingId)}`;
  const { data } = useLoad<Outstanding[]>(`${path}/outstanding`);
  const [actionId, setActionId] = useState('');
  const [note, setNote] = useState('');
  const { error, done, run } = useSave();
  if (!data?.length) return null;
  const save = async () => {
    const ok = await run(
      () => api.post(`${path}/verbal-update`, { actionId: actionId || data[0].actionId, note }),
      'Could not record the update.',
      'Recorded for the minutes.',
    );
    if (ok) setNote('');
  };
  return (
    <section aria-labelledby="verbal-h" className={s.box}>
      <h2 id="verbal-h" className={s.h}>
        Verbal update on an outstanding action
      </h2>
      <ErrorBar error={error} />
      {done && <span role="status">{done}</span>}
      <Field label="Action">
        <Select value={actionId || data[0].actionId} onChange={(_, d) => setActionId(d.value)}>
          {data.map((a) => (
            <option
              key={a.actionId}
              value={a.actionId}
            >{`${a.reference}, ${a.agency}: ${a.description}`}</option>
          ))}
        </Select>
      </Field>
      <Field label="What the agency said">
        <Textarea value={note} onChange={(_, d) => setNote(d.value)} maxLength={2000} />
      </Field>
      <Button onClick={save}>Record update</Button>
    </section>
  );
}
