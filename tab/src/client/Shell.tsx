import { Suspense, lazy, useEffect, useMemo, useState } from 'react';
import {
  Button,
  MessageBar,
  MessageBarBody,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { api, ApiError } from './api.js';
import { MeContext, meValue } from './me.js';
import { Link, useLocation } from './router.js';
import { signOut } from './session.js';
import type { Host } from './teams.js';
import type { AreaSummary, Me } from './types.js';
import { liveViewOf } from './live/view-of.js';
import { PageLoadBoundary } from './components/PageLoadBoundary.js';

// Each page is its own chunk: the agenda does not wait for the referral form's code. The
// current address's page starts loading at once, alongside the sign-in checks.
const load = {
  meetings: () => import('./pages/MeetingsPage.js'),
  referral: () => import('./pages/ReferralPage.js'),
  inbox: () => import('./pages/InboxPage.js'),
  case: () => import('./pages/CasePage.js'),
  agenda: () => import('./pages/AgendaPage.js'),
  actions: () => import('./pages/ActionsPage.js'),
  config: () => import('./pages/ConfigPage.js'),
  live: () => import('./pages/LivePage.js'),
  cue: () => import('./pages/CuePage.js'),
  minutes: () => import('./pages/MinutesPage.js'),
  figures: () => import('./pages/FiguresPage.js'),
  research: () => import('./pages/ResearchPage.js'),
  agencyMinutes: () => import('./pages/AgencyMinutesPage.js'),
  undelivered: () => import('./pages/UndeliveredPage.js'),
  setup: () => import('./pages/setup/index.js'),
};
const first = location.pathname;
void (
  first === '/live'
    ? load.live
    : first === '/cue'
      ? load.cue
      : first === '/minutes'
        ? load.minutes
        : first === '/figures'
          ? load.figures
          : first === '/undelivered'
            ? load.undelivered
            : first === '/config'
              ? load.config
              : first === '/referrals/new'
                ? load.referral
                : first.startsWith('/meetings/')
                  ? load.agenda
                  : first === '/actions'
                    ? load.actions
                    : load.meetings
)();
const MeetingsPage = lazy(() => load.meetings().then((m) => ({ default: m.MeetingsPage })));
const ReferralPage = lazy(() => load.referral().then((m) => ({ default: m.ReferralPage })));
const InboxPage = lazy(() => load.inbox().then((m) => ({ default: m.InboxPage })));
const CasePage = lazy(() => load.case().then((m) => ({ default: m.CasePage })));
const AgendaPage = lazy(() => load.agenda().then((m) => ({ default: m.AgendaPage })));
const ActionsPage = lazy(() => load.actions().then((m) => ({ default: m.ActionsPage })));
const ConfigPage = lazy(() => load.config().then((m) => ({ default: m.ConfigPage })));
const LivePage = lazy(() => load.live().then((m) => ({ default: m.LivePage })));
const CuePage = lazy(() => load.cue().then((m) => ({ default: m.CuePage })));
const MinutesPage = lazy(() => load.minutes().then((m) => ({ default: m.MinutesPage })));
const FiguresPage = lazy(() => load.figures().then((m) => ({ default: m.FiguresPage })));
const AgencyMinutesPage = lazy(() => load.agencyMinutes().then((m) => ({ default: m.AgencyMinutesPage })));
const ResearchPage = lazy(() => load.research().then((m) => ({ default: m.ResearchPage })));
const UndeliveredPage = lazy(() => load.undelivered().then((m) => ({ default: m.UndeliveredPage })));
const AreasPage = lazy(() => load.setup().then((m) => ({ default: m.AreasPage })));
const AreaSettingsPage = lazy(() => load.setup().then((m) => ({ default: m.AreaSettingsPage })));
const AgenciesPage = lazy(() => load.setup().then((m) => ({ default: m.AgenciesPage })));
const PeoplePage = lazy(() => load.setup().then((m) => ({ default: m.PeoplePage })));

const useStyles = makeStyles({
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalL,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalXL}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  nav: { display: 'flex', gap: tokens.spacingHorizontalL, flexGrow: 1 },
  main: { padding: tokens.spacingHorizontalXL, maxWidth: '1200px' },
  skip: {
    position: 'absolute',
    left: '-10000px',
    ':focus': {
      left: tokens.spacingHorizontalS,
      top: tokens.spacingVerticalS,
      position: 'absolute',
      zIndex: 10,
    },
  },
});

