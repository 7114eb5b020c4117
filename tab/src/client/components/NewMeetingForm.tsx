import { useEffect, useState } from 'react';
import {
  Button,
  Checkbox,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Radio,
  RadioGroup,
  Select,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { api } from '../api.js';
import { useFormErrors, validate } from '../form-errors.js';
import { useMe } from '../me.js';
import { newMeetingSchema } from '../../shared/schemas.js';
import { useLoad } from '../use-load.js';
import { KIND_NAMES, type MeetingView, type PersonSummary } from '../types.js';
import { ukDate } from '../../shared/uk-date.js';

const useStyles = makeStyles({
  form: { display: 'grid', gap: tokens.spacingVerticalM, maxWidth: '520px' },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
});

/** Create a meeting; shows the link code the chair types to the bot in the Teams meeting chat. */
export function NewMeetingForm({
  meetings,
  today,
  onCreated,
}: {
  meetings: MeetingView[];
  today: string;
  onCreated: (m: MeetingView) => void;
}) {
  const s = useStyles();
  const { areas } = useMe();
  const chairs = useLoad<PersonSummary[]>('/api/people?role=chair').data ?? [];
  const [v, setV] = useState({
    areaId: areas[0]?.id ?? '',
    kind: 'marac',
    date: today,
    startTime: '09:30',
    chairId: '',
    parentMeetingId: '',
    invitedAgencyIds: [] as string[],
  });
  const [created, setCreated] = useState<MeetingView>();
  const [busy, setBusy] = useState(false);
  const [tried, setTried] = useState(false);
  const errs = useFormErrors();
  const { show } = errs;
  useEffect(() => {
    if (tried) show(validate(newMeetingSchema, v).fields);
  }, [v, tried, show]);
  const set = (patch: Partial<typeof v>) => setV((cur) => ({ ...cur, ...patch }));
  const area = areas.find((a) => a.id === v.areaId);
  const parents = meetings.filter((m) => m.kind !== 'closed' && m.areaId === v.areaId && m.date >= today);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setTried(true);
    const { fields } = validate(newMeetingSchema, v);
    if (fields.length) return errs.show(fields);
    setBusy(true);
    try {
      const m = await api.post<MeetingView>('/api/meetings', v);
      setCreated(m);
      setTried(false);
      onCreated(m);
    } catch (err) {
      errs.fromError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className={s.form} onSubmit={submit} noValidate aria-labelledby="new-meeting-title">
      <h2 id="new-meeting-title">Create a meeting</h2>
      {created && (
        <MessageBar layout="multiline" intent="success" role="status">
          <MessageBarBody>
            <MessageBarTitle>Meeting created</MessageBarTitle>
            {KIND_NAMES[created.kind]} on {ukDate(created.date)} at {created.startTime}. Link code for the
            bot: <strong data-testid="link-code">{created.linkCode}</strong> (in the Teams meeting chat, the
            chair types “link {created.linkCode}”).
          </MessageBarBody>
        </MessageBar>
      )}
      {/* Warnings, not refusals: the meeting is made; the coordinator decides whether to move it. */}
      {created?.warnings?.map((w) => (
        <MessageBar key={w} layout="multiline" intent="warning" data-testid="meeting-warning">
          <MessageBarBody>{w}</MessageBarBody>
        </MessageBar>
      ))}
      {errs.general && (
        <MessageBar layout="multiline" intent="error">
          <MessageBarBody>{errs.general}</MessageBarBody>
        </MessageBar>
      )}
      <Field label="Area" required {...errs.field('areaId')}>
        <Select value={v.areaId} onChange={(_, d) => set({ areaId: d.value, parentMeetingId: '' })}>
          {areas.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Kind of meeting" required {...errs.field('kind')}>
        <RadioGroup layout="horizontal" value={v.kind} onChange={(_, d) => set({ kind: d.value })}>
          {Object.entries(KIND_NAMES).map(([k, name]) => (
            <Radio key={k} value={k} label={name} />
          ))}
        </RadioGroup>
      </Field>
      <div className={s.row}>
        <Field label="Date" required {...errs.field('date')}>
          <Input type="date" value={v.date} min={today} onChange={(_, d) => set({ date: d.value })} />
        </Field>
        <Field label="Start time" required {...errs.field('startTime')}>
          <Input type="time" value={v.startTime} onChange={(_, d) => set({ startTime: d.value })} />
        </Field>
      </div>
      <Field label="Chair" {...errs.field('chairId')}>
        <Select value={v.chairId} onChange={(_, d) => set({ chairId: d.value })}>
          <option value="">Not decided yet</option>
          {chairs.map((c) => (
            <option key={c.id} value={c.id}>
              {c.displayName}
            </option>
          ))}
        </Select>
      </Field>
      {v.kind === 'closed' && (
        <>
          <Field
            label="After which meeting"
            hint="A closed session is usually held after the main meeting."
            {...errs.field('parentMeetingId')}
          >
            <Select value={v.parentMeetingId} onChange={(_, d) => set({ parentMeetingId: d.value })}>
              <option value="">None</option>
              {parents.map((m) => (
                <option
                  key={m.id}
                  value={m.id}
                >{`${KIND_NAMES[m.kind]} ${ukDate(m.date)} ${m.startTime}`}</option>
              ))}
            </Select>
          </Field>
          <fieldset>
            <legend>Agencies invited to the closed session</legend>
            {area?.agencies.map((a) => (
              <Checkbox
                key={a.id}
                label={a.name}
                checked={v.invitedAgencyIds.includes(a.id)}
                onChange={(_, d) =>
                  set({
                    invitedAgencyIds: d.checked
                      ? [...v.invitedAgencyIds, a.id]
                      : v.invitedAgencyIds.filter((x) => x !== a.id),
                  })
                }
              />
            ))}
          </fieldset>
        </>
      )}
      <div>
        <Button appearance="primary" type="submit" disabled={busy}>
          Create meeting
        </Button>
      </div>
    </form>
  );
}
