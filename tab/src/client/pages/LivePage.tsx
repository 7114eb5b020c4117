import { MessageBar, MessageBarBody, Spinner, Text, makeStyles, tokens } from '@fluentui/react-components';
import { ErrorBar } from '../components/ErrorBar.js';
import { ChairControls } from '../live/ChairControls.js';
import { ShareToStage } from '../live/ShareToStage.js';
import { LiveView } from '../live/LiveView.js';
import { RecordAttendance } from '../live/RecordAttendance.js';
import { VerbalUpdates } from '../live/VerbalUpdates.js';
import { VictimViews } from '../live/VictimViews.js';
import { useMe } from '../me.js';
import { useLive } from '../live/use-live.js';

const useStyles = makeStyles({
  page: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalM,
  },
  stagePage: { padding: tokens.spacingHorizontalXXL },
  head: {
    display: 'flex',
    flexWrap: 'wrap',
    justifyContent: 'space-between',
    alignItems: 'baseline',
    gap: tokens.spacingHorizontalM,
  },
  h1: { margin: 0, fontSize: tokens.fontSizeBase500 },
  srOnly: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
});

/**
 * The meeting tab: the side panel (the chair's controls for the chair) and the meeting stage
 * (for everyone). It follows the bot through the event stream within a second of each change.
 */
export function LivePage({ meetingId, view }: { meetingId?: string; view: 'stage' | 'sidepanel' }) {
  const s = useStyles();
  if (!meetingId)
    return (
      <main className={s.page}>
        <h1 className={s.h1}>MARAC live view</h1>
        <ErrorBar error="This page shows a running MARAC meeting. Open it from the meeting's MARAC tab, or from the meeting's minutes page." />
      </main>
    );
  return <Live meetingId={meetingId} view={view} />;
}

function Live({ meetingId, view }: { meetingId: string; view: 'stage' | 'sidepanel' }) {
  const s = useStyles();
  const live = useLive(meetingId);
  const snap = live.snapshot;
  const me = useMe();
  // The server decides (the area's IDVA or a coordinator); this only chooses form or text.
  const canRecordViews = me.isCoordinator || me.me.roles.includes('idva');
  return (
    <main
      id="main"
      className={`${s.page} ${view === 'stage' ? s.stagePage : ''}`}
      data-testid="live"
      data-view={view}
      data-last-seq={live.lastSeq ?? ''}
      data-version={snap?.version ?? ''}
      data-connects={live.connects}
      data-status={live.status}
    >
      <div className={s.head}>
        <h1 className={s.h1}>
          {snap ? `${snap.title}${view === 'stage' ? '' : ' (live)'}` : 'MARAC live view'}
        </h1>
        <Text size={200} role="status" data-testid="connection">
          {live.status === 'live' ? 'Live' : live.status === 'reconnecting' ? 'Reconnecting…' : 'Connecting…'}
        </Text>
      </div>
      <div aria-live="polite" className={s.srOnly} data-testid="announcement">
        {live.announcement}
      </div>
      {live.error ? (
        <ErrorBar error={live.error} />
      ) : !snap ? (
        <Spinner label="Loading the meeting…" />
      ) : (
        <>
          {live.status === 'reconnecting' && (
            <MessageBar intent="warning">
              <MessageBarBody>The connection dropped; reconnecting. Nothing will be missed.</MessageBarBody>
            </MessageBar>
          )}
          <LiveView
            snapshot={snap}
            offset={live.offset}
            view={view}
            controls={
              view === 'sidepanel' ? (
                <>
                  <ShareToStage meetingId={snap.meetingId} />
                  {snap.stage !== 'ended' && <VictimViews snapshot={snap} canRecord={canRecordViews} />}
                  {live.canChair && <ChairControls snapshot={snap} onSnapshot={live.apply} />}
                  {live.canChair && snap.stage === 'opening' && <VerbalUpdates meetingId={snap.meetingId} />}
                  {live.canChair && snap.stage !== 'ended' && (
                    <RecordAttendance
                      meetingId={snap.meetingId}
                      refreshKey={`${snap.rollCall.present}:${snap.rollCall.confirmed.length}`}
                    />
                  )}
                </>
              ) : undefined
            }
          />
        </>
      )}
    </main>
  );
}
