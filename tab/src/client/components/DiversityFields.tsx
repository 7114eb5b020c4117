import { Checkbox, Field, Input, Select, makeStyles, tokens } from '@fluentui/react-components';
import type { ReferralForm } from '../referral-form.js';

const useStyles = makeStyles({
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL, alignItems: 'end' },
});

type FieldProps = (name: string) => { validationMessage?: string; validationState: 'error' | 'none' };

/** Diversity data (if known), for the MARAC's equality monitoring. */
export function DiversityFields({
  value,
  set,
  field,
}: {
  value: ReferralForm['diversity'];
  set: (p: Partial<ReferralForm['diversity']>) => void;
  field: FieldProps;
}) {
  const s = useStyles();
  return (
    <fieldset>
      <legend>
        <h2 style={{ margin: 0 }}>Diversity (if known)</h2>
      </legend>
      <div className={s.row}>
        <Field label="Ethnicity" {...field('diversity.ethnicity')}>
          <Select value={value.ethnicity} onChange={(_, d) => set({ ethnicity: d.value })}>
            <option value="">Not known</option>
            <option value="white">White</option>
            <option value="bme">Black and minority ethnic</option>
            <option value="not-stated">Not stated</option>
          </Select>
        </Field>
        <Field label="Gender" {...field('diversity.gender')}>
          <Select value={value.gender} onChange={(_, d) => set({ gender: d.value })}>
            <option value="">Not known</option>
            <option value="female">Female</option>
            <option value="male">Male</option>
            <option value="other">Other</option>
            <option value="not-stated">Not stated</option>
          </Select>
        </Field>
        <Field label="Age" {...field('diversity.age')}>
          <Input
            type="number"
            min={0}
            max={120}
            value={value.age}
            onChange={(_, d) => set({ age: d.value })}
          />
        </Field>
        <Checkbox label="LGBT+" checked={value.lgbt} onChange={(_, d) => set({ lgbt: !!d.checked })} />
        <Checkbox
          label="Disabled"
          checked={value.disability}
          onChange={(_, d) => set({ disability: !!d.checked })}
        />
      </div>
    </fieldset>
  );
}
