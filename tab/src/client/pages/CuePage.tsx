import { Spinner, Text, makeStyles, tokens } from '@fluentui/react-components';
import { ErrorBar } from '../components/ErrorBar.js';
import { Countdown } from '../live/Countdown.js';
import { useLive } from '../live/use-live.js';
import type { LiveSnapshot } from '../live/types.js';
import { useMe } from '../me.js';

const useStyles = makeStyles({
  page: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
  },
  h1: { margin: 0, fontSize: tokens.fontSizeBase600, lineHeight: tokens.lineHeightBase600 },
});

export interface CueParams {
  meetingId?: string;
  kind?: string;
  caseId?: string;
  agencyId?: string;
  phase?: string;
  minutes?: string;
}

/**
 * The small page a targeted in-meeting notification opens on one person's meeting stage (Teams
 * shows it in a 400 × 240 frame): "Housing — your turn on case 3 (MC-…)", a reminder to confirm
 * the declaration, or the chair's timer warning. Built from the live meeting, so it also says
 * when the moment has passed; case references only, never names.
 */
export function CuePage(p: CueParams) {
  const s = useStyles();
  if (!p.meetingId)
    return (
      <main className={s.page}>
        <h1 className={s.h1}>MARAC</h1>
        <ErrorBar error="This page opens from a MARAC meeting notification." />
      </main>
    );
  return <Cue {...p} meetingId={p.meetingId} />;
}

function Cue(p: CueParams & { meetingId: string }) {
  const s = useStyles();
  const me = useMe();
  const live = useLive(p.meetingId);
  const snap = live.snapshot;
  if (live.error)
    return (
      <main className={s.page}>
        <ErrorBar error={live.error} />
      </main>
    );
  if (!snap) return <Spinner label="Loading…" />;
  const run = snap.cases.find((c) => c.caseId === p.caseId);
  const onCase = run && `case ${run.position} (${run.reference})`;
  const c = snap.current;
  const current = !!c && c.caseId === p.caseId;
  const agency = me.agencyName(p.agencyId);
  const [heading, line] = headline(p, snap, agency, onCase, current);
  return (
    <main id="main" className={s.page} data-testid="cue" data-kind={p.kind ?? ''}>
      <h1 className={s.h1} data-testid="cue-heading">
        {heading}
      </h1>
      {line && <Text data-testid="cue-line">{line}</Text>}
      {current && c.timer && <Countdown timer={c.timer} offset={live.offset} size="small" />}
    </main>
  );
}

function headline(
  p: CueParams,
  snap: LiveSnapshot,
  agency: string,
  onCase: string | undefined,
  current: boolean,
): [string, string?] {
  const c = snap.current;
  if (p.kind === 'confirm')
    return [
      'Please confirm the confidentiality declaration',
      'Type “I agree” or “I confirm” in the meeting chat, or use the button on the declaration card. No case is heard until everyone present has.',
    ];
  if (p.kind === 'time' && onCase)
    return [
      p.minutes === '0'
        ? `Time is up for ${onCase}`
        : `${p.minutes} minute${p.minutes === '1' ? '' : 's'} left for ${onCase}`,
      current ? 'Extend, or move to the next case.' : 'That case has closed.',
    ];
  if (p.kind === 'turn' && onCase) {
    const still = current && c?.now.agencyId === p.agencyId;
    return [
      `${agency} — your turn on ${onCase}`,
      !still
        ? `That turn has passed. Now: ${c ? c.now.label : 'no case is being heard'}.`
        : p.phase === 'actions'
          ? "Your agency's actions for this case."
          : p.phase === 'safety'
            ? 'Is the proposed plan as safe as possible for the victim?'
            : 'Share what your agency holds on this case.',
    ];
  }
  return [snap.title, c ? `Case ${c.position} (${c.reference}): ${c.now.label}` : undefined];
}
