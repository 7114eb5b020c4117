import { useEffect, useState } from 'react';
import {
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Select,
  Text,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { api } from '../../api.js';
import { useFormErrors } from '../../form-errors.js';
import { useMe } from '../../me.js';
import { navigate } from '../../router.js';
import { useLoad } from '../../use-load.js';
import { ErrorBar } from '../../components/ErrorBar.js';
import type { AreaConfig } from '../../../../../core/src/domain/area.js';
import type { AuditEntry } from '../../../../../core/src/domain/audit.js';
import { formatLocalDateTime } from '../../../../../core/src/domain/civil-time.js';

const useStyles = makeStyles({
  form: { display: 'grid', gap: tokens.spacingVerticalM, maxWidth: '720px' },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
});

const DEFAULTS = {
  name: '',
  timeZone: 'Europe/London',
  dashThreshold: '14',
  escalationKind: 'incidents',
  escalationIncidents: '3',
  repeatWindowStart: 'last-hearing',
  marac: '20',
  'marac-plus': '60',
  closed: '20',
  maxCasesPerMeeting: '10',
  timerWarningMinutes: '5, 1',
  agendaCirculationDays: '8',
  minutesDeadlineHours: '168',
  researchDeadlineTime: '14:00',
  researchDeadlineWorkingDays: '1',
  overdueLabel: 'No update from lead agency',
  overdueGraceDays: '7',
  actionDefaultDays: '7',
  retentionYears: '7',
  declarationText: '',
  reason: '',
};
type Form = typeof DEFAULTS;

const fromArea = (a: AreaConfig): Form => ({
  ...DEFAULTS,
  name: a.name,
  timeZone: a.timeZone,
  dashThreshold: String(a.dashThreshold),
  escalationKind: a.escalation.kind,
  escalationIncidents: a.escalation.kind === 'incidents' ? String(a.escalation.incidents) : '3',
  repeatWindowStart: a.repeatWindowStart,
  marac: String(a.minutesPerCase.marac),
  'marac-plus': String(a.minutesPerCase['marac-plus']),
  closed: String(a.minutesPerCase.closed),
  maxCasesPerMeeting: String(a.maxCasesPerMeeting),
  timerWarningMinutes: a.timerWarningMinutes.join(', '),
  agendaCirculationDays: String(a.agendaCirculationDays),
  minutesDeadlineHours: String(a.minutesDeadlineHours),
  researchDeadlineTime: a.researchDeadlineTime,
  researchDeadlineWorkingDays: String(a.researchDeadlineWorkingDays),
  overdueLabel: a.overdueLabel,
  overdueGraceDays: String(a.overdueGraceDays),
  actionDefaultDays: String(a.actionDefaultDays),
  retentionYears: String(a.retentionYears),
  declarationText: a.declaration.text,
});

// Blank or non-numeric entries go to the server as they are, so its message names the field.
const num = (v: string) => (v.trim() === '' || Number.isNaN(Number(v)) ? v : Number(v));

const toSettings = (f: Form) => ({
  name: f.name,
  timeZone: f.timeZone,
  dashThreshold: num(f.dashThreshold),
  escalation:
    f.escalationKind === 'none'
      ? { kind: 'none' }
      : { kind: 'incidents', incidents: num(f.escalationIncidents) },
  repeatWindowStart: f.repeatWindowStart,
  minutesPerCase: { marac: num(f.marac), 'marac-plus': num(f['marac-plus']), closed: num(f.closed) },
  maxCasesPerMeeting: num(f.maxCasesPerMeeting),
  timerWarningMinutes: f.timerWarningMinutes
    .split(/[,\s]+/)
    .filter(Boolean)
    .map(num),
  agendaCirculationDays: num(f.agendaCirculationDays),
  minutesDeadlineHours: num(f.minutesDeadlineHours),
  researchDeadlineTime: f.researchDeadlineTime,
  researchDeadlineWorkingDays: num(f.researchDeadlineWorkingDays),
  overdueLabel: f.overdueLabel,
  overdueGraceDays: num(f.overdueGraceDays),
  actionDefaultDays: num(f.actionDefaultDays),
  retentionYears: num(f.retentionYears),
  declarationText: f.declarationText,
});

/** Create an area, or change its rules: each change is a new version saying who, when and why. */
export function AreaSettingsPage({ areaId }: { areaId?: string }) {
  const s = useStyles();
  const { reloadAreas } = useMe();
  const loaded = useLoad<{ area: AreaConfig; history: AuditEntry[] }>(
    areaId ? `/api/admin/areas/${encodeURIComponent(areaId)}` : undefined,
  );
  const [f, setF] = useState<Form>(DEFAULTS);
  const [saved, setSaved] = useState<string>();
  const [busy, setBusy] = useState(false);
  const errs = useFormErrors();
  const area = loaded.data?.area;
  useEffect(() => {
    if (area) setF(fromArea(area));
  }, [area]);
  const set = (k: keyof Form) => (_: unknown, d: { value: string }) => setF((c) => ({ ...c, [k]: d.value }));
  const input = (k: keyof Form, label: string, hint?: string, type: 'number' | 'text' = 'number') => (
    <Field label={label} hint={hint} {...errs.field(fieldName(k))}>
      <Input name={k} type={type} value={f[k]} onChange={set(k)} />
    </Field>
  );
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setSaved(undefined);
    try {
      if (area) {
        const next = await api.patch<AreaConfig>(`/api/admin/areas/${encodeURIComponent(area.id)}`, {
          changes: toSettings(f),
          reason: f.reason,
          version: area.version,
        });
        loaded.reload();
        setSaved(`Saved as version ${next.version}. Declaration version ${next.declaration.version}.`);
      } else {
        const created = await api.post<AreaConfig>('/api/admin/areas', toSettings(f));
        navigate(`/areas/${encodeURIComponent(created.id)}/agencies`);
      }
      errs.show([]);
      reloadAreas();
    } catch (err) {
      errs.fromError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <h1>{area ? `Settings: ${area.name}` : areaId ? 'Area settings' : 'New MARAC area'}</h1>
      <ErrorBar error={loaded.error} />
      {area && (
        <Text block>{`Version ${area.version}. Declaration version ${area.declaration.version}.`}</Text>
      )}
      <form className={s.form} onSubmit={submit} aria-label="Area settings" noValidate>
        {input('name', 'Area name', undefined, 'text')}
        {input('timeZone', 'Time zone', 'Every local time and “today” follows it.', 'text')}
        {input(
          'dashThreshold',
          'DASH threshold',
          '“Yes” answers for visible high risk: 14 (SafeLives) or 17.',
        )}
        <div className={s.row}>
          <Field label="Escalation rule" {...errs.field('escalation')}>
            <Select name="escalationKind" value={f.escalationKind} onChange={set('escalationKind')}>
              <option value="incidents">Police incidents in 12 months</option>
              <option value="none">None — professional judgement</option>
            </Select>
          </Field>
          {f.escalationKind === 'incidents' && input('escalationIncidents', 'Incidents needed')}
        </div>
        <Field label="Repeat window starts at" {...errs.field('repeatWindowStart')}>
          <Select name="repeatWindowStart" value={f.repeatWindowStart} onChange={set('repeatWindowStart')}>
            <option value="last-hearing">The last hearing (12 months)</option>
            <option value="last-referral">The last referral (12 months)</option>
          </Select>
        </Field>
        <div className={s.row}>
          {input('marac', 'Minutes per case: MARAC')}
          {input('marac-plus', 'Minutes per case: MARAC Plus')}
          {input('closed', 'Minutes per case: closed session')}
        </div>
        {input('maxCasesPerMeeting', 'Maximum cases per meeting')}
        {input('timerWarningMinutes', 'Timer warnings (minutes left)', 'e.g. 5, 1', 'text')}
        {input(
          'agendaCirculationDays',
          'Agenda circulation (days before)',
          '7 in Cambridgeshire, 8 in SafeLives guidance.',
        )}
        <div className={s.row}>
          {input(
            'researchDeadlineTime',
            'Research due at (local time)',
            '14:00: the attendee guide’s “by 2pm”.',
            'text',
          )}
          {input(
            'researchDeadlineWorkingDays',
            'Research due (working days before)',
            '1: the working day before the meeting.',
          )}
        </div>
        {input(
          'minutesDeadlineHours',
          'Minutes deadline (hours after)',
          '24 in Cambridgeshire, 168 (7 days) in North Yorkshire.',
        )}
        {input('overdueLabel', 'Overdue label', undefined, 'text')}
        {input('overdueGraceDays', 'Overdue after (days past due)')}
        {input('actionDefaultDays', 'Actions due by default in (days)')}
        {input('retentionYears', 'Retention (years)')}
        <Field
          label="Confidentiality declaration"
          hint="Editing the text makes a new version; confirmations keep the version they confirmed."
          {...errs.field('declarationText')}
        >
          <Textarea
            name="declarationText"
            rows={8}
            value={f.declarationText}
            onChange={set('declarationText')}
          />
        </Field>
        {area && (
          <Field label="Why is this changing?" required {...errs.field('reason')}>
            <Input name="reason" value={f.reason} onChange={set('reason')} />
          </Field>
        )}
        {errs.general && (
          <MessageBar intent="error" role="alert">
            <MessageBarBody>{errs.general}</MessageBarBody>
          </MessageBar>
        )}
        {saved && (
          <MessageBar intent="success" role="status">
            <MessageBarBody>{saved}</MessageBarBody>
          </MessageBar>
        )}
        <Button appearance="primary" type="submit" disabled={busy}>
          {area ? 'Save settings' : 'Create area'}
        </Button>
      </form>
      {loaded.data && (
        <section aria-labelledby="history-title">
          <h2 id="history-title">History</h2>
          <ol>
            {[...loaded.data.history].reverse().map((h) => (
              <li key={h.seq}>
                <Text>{`Version ${String(h.details?.version ?? '')}, ${formatLocalDateTime(Date.parse(h.at), area?.timeZone)}: ${h.action === 'area.created' ? 'created' : Object.keys((h.details?.changes as object) ?? {}).join(', ')}${h.reason ? ` — ${h.reason}` : ''}`}</Text>
              </li>
            ))}
          </ol>
        </section>
      )}
    </>
  );
}

/** Form keys to the field names the server reports. */
const fieldName = (k: keyof Form): string =>
  k === 'escalationIncidents'
    ? 'escalation'
    : ['marac', 'marac-plus', 'closed'].includes(k)
      ? `minutesPerCase.${k}`
      : k;
