import { useCallback, useState } from 'react';
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
import { criteriaProblems, fromCase, toEditBody, yesCount, type ReferralForm } from '../referral-form.js';
import { isPoliceAgency } from '../../../../core/src/domain/referral.js';
import { referralEditSchema } from '../../shared/schemas.js';
import type { CaseDetail } from '../types.js';
import { PeopleFields } from './PeopleFields.js';
import { DashChecklist } from './DashChecklist.js';
import { CriteriaFields } from './CriteriaFields.js';
import { DiversityFields } from './DiversityFields.js';

const useStyles = makeStyles({
  form: { display: 'grid', gap: tokens.spacingVerticalXL },
  row: { display: 'flex', gap: tokens.spacingHorizontalM },
});

/**
 * The referral's own fields on the case page, with the new-referral form's parts. A refused save
 * (someone else changed it, a check failed) leaves what was typed in place.
 */
export function ReferralEditForm({
  saved,
  onSaved,
  onCancel,
}: {
  saved: CaseDetail['case'];
  onSaved: () => void;
  onCancel: () => void;
}) {
  const s = useStyles();
  const { areas } = useMe();
  const [form, setForm] = useState<ReferralForm>(() => fromCase(saved));
  const [busy, setBusy] = useState(false);
  const errs = useFormErrors();
  const area = areas.find((a) => a.id === saved.areaId);
  const threshold = area?.dashThreshold ?? 14;
  const set = useCallback((p: Partial<ReferralForm>) => setForm((f) => ({ ...f, ...p })), []);
  const policeAgency = (id: string) => isPoliceAgency(area?.agencies.find((a) => a.id === id));
  const onAnswer = useCallback(
    (i: number, a: ReferralForm['dash'][number]) =>
      setForm((f) => ({ ...f, dash: f.dash.map((x, j) => (j === i ? a : x)) })),
    [],
  );

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const body = toEditBody(form, threshold, saved);
    const { fields } = validate(referralEditSchema, body);
    const found = fields.length
      ? fields
      : criteriaProblems(form, threshold, policeAgency(form.referringAgencyId));
    if (found.length) return errs.show(found);
    setBusy(true);
    try {
      await api.patch(`/api/cases/${encodeURIComponent(saved.id)}/referral`, body);
      onSaved();
    } catch (err) {
      errs.fromError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className={s.form} onSubmit={submit} noValidate aria-label="Edit the referral">
      <Field label="Referring agency" required {...errs.field('referringAgencyId')}>
        <Select
          value={form.referringAgencyId}
          onChange={(_, d) =>
            // A DARA level belongs to a police referral only.
            set({ referringAgencyId: d.value, ...(policeAgency(d.value) ? {} : { daraLevel: '' }) })
          }
        >
          {area?.agencies.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </Select>
      </Field>
      <PeopleFields form={form} update={setForm} field={errs.field} />
      <DashChecklist answers={form.dash} threshold={threshold} errors={errs.errors} onAnswer={onAnswer} />
      <CriteriaFields
        form={form}
        set={set}
        field={errs.field}
        yes={yesCount(form)}
        threshold={threshold}
        placement={false}
        police={policeAgency(form.referringAgencyId)}
      />
      <DiversityFields
        value={form.diversity}
        set={(p) => setForm((f) => ({ ...f, diversity: { ...f.diversity, ...p } }))}
        field={errs.field}
      />
      {errs.general && (
        <MessageBar layout="multiline" intent="error" role="alert">
          <MessageBarBody>{errs.general}</MessageBarBody>
        </MessageBar>
      )}
      <div className={s.row}>
        <Button appearance="primary" type="submit" disabled={busy}>
          Save changes
        </Button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}
