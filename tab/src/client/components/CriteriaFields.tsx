import {
  Checkbox,
  Field,
  Input,
  Radio,
  RadioGroup,
  Text,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { ReferralForm } from '../referral-form.js';

const useStyles = makeStyles({ stack: { display: 'grid', gap: tokens.spacingVerticalS, maxWidth: '720px' } });

type FieldProps = (name: string) => { validationMessage?: string; validationState: 'error' | 'none' };

/** Why the case meets MARAC's criteria (a police DARA level among them), consent, IDVA contact, and whether it goes to a closed session. */
export function CriteriaFields({
  form,
  set,
  field,
  yes,
  threshold,
  placement = true,
  police = false,
}: {
  form: ReferralForm;
  set: (p: Partial<ReferralForm>) => void;
  field: FieldProps;
  yes: number;
  threshold: number;
  /** The closed-session questions; off when editing, since moving a case is listing's job. */
  placement?: boolean;
  /** A police referral may give the DARA level instead of the DASH answers. */
  police?: boolean;
}) {
  const s = useStyles();
  const below = yes < threshold;
  return (
    <>
      <fieldset className={s.stack}>
        <legend>
          <h2 style={{ margin: 0 }}>Reason for referral</h2>
        </legend>
        <Text>
          Visible high risk:{' '}
          {yes >= threshold
            ? `yes (${yes} “yes” answers, threshold ${threshold}).`
            : form.daraLevel === 'high'
              ? 'yes (police DARA level high).'
              : `no (${yes} of the ${threshold} needed).`}
        </Text>
        {police && (
          <Field
            label="Police risk assessment (DARA) level"
            hint="A police referral may give its DARA level instead of the DASH answers."
            {...field('daraLevel')}
          >
            <RadioGroup
              layout="horizontal"
              value={form.daraLevel}
              onChange={(_, d) => set({ daraLevel: d.value as ReferralForm['daraLevel'] })}
            >
              <Radio value="" label="Not given" />
              <Radio value="standard" label="Standard" />
              <Radio value="medium" label="Medium" />
              <Radio value="high" label="High" />
            </RadioGroup>
          </Field>
        )}
        {below && form.daraLevel !== 'high' && (
          <Text>
            Below the threshold, choose professional judgement (with your rationale), potential escalation or
            repeat.
          </Text>
        )}
        <Field {...field('criteria')}>
          <Checkbox
            label="Professional judgement"
            checked={form.professionalJudgement}
            onChange={(_, d) => set({ professionalJudgement: !!d.checked })}
          />
        </Field>
        {form.professionalJudgement && (
          <Field
            label="Rationale for professional judgement"
            required
            hint="Facts and evidence behind your judgement that the victim is at high risk of serious harm."
            {...field('professionalJudgementRationale')}
          >
            <Textarea
              value={form.rationale}
              onChange={(_, d) => set({ rationale: d.value })}
              resize="vertical"
              rows={4}
            />
          </Field>
        )}
        <Checkbox
          label="Potential escalation"
          checked={form.escalation}
          onChange={(_, d) => set({ escalation: !!d.checked })}
        />
        {form.escalation && (
          <Field
            label="Police incidents in the past 12 months"
            required
            hint="The escalation threshold is 3 or more."
            {...field('escalationIncidents')}
          >
            <Input
              type="number"
              min={0}
              max={999}
              value={form.incidents}
              onChange={(_, d) => set({ incidents: d.value })}
            />
          </Field>
        )}
        <Checkbox
          label="Repeat (a further incident within 12 months of the last MARAC)"
          checked={form.repeat}
          onChange={(_, d) => set({ repeat: !!d.checked })}
        />
        <Text size={200}>Repeats are also found automatically when you save, from earlier hearings.</Text>
      </fieldset>
      <fieldset className={s.stack}>
        <legend>
          <h2 style={{ margin: 0 }}>Consent, IDVA and closed session</h2>
        </legend>
        <Field label="Has the victim consented to the referral?" required {...field('consent')}>
          <RadioGroup
            value={form.consent}
            onChange={(_, d) => set({ consent: d.value as ReferralForm['consent'] })}
          >
            <Radio value="given" label="Yes, consent given" />
            <Radio value="not-given" label="No: referred without consent because of the risk" />
            <Radio value="not-sought" label="Not sought (not safe or not possible to ask)" />
          </RadioGroup>
        </Field>
        <Checkbox
          label="The victim has been referred to the IDVA service"
          checked={form.idvaReferred}
          onChange={(_, d) =>
            set({ idvaReferred: !!d.checked, idvaContacted: d.checked ? form.idvaContacted : false })
          }
        />
        {form.idvaReferred && (
          <Checkbox
            label="The IDVA service has contacted the victim"
            checked={form.idvaContacted}
            onChange={(_, d) => set({ idvaContacted: !!d.checked })}
          />
        )}
        {placement && (
          <>
            <Checkbox
              label="Honour-based abuse"
              checked={form.honourBasedAbuse}
              onChange={(_, d) => set({ honourBasedAbuse: !!d.checked })}
            />
            <Checkbox
              label="The victim or a perpetrator works for a core MARAC agency"
              checked={form.worksForCoreAgency}
              onChange={(_, d) => set({ worksForCoreAgency: !!d.checked })}
            />
            {(form.honourBasedAbuse || form.worksForCoreAgency) && (
              <Text role="note">
                This case will be heard in the meeting’s closed session, with invited agencies only; nothing
                about it appears in the main meeting.
              </Text>
            )}
          </>
        )}
      </fieldset>
    </>
  );
}
