import type { ReactNode, RefObject } from 'react';
import { Badge, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { Countdown } from './Countdown.js';
import { RollCall } from './RollCall.js';
import type { LiveSnapshot, SpeakerView } from './types.js';

const STAGES = {
  waiting: 'Waiting to start',
  declaration: 'Confidentiality declaration',
  opening: 'Opening: outstanding actions',
  hearing: 'Hearing cases',
  ended: 'Ended',
} as const;
const STATUS = {
  pending: 'waiting',
  current: 'now',
  heard: 'heard',
  deferred: 'deferred',
  'referred-to-plus': 'to MARAC Plus',
} as const;

const useStyles = makeStyles({
  stage: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 2fr) minmax(260px, 1fr)',
    gap: tokens.spacingHorizontalXXL,
    alignItems: 'start',
  },
  panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  card: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  label: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase300 },
  bigRef: {
    fontSize: tokens.fontSizeHero900,
    fontWeight: tokens.fontWeightSemibold,
    lineHeight: tokens.lineHeightHero900,
    margin: 0,
  },
  smallRef: { fontSize: tokens.fontSizeBase600, fontWeight: tokens.fontWeightSemibold, margin: 0 },
  who: {
    display: 'grid',
    gridTemplateColumns: 'auto 1fr',
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
  },
  whoBig: {
    fontSize: tokens.fontSizeHero700,
    lineHeight: tokens.lineHeightHero700,
    rowGap: tokens.spacingVerticalS,
    alignItems: 'baseline',
  },
  dd: { margin: 0, fontWeight: tokens.fontWeightSemibold },
  agenda: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalS,
    listStyle: 'none',
    padding: 0,
    margin: 0,
  },
  h: { margin: 0, fontSize: tokens.fontSizeBase400 },
});

const speaker = (v: SpeakerView) =>
  `${v.label}${v.present === false ? ' (not present)' : ''}${v.noInformation ? ' · no information held' : ''}`;

/**
 * The running meeting as everyone may see it: case reference and position (never names), phase,
 * who speaks now and next, the countdown, and the declaration roll call. `stage` is the
 * meeting-stage layout (large, shared screen); `sidepanel` the narrow one beside the meeting.
 */
export function LiveView({
  snapshot,
  offset,
  view,
  controls,
}: {
  snapshot: LiveSnapshot;
  offset: RefObject<number>;
  view: 'stage' | 'sidepanel';
  controls?: ReactNode;
}) {
  const s = useStyles();
  const c = snapshot.current;
  const big = view === 'stage';
  const now = (
    <section aria-labelledby="now-h" className={s.card} data-testid="current-case">
      <h2 id="now-h" className={s.h}>
        {c ? `Case ${c.position} of ${snapshot.cases.length}` : STAGES[snapshot.stage]}
      </h2>
      {c ? (
        <>
          <p className={big ? s.bigRef : s.smallRef} data-testid="case-reference">
            {c.reference}
          </p>
          <Text>{`Referred by ${c.referringAgency}`}</Text>
          <dl className={mergeClasses(s.who, big && s.whoBig)}>
            <dt className={s.label}>Phase</dt>
            <dd className={s.dd} data-testid="phase">
              {c.phaseLabel}
            </dd>
            <dt className={s.label}>Now</dt>
            <dd className={s.dd} data-testid="now-speaking">
              {speaker(c.now)}
            </dd>
            <dt className={s.label}>Next</dt>
            <dd className={s.dd} data-testid="next-speaking">
              {speaker(c.next)}
            </dd>
          </dl>
          <Text data-testid="research-returned">
            {`Research returned: ${c.researchReturned.length ? c.researchReturned.join(', ') : 'none'}`}
          </Text>
          {c.safety && (
            <Text data-testid="safety">
              {c.safety.confirmed
                ? `The plan was confirmed as safe as possible${c.safety.onBehalf ? " (by the chair, on the IDVA's behalf)" : ' by the IDVA'}.`
                : c.phase === 'safety'
                  ? 'Waiting for the IDVA to confirm the plan is as safe as possible.'
                  : ''}
            </Text>
          )}
          {c.victimViews && <Text data-testid="victim-views">Victim's views: recorded by the IDVA</Text>}
          {c.timer && <Countdown timer={c.timer} offset={offset} size={big ? 'big' : 'small'} />}
          {snapshot.coverage.length > 0 && (
            <Text>{`Nobody present from: ${snapshot.coverage.join('; ')}.`}</Text>
          )}
        </>
      ) : (
        <Text data-testid="stage-line">
          {snapshot.stage === 'opening' && snapshot.nextCase
            ? `Next: case ${snapshot.nextCase.position} (${snapshot.nextCase.reference}).`
            : snapshot.stage === 'ended'
              ? 'The meeting has ended.'
              : snapshot.stage === 'opening'
                ? 'Every case has been heard.'
                : `${snapshot.cases.length} cases on the agenda.`}
        </Text>
      )}
    </section>
  );
  const agenda = (
    <section aria-labelledby="agenda-h" className={s.card}>
      <h2 id="agenda-h" className={s.h}>
        Agenda
      </h2>
      <ol className={s.agenda} data-testid="agenda">
        {snapshot.cases.map((x) => (
          <li key={x.position}>
            <Badge
              appearance={x.status === 'current' ? 'filled' : x.status === 'pending' ? 'outline' : 'tint'}
              color={
                x.status === 'current'
                  ? 'brand'
                  : x.status === 'pending'
                    ? 'informative'
                    : x.status === 'heard'
                      ? 'success'
                      : 'warning'
              }
              data-status={x.status}
            >
              {`${x.position}. ${x.reference}: ${STATUS[x.status]}`}
            </Badge>
          </li>
        ))}
      </ol>
    </section>
  );
  if (big)
    return (
      <div className={s.stage}>
        <div className={s.panel}>
          {now}
          {agenda}
        </div>
        <RollCall snapshot={snapshot} />
      </div>
    );
  return (
    <div className={s.panel}>
      {now}
      {controls}
      <RollCall snapshot={snapshot} />
      {agenda}
    </div>
  );
}
