import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  Button,
  Field,
  MessageBar,
  MessageBarBody,
  Select,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { api } from '../api.js';
import { useFormErrors, validate } from '../form-errors.js';
import { useMe } from '../me.js';
import { criteriaProblems, emptyReferral, toBody, yesCount, type ReferralForm } from '../referral-form.js';
import { isPoliceAgency } from '../../../../core/src/domain/referral.js';
import { referralSchema } from '../../shared/schemas.js';
import { useLoad } from '../use-load.js';
import { KIND_NAMES, type MeetingView, type ReferralOutcome } from '../types.js';
import { DashChecklist } from '../components/DashChecklist.js';
import { PeopleFields } from '../components/PeopleFields.js';
import { CriteriaFields } from '../components/CriteriaFields.js';
import { DiversityFields } from '../components/DiversityFields.js';
import { ReferralResult } from '../components/ReferralResult.js';
import { ErrorBar } from '../components/ErrorBar.js';
import { ReferralChecks, noDecisions, type CheckDecisions } from '../components/ReferralChecks.js';
import { ApiError } from '../api.js';
import { ukDate } from '../../shared/uk-date.js';

const useStyles = makeStyles({
  form: { display: 'grid', gap: tokens.spacingVerticalXL, maxWidth: '900px' },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL },
});

/** "3 of 8" or "8 of 8 — full": the meeting picker shows each meeting's room against the area's maximum. */
export const capacity = (m: MeetingView, max = 8) =>
  `${m.caseCount} of ${max}${m.caseCount >= max ? ' — full' : ''}`;

/** The MARAC referral form with the DASH checklist. Coordinators enter referrals (they do not screen or re-score them). */
export function ReferralPage({ meetingId }: { meetingId?: string }) {
  const s = useStyles();
  const { areas, isCoordinator, me } = useMe();
  const [form, setForm] = useState<ReferralForm>(() => emptyReferral(areas[0]?.id ?? '', meetingId));
  const [result, setResult] = useState<ReferralOutcome>();
  const [busy, setBusy] = useState(false);
  const [tried, setTried] = useState(false);
  const [decisions, setDecisions] = useState<CheckDecisions>(noDecisions);
  const [confirmFull, setConfirmFull] = useState<string>();
  const errs = useFormErrors();
  const meetings =
    useLoad<MeetingView[]>(isCoordinator ? `/api/meetings?from=${me.today}` : undefined).data ?? [];
  const area = areas.find((a) => a.id === form.areaId);
  const threshold = area?.dashThreshold ?? 14;
  const yes = yesCount(form);
  const set = useCallback((p: Partial<ReferralForm>) => setForm((f) => ({ ...f, ...p })), []);
  const onAnswer = useCallback(
    (i: number, a: ReferralForm['dash'][number]) =>
      setForm((f) => ({ ...f, dash: f.dash.map((x, j) => (j === i ? a : x)) })),
    [],
  );
  // The shared schema, then the area's referral rules (the same code the server runs).
  const problems = useCallback(
    (f: ReferralForm) => {
      const { fields } = validate(referralSchema, toBody(f, threshold));
      const police = isPoliceAgency(area?.agencies.find((a) => a.id === f.referringAgencyId));
      return fields.length ? fields : criteriaProblems(f, threshold, police);
    },
    [threshold, area],
  );
  const { show } = errs;
  useEffect(() => {
    if (tried) show(problems(form));
  }, [form, tried, problems, show]);
  const listable = useMemo(
    () =>
      meetings.filter(
        (m) =>
          m.areaId === form.areaId && (m.status === 'planned' || m.status === 'live') && m.kind !== 'closed',
      ),
    [meetings, form.areaId],
  );

  if (!isCoordinator)
    return (
      <ErrorBar
        error="Referrals are entered by the MARAC coordinator. Send yours to them with the DASH checklist."
        title="Not available to you"
      />
    );
  if (result)
    return (
      <ReferralResult
        result={result}
        onAnother={() => {
          setResult(undefined);
          setDecisions(noDecisions());
          setConfirmFull(undefined);
          setForm(emptyReferral(form.areaId, form.meetingId));
        }}
      />
    );

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setTried(true);
    const found = problems(form);
    if (found.length) return errs.show(found);
    setBusy(true);
    try {
      setResult(
        await api.post<ReferralOutcome>('/api/referrals', {
          ...toBody(form, threshold),
          twoWeekReason: decisions.twoWeekReason.trim() || undefined,
          confirmedMatchIds: decisions.confirmed,
          dismissedMatchIds: decisions.dismissed,
          confirmFull: confirmFull === form.meetingId || undefined,
        }),
      );
      setTried(false);
    } catch (err) {
      // A full meeting: the message names the maximum; saving again lists it anyway.
      if (err instanceof ApiError && err.code === 'confirm-full') setConfirmFull(form.meetingId);
      errs.fromError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className={s.form} onSubmit={submit} noValidate aria-labelledby="referral-title">
      <h1 id="referral-title">New referral</h1>
      <div className={s.row}>
        <Field label="Area" required {...errs.field('areaId')}>
          <Select value={form.areaId} onChange={(_, d) => set({ areaId: d.value, meetingId: '' })}>
            {areas.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Referring agency" required {...errs.field('referringAgencyId')}>
          <Select
            value={form.referringAgencyId}
            onChange={(_, d) =>
              // A DARA level belongs to a police referral only.
              set({
                referringAgencyId: d.value,
                ...(isPoliceAgency(area?.agencies.find((a) => a.id === d.value)) ? {} : { daraLevel: '' }),
              })
            }
          >
            <option value="">Choose…</option>
            {area?.agencies.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field
          label="Hear at meeting"
          hint="Honour-based abuse and core-agency cases go to its closed session."
          {...errs.field('meetingId')}
        >
          <Select value={form.meetingId} onChange={(_, d) => set({ meetingId: d.value })}>
            <option value="">Not listed yet</option>
            {listable.map((m) => (
              <option
                key={m.id}
                value={m.id}
              >{`${KIND_NAMES[m.kind]} ${ukDate(m.date)} ${m.startTime} · ${capacity(m, area?.maxCasesPerMeeting)}`}</option>
            ))}
          </Select>
        </Field>
      </div>
      <PeopleFields form={form} update={setForm} field={errs.field} />
      <DashChecklist answers={form.dash} threshold={threshold} errors={errs.errors} onAnswer={onAnswer} />
      <CriteriaFields
        form={form}
        set={set}
        field={errs.field}
        yes={yes}
        threshold={threshold}
        police={isPoliceAgency(area?.agencies.find((a) => a.id === form.referringAgencyId))}
      />
      <DiversityFields
        value={form.diversity}
        set={(p) => setForm((f) => ({ ...f, diversity: { ...f.diversity, ...p } }))}
        field={errs.field}
      />
      <ReferralChecks body={toBody(form, threshold)} decisions={decisions} setDecisions={setDecisions} />
      {errs.general && (
        <MessageBar layout="multiline" intent="error" role="alert">
          <MessageBarBody>{errs.general}</MessageBarBody>
        </MessageBar>
      )}
      <div>
        <Button appearance="primary" type="submit" disabled={busy}>
          {confirmFull && confirmFull === form.meetingId
            ? 'Save and list on the full meeting'
            : 'Save referral'}
        </Button>
      </div>
    </form>
  );
}
