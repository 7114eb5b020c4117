import { useState } from 'react';
import { Button, Checkbox, Field, Input, Select, makeStyles, tokens } from '@fluentui/react-components';
import { api } from '../api.js';
import { useSave } from '../use-save.js';
import { ErrorBar } from '../components/ErrorBar.js';
import { useMe } from '../me.js';
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
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
});

interface RollCallNow {
  unconfirmed: { aadObjectId: string; name: string }[];
  apologies: { name: string; note?: string }[];
}

/**
 * For the coordinator and the chair: people the bot cannot see (on a phone line, in the room),
 * their verbal confirmation of the declaration, and apologies with deputies. `refreshKey` reloads
 * the list whenever the roll call changes.
 */
export function RecordAttendance({ meetingId, refreshKey }: { meetingId: string; refreshKey: string }) {
  const s = useStyles();
  const { areas } = useMe();
  const agencies = areas.flatMap((a) => a.agencies);
  const { data, reload } = useLoad<RollCallNow>(
    `/api/meetings/${encodeURIComponent(meetingId)}/roll-call?v=${encodeURIComponent(refreshKey)}`,
  );
  const blank = {
    name: '',
    agencyId: '',
    role: 'representative',
    attendingBy: 'dial-in',
    confirmed: true,
    chairPermission: false,
  };
  const [f, setF] = useState(blank);
  const [apology, setApology] = useState({ name: '', agencyId: '', deputy: '' });
  const { error, done, run } = useSave();
  const post = async (path: string, body: unknown, said: string) => {
    const ok = await run(
      () => api.post(`/api/meetings/${encodeURIComponent(meetingId)}/${path}`, body),
      'Could not record it.',
      said,
    );
    if (ok) reload();
    return ok;
  };
  return (
    <section aria-labelledby="record-h" className={s.box} data-testid="record-attendance">
      <h2 id="record-h" className={s.h}>
        Record attendance
      </h2>
      <ErrorBar error={error} />
      {done && <span role="status">{done}</span>}
      {!!data?.unconfirmed.length && (
        <ul className={s.list} aria-label="Present, not yet confirmed">
          {data.unconfirmed.map((u) => (
            <li key={u.aadObjectId}>
              {u.name}{' '}
              <Button
                size="small"
                onClick={() =>
                  post('confirmations', { aadObjectId: u.aadObjectId }, `Recorded ${u.name}'s confirmation.`)
                }
              >
                {`Confirmed aloud: ${u.name}`}
              </Button>
            </li>
          ))}
        </ul>
      )}
      <Field label="Name" required>
        <Input value={f.name} onChange={(_, d) => setF({ ...f, name: d.value })} />
      </Field>
      <Field label="Agency">
        <Select value={f.agencyId} onChange={(_, d) => setF({ ...f, agencyId: d.value })}>
          <option value="">None (observer or assessor)</option>
          {agencies.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Attends as">
        <Select value={f.role} onChange={(_, d) => setF({ ...f, role: d.value })}>
          <option value="representative">Agency representative</option>
          <option value="observer">Observer</option>
          <option value="assessor">Assessor</option>
        </Select>
      </Field>
      <Field label="How">
        <Select value={f.attendingBy} onChange={(_, d) => setF({ ...f, attendingBy: d.value })}>
          <option value="dial-in">Dial-in (phone)</option>
          <option value="in-person">In person</option>
        </Select>
      </Field>
      <Checkbox
        label="Confirmed the declaration aloud"
        checked={f.confirmed}
        onChange={(_, d) => setF({ ...f, confirmed: !!d.checked })}
      />
      {f.role !== 'representative' && (
        <Checkbox
          label="The chair has agreed they may attend"
          checked={f.chairPermission}
          onChange={(_, d) => setF({ ...f, chairPermission: !!d.checked })}
        />
      )}
      <Button onClick={async () => (await post('attendees', f, `Recorded ${f.name}.`)) && setF(blank)}>
        Record attendee
      </Button>
      <h3 className={s.h}>Apologies</h3>
      {!!data?.apologies.length && (
        <ul className={s.list} aria-label="Apologies">
          {data.apologies.map((a, i) => (
            <li key={i}>{`${a.name}${a.note ? ` (${a.note})` : ''}`}</li>
          ))}
        </ul>
      )}
      <Field label="Apologies from">
        <Input value={apology.name} onChange={(_, d) => setApology({ ...apology, name: d.value })} />
      </Field>
      <Field label="Their agency">
        <Select value={apology.agencyId} onChange={(_, d) => setApology({ ...apology, agencyId: d.value })}>
          <option value="">Not recorded</option>
          {agencies.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Deputy attending instead">
        <Input value={apology.deputy} onChange={(_, d) => setApology({ ...apology, deputy: d.value })} />
      </Field>
      <Button
        onClick={async () =>
          (await post('apologies', apology, `Recorded apologies from ${apology.name}.`)) &&
          setApology({ name: '', agencyId: '', deputy: '' })
        }
      >
        Record apologies
      </Button>
    </section>
  );
}
