import { Badge, Text, makeStyles, tokens } from '@fluentui/react-components';
import { areaTime } from '../local-time.js';
import type { LiveSnapshot } from './types.js';

const useStyles = makeStyles({
  list: {
    margin: 0,
    paddingLeft: tokens.spacingHorizontalXL,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
  },
  h: {
    margin: `${tokens.spacingVerticalS} 0 ${tokens.spacingVerticalXXS}`,
    fontSize: tokens.fontSizeBase400,
  },
});

const time = (iso?: string) => areaTime(iso);

/** Who has and who has not confirmed the confidentiality declaration. */
export function RollCall({ snapshot, headingLevel = 2 }: { snapshot: LiveSnapshot; headingLevel?: 2 | 3 }) {
  const s = useStyles();
  const rc = snapshot.rollCall;
  const H = `h${headingLevel}` as const;
  const Sub = `h${headingLevel + 1}` as 'h3' | 'h4';
  return (
    <section aria-labelledby="rollcall-h" data-testid="roll-call">
      <H id="rollcall-h" className={s.h}>
        Declaration
      </H>
      <Text block as="p" data-testid="roll-call-summary">
        {!snapshot.declaration.posted && rc.present === 0
          ? 'Not posted yet. Nobody is recorded in the meeting.'
          : `${rc.confirmed.length} of ${rc.present} present ${rc.present === 1 ? 'has' : 'have'} confirmed.`}
      </Text>
      {rc.unconfirmed.length > 0 && (
        <>
          <Sub className={s.h}>Not yet confirmed</Sub>
          <ul className={s.list} data-testid="unconfirmed">
            {rc.unconfirmed.map((a) => (
              <li key={`${a.name}-${a.agency}`}>
                {`${a.name}, ${a.agency}`}{' '}
                {a.late && (
                  <Badge appearance="tint" color="warning">
                    joined late
                  </Badge>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {rc.confirmed.length > 0 && (
        <>
          <Sub className={s.h}>Confirmed</Sub>
          <ul className={s.list} data-testid="confirmed">
            {rc.confirmed.map((a) => (
              <li
                key={`${a.name}-${a.agency}`}
              >{`${a.name}, ${a.agency}${a.at ? ` (${time(a.at)})` : ''}`}</li>
            ))}
          </ul>
        </>
      )}
      {snapshot.gateOverride && (
        <Text
          block
          as="p"
        >{`The chair opened the meeting although ${snapshot.gateOverride.unconfirmed.join(', ')} had not confirmed. Reason: ${snapshot.gateOverride.reason}`}</Text>
      )}
    </section>
  );
}
