import { memo } from 'react';
import { Field, Radio, RadioGroup, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { DashAnswer } from '../../../../core/src/domain/referral.js';
import { DASH_QUESTIONS } from '../../shared/dash-questions.js';

const useStyles = makeStyles({
  list: { display: 'grid', gap: tokens.spacingVerticalM, margin: 0, padding: 0, listStyle: 'none' },
  count: {
    position: 'sticky',
    top: 0,
    zIndex: 1,
    backgroundColor: tokens.colorNeutralBackground1,
    padding: `${tokens.spacingVerticalS} 0`,
  },
});

interface Props {
  answers: (DashAnswer | '')[];
  threshold: number;
  errors: Record<string, string>;
  onAnswer: (index: number, answer: DashAnswer) => void;
}

/** The 24 SafeLives DASH questions, yes / no / don't know, with a live count against the area's threshold. */
export const DashChecklist = memo(function DashChecklist({ answers, threshold, errors, onAnswer }: Props) {
  const s = useStyles();
  const yes = answers.filter((a) => a === 'yes').length;
  const answered = answers.filter((a) => a !== '').length;
  return (
    <fieldset>
      <legend>
        <h2 style={{ margin: 0 }}>DASH risk checklist</h2>
      </legend>
      <Text as="p">Ask each question of the victim. Answer every one: yes, no or don’t know.</Text>
      <div className={s.count}>
        <Text weight="semibold" aria-live="polite" data-testid="dash-count">
          {`“Yes” answers: ${yes} of 24 (${answered} answered). This area’s threshold for visible high risk is ${threshold}: `}
          {yes >= threshold ? 'met.' : `not met (${threshold - yes} short).`}
        </Text>
      </div>
      {errors.dash && (
        <Text role="alert" style={{ color: tokens.colorPaletteRedForeground1 }}>
          {errors.dash}
        </Text>
      )}
      <ol className={s.list}>
        {DASH_QUESTIONS.map((q, i) => (
          <li key={q.number}>
            <Field
              label={`${q.number}. ${q.text}`}
              hint={q.hint}
              required
              validationMessage={errors[`dash.${i}`] ? 'Answer this question.' : undefined}
              validationState={errors[`dash.${i}`] ? 'error' : 'none'}
            >
              <RadioGroup
                layout="horizontal"
                value={answers[i]}
                onChange={(_, d) => onAnswer(i, d.value as DashAnswer)}
              >
                <Radio value="yes" label="Yes" />
                <Radio value="no" label="No" />
                <Radio value="dont-know" label="Don’t know" />
              </RadioGroup>
            </Field>
          </li>
        ))}
      </ol>
    </fieldset>
  );
});