/** The signed-in app: who you are, where you can go, and the page for this address. */
export function Shell({ host }: { host: Host }) {
  const s = useStyles();
  const { path, query } = useLocation();
  const [me, setMe] = useState<Me>();
  const [areas, setAreas] = useState<AreaSummary[]>();
  const [error, setError] = useState<ApiError>();
  const [areasTick, setAreasTick] = useState(0);
  useEffect(() => {
    if (areasTick) api.get<AreaSummary[]>('/api/areas').then(setAreas, (e: ApiError) => setError(e));
  }, [areasTick]);
  useEffect(() => {
    Promise.all([api.get<Me>('/api/me'), api.get<AreaSummary[]>('/api/areas')]).then(
      ([m, a]) => {
        setMe(m);
        setAreas(a);
      },
      (e: ApiError) => setError(e),
    );
  }, []);
  const value = useMemo(
    () => (me && areas ? meValue(me, areas, () => setAreasTick((t) => t + 1)) : undefined),
    [me, areas],
  );

  if (error)
    return (
      <main className={s.main}>
        <MessageBar layout="multiline" intent="error">
          <MessageBarBody>{error.message}</MessageBarBody>
        </MessageBar>
        {!host.inTeams && (
          <Button onClick={signOut} style={{ marginTop: 12 }}>
            Sign in as someone else
          </Button>
        )}
      </main>
    );
  if (!value) return <Spinner label="Loading…" />;

  // The meeting tab (side panel, meeting stage): no header, the narrow frame is all for the meeting.
  if (path === '/live')
    return (
      <MeContext.Provider value={value}>
        <PageLoadBoundary key={path}>
          <Suspense fallback={<Spinner label="Loading…" />}>
            <LivePage meetingId={query.get('meetingId') ?? undefined} view={liveViewOf(query, host)} />
          </Suspense>
        </PageLoadBoundary>
      </MeContext.Provider>
    );
  // The small page a targeted meeting notification opens on someone's meeting stage.
  if (path === '/cue')
    return (
      <MeContext.Provider value={value}>
        <PageLoadBoundary key={path}>
          <Suspense fallback={<Spinner label="Loading…" />}>
            <CuePage
              meetingId={query.get('meetingId') ?? undefined}
              kind={query.get('kind') ?? undefined}
              caseId={query.get('caseId') ?? undefined}
              agencyId={query.get('agencyId') ?? undefined}
              phase={query.get('phase') ?? undefined}
              minutes={query.get('minutes') ?? undefined}
            />
          </Suspense>
        </PageLoadBoundary>
      </MeContext.Provider>
    );
  const meetingMatch = /^\/meetings\/([^/]+)$/.exec(path);
  const caseMatch = /^\/cases\/([^/]+)$/.exec(path);
  const areaMatch = /^\/areas\/([^/]+)\/(settings|agencies)$/.exec(path);
  const researchMatch = /^\/meetings\/([^/]+)\/research$/.exec(path);
  const minutesMatch = /^\/meetings\/([^/]+)\/minutes$/.exec(path);
  const page =
    path === '/areas' ? (
      <AreasPage />
    ) : path === '/areas/new' ? (
      <AreaSettingsPage />
    ) : areaMatch?.[2] === 'settings' ? (
      <AreaSettingsPage areaId={decodeURIComponent(areaMatch[1])} />
    ) : areaMatch ? (
      <AgenciesPage areaId={decodeURIComponent(areaMatch[1])} />
    ) : path === '/people' ? (
      <PeoplePage areaId={query.get('areaId') ?? undefined} />
    ) : path === '/config' ? (
      <ConfigPage host={host} />
    ) : path === '/referrals/new' ? (
      <ReferralPage meetingId={query.get('meetingId') ?? undefined} />
    ) : path === '/referrals' ? (
      <InboxPage />
    ) : caseMatch ? (
      <CasePage caseId={decodeURIComponent(caseMatch[1])} />
    ) : meetingMatch ? (
      <AgendaPage meetingId={decodeURIComponent(meetingMatch[1])} />
    ) : minutesMatch ? (
      <AgencyMinutesPage meetingId={decodeURIComponent(minutesMatch[1])} />
    ) : researchMatch ? (
      <ResearchPage meetingId={decodeURIComponent(researchMatch[1])} />
    ) : path === '/actions' ? (
      <ActionsPage initialMeetingId={query.get('meetingId') ?? undefined} />
    ) : path === '/minutes' ? (
      <MinutesPage meetingId={query.get('meetingId') ?? undefined} />
    ) : path === '/figures' ? (
      <FiguresPage />
    ) : path === '/undelivered' ? (
      <UndeliveredPage />
    ) : value.isCoordinator || value.seesAllActions ? (
      <MeetingsPage />
    ) : path === '/meetings' ? (
      <MeetingsPage />
    ) : (
      <ActionsPage />
    );

  return (
    <MeContext.Provider value={value}>
      <a href="#main" className={s.skip}>
        Skip to content
      </a>
      <header className={s.header}>
        <Text weight="semibold">MARAC</Text>
        <nav aria-label="Main" className={s.nav}>
          <Link to="/meetings" current={path === '/meetings' || path === '/' || !!meetingMatch}>
            Meetings
          </Link>
          {value.isCoordinator && (
            <Link to="/referrals" current={path === '/referrals' || !!caseMatch}>
              Referrals
            </Link>
          )}
          {value.isCoordinator && (
            <Link to="/referrals/new" current={path === '/referrals/new'}>
              New referral
            </Link>
          )}
          <Link to="/actions" current={path === '/actions'}>
            Actions
          </Link>
          {value.seesAllActions && (
            <Link to="/minutes" current={path === '/minutes'}>
              Minutes
            </Link>
          )}
          {value.seesAllActions && (
            <Link to="/figures" current={path === '/figures'}>
              Figures
            </Link>
          )}
          {value.isCoordinator && (
            <Link to="/undelivered" current={path === '/undelivered'}>
              Undelivered
            </Link>
          )}
          {value.isCoordinator && (
            <Link to="/areas" current={path.startsWith('/areas')}>
              Areas
            </Link>
          )}
          {value.isCoordinator && (
            <Link to="/people" current={path === '/people'}>
              People
            </Link>
          )}
        </nav>
        <Text size={200}>
          Signed in as {value.me.displayName}
          {value.me.agencyName ? `, ${value.me.agencyName}` : ''}
        </Text>
        {!host.inTeams && (
          <Button size="small" onClick={signOut}>
            Sign out
          </Button>
        )}
      </header>
      <main id="main" tabIndex={-1} className={s.main}>
        <PageLoadBoundary key={path}>
          <Suspense fallback={<Spinner label="Loading…" />}>{page}</Suspense>
        </PageLoadBoundary>
      </main>
    </MeContext.Provider>
  );
}
