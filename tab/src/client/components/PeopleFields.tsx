import { Button, Field, Input, makeStyles, tokens } from '@fluentui/react-components';
import type { ReferralForm } from '../referral-form.js';

const useStyles = makeStyles({
  row: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalM,
    alignItems: 'end',
    marginBottom: tokens.spacingVerticalS,
  },
  wide: { minWidth: '260px', flexGrow: 1 },
});

type FieldProps = (name: string) => { validationMessage?: string; validationState: 'error' | 'none' };
type Patch = (f: (cur: ReferralForm) => ReferralForm) => void;

/** Victim, perpetrator(s) and children: the personal details, sealed at rest and shown only to authorised roles. */
export function PeopleFields({
  form,
  update,
  field,
}: {
  form: ReferralForm;
  update: Patch;
  field: FieldProps;
}) {
  const s = useStyles();
  const setVictim = (p: Partial<ReferralForm['victim']>) =>
    update((f) => ({ ...f, victim: { ...f.victim, ...p } }));
  const setPerp = (i: number, p: Partial<ReferralForm['perpetrators'][number]>) =>
    update((f) => ({ ...f, perpetrators: f.perpetrators.map((x, j) => (j === i ? { ...x, ...p } : x)) }));
  const setChild = (i: number, p: Partial<ReferralForm['children'][number]>) =>
    update((f) => ({ ...f, children: f.children.map((x, j) => (j === i ? { ...x, ...p } : x)) }));
  return (
    <>
      <fieldset>
        <legend>
          <h2 style={{ margin: 0 }}>Victim</h2>
        </legend>
        <div className={s.row}>
          <Field className={s.wide} label="Victim’s full name" required {...field('victim.name')}>
            <Input
              value={form.victim.name}
              onChange={(_, d) => setVictim({ name: d.value })}
              autoComplete="off"
            />
          </Field>
          <Field label="Victim’s date of birth" {...field('victim.dateOfBirth')}>
            <Input
              type="date"
              value={form.victim.dateOfBirth}
              onChange={(_, d) => setVictim({ dateOfBirth: d.value })}
            />
          </Field>
        </div>
        <Field label="Victim’s address" hint="Only if it is safe to record." {...field('victim.address')}>
          <Input
            value={form.victim.address}
            onChange={(_, d) => setVictim({ address: d.value })}
            autoComplete="off"
          />
        </Field>
      </fieldset>
      <fieldset>
        <legend>
          <h2 style={{ margin: 0 }}>Perpetrator(s)</h2>
        </legend>
        {field('perpetrators').validationMessage && (
          <p role="alert">{field('perpetrators').validationMessage}</p>
        )}
        {form.perpetrators.map((p, i) => (
          <div className={s.row} key={i}>
            <Field
              className={s.wide}
              label={`Perpetrator ${i + 1} full name`}
              required
              {...field(`perpetrators.${i}.name`)}
            >
              <Input value={p.name} onChange={(_, d) => setPerp(i, { name: d.value })} autoComplete="off" />
            </Field>
            <Field label={`Perpetrator ${i + 1} date of birth`} {...field(`perpetrators.${i}.dateOfBirth`)}>
              <Input
                type="date"
                value={p.dateOfBirth}
                onChange={(_, d) => setPerp(i, { dateOfBirth: d.value })}
              />
            </Field>
            {form.perpetrators.length > 1 && (
              <Button
                onClick={() =>
                  update((f) => ({ ...f, perpetrators: f.perpetrators.filter((_, j) => j !== i) }))
                }
              >
                Remove perpetrator {i + 1}
              </Button>
            )}
          </div>
        ))}
        <Button
          onClick={() =>
            update((f) => ({
              ...f,
              perpetrators: [...f.perpetrators, { name: '', dateOfBirth: '', address: '' }],
            }))
          }
        >
          Add another perpetrator
        </Button>
      </fieldset>
      <fieldset>
        <legend>
          <h2 style={{ margin: 0 }}>Children in the household</h2>
        </legend>
        {form.children.length === 0 && <p>No children recorded.</p>}
        {form.children.map((c, i) => (
          <div className={s.row} key={i}>
            <Field className={s.wide} label={`Child ${i + 1} name`} required {...field(`children.${i}.name`)}>
              <Input value={c.name} onChange={(_, d) => setChild(i, { name: d.value })} autoComplete="off" />
            </Field>
            <Field label={`Child ${i + 1} date of birth`} {...field(`children.${i}.dateOfBirth`)}>
              <Input
                type="date"
                value={c.dateOfBirth}
                onChange={(_, d) => setChild(i, { dateOfBirth: d.value })}
              />
            </Field>
            <Button onClick={() => update((f) => ({ ...f, children: f.children.filter((_, j) => j !== i) }))}>
              Remove child {i + 1}
            </Button>
          </div>
        ))}
        <Button
          onClick={() => update((f) => ({ ...f, children: [...f.children, { name: '', dateOfBirth: '' }] }))}
        >
          Add a child
        </Button>
      </fieldset>
    </>
  );
}
