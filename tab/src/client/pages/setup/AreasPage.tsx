import { Text, makeStyles, tokens } from '@fluentui/react-components';
import { useMe } from '../../me.js';
import { Link } from '../../router.js';
import type { AreaSummary } from '../../types.js';

const useStyles = makeStyles({
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`,
  },
  links: { display: 'flex', gap: tokens.spacingHorizontalL, marginTop: tokens.spacingVerticalS },
});

const hours = (h: number) => (h % 24 === 0 ? `${h / 24} day${h === 24 ? '' : 's'}` : `${h} hours`);

/** The rules an area runs by, as an administrator set them: what the seeds disagree on, in words. */
export function areaFacts(a: AreaSummary): [string, string][] {
  return [
    ['DASH threshold', `${a.dashThreshold} “yes” answers`],
    [
      'Escalation',
      a.escalation.kind === 'incidents'
        ? `${a.escalation.incidents} or more police incidents in 12 months`
        : 'None — professional judgement',
    ],
    [
      'Repeat window',
      `12 months from the ${a.repeatWindowStart === 'last-hearing' ? 'last hearing' : 'last referral'}`,
    ],
    [
      'Minutes per case',
      `MARAC ${a.minutesPerCase.marac}, MARAC Plus ${a.minutesPerCase['marac-plus']}, closed ${a.minutesPerCase.closed}`,
    ],
    ['Maximum cases per meeting', String(a.maxCasesPerMeeting)],
    ['Timer warnings', `${a.timerWarningMinutes.join(' and ')} minutes before time`],
    ['Agenda circulated', `${a.agendaCirculationDays} days before the meeting`],
    ['Minutes due', `${hours(a.minutesDeadlineHours)} after the meeting`],
    ['Overdue label', `“${a.overdueLabel}” after ${a.overdueGraceDays} days`],
    ['Retention', `${a.retentionYears} years`],
    ['Time zone', a.timeZone],
    ['Declaration', `version ${a.declarationVersion}`],
    [
      'Batting order',
      a.agencies
        .filter((g) => !g.retiredAt)
        .map((g) => g.short)
        .join(', ') || 'No agencies yet',
    ],
  ];
}

/** Every area of this install with its current rules; administrators set them up from here. */
export function AreasPage() {
  const s = useStyles();
  const { areas, isAdmin } = useMe();
  return (
    <>
      <h1>MARAC areas</h1>
      {isAdmin && <Link to="/areas/new">New area</Link>}
      {!areas.length && (
        <Text block>
          No area is set up yet.{' '}
          {isAdmin
            ? 'Start with “New area”: its rules, then agencies, then people.'
            : 'Ask a MARAC administrator.'}
        </Text>
      )}
      {areas.map((a) => (
        <section key={a.id} aria-labelledby={`area-${a.id}`} data-area={a.id}>
          <h2 id={`area-${a.id}`}>{a.name}</h2>
          <dl className={s.facts}>
            {areaFacts(a).map(([k, v]) => (
              <div key={k} style={{ display: 'contents' }}>
                <dt>
                  <Text weight="semibold">{k}</Text>
                </dt>
                <dd style={{ margin: 0 }}>
                  <Text>{v}</Text>
                </dd>
              </div>
            ))}
          </dl>
          <div className={s.links}>
            {isAdmin && (
              <Link to={`/areas/${encodeURIComponent(a.id)}/settings`}>{`Settings: ${a.name}`}</Link>
            )}
            {isAdmin && (
              <Link to={`/areas/${encodeURIComponent(a.id)}/agencies`}>{`Agencies: ${a.name}`}</Link>
            )}
            <Link to={`/people?areaId=${encodeURIComponent(a.id)}`}>{`People: ${a.name}`}</Link>
          </div>
        </section>
      ))}
    </>
  );
}
