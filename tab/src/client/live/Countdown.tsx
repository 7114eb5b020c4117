import type { RefObject } from 'react';
import { Text, makeStyles, tokens } from '@fluentui/react-components';
import { useTick } from './use-live.js';
import type { LiveSnapshot } from './types.js';

const pad = (n: number) => String(n).padStart(2, '0');

/** 12:34 left (rounded up, so a fresh 20-minute slot shows 20:00), or the overrun. */
export function formatLeft(ms: number): string {
  if (ms >= 0) {
    const s = Math.ceil(ms / 1000);
    return `${Math.floor(s / 60)}:${pad(s % 60)}`;
  }
  const s = Math.floor(-ms / 1000);
  return `${Math.floor(s / 60)}:${pad(s % 60)}`;
}

/** Time left on a case timer at the server's `serverNow` (negative when overrunning). */
export const leftMs = (
  timer: NonNullable<NonNullable<LiveSnapshot['current']>['timer']>,
  serverNow: number,
) => timer.deadline - (timer.pausedAt ?? serverNow);

const useStyles = makeStyles({
  box: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  over: { color: tokens.colorPaletteRedForeground1 },
  digits: { fontVariantNumeric: 'tabular-nums', fontWeight: tokens.fontWeightSemibold, lineHeight: 1 },
  big: { fontSize: '96px' },
  small: { fontSize: tokens.fontSizeHero800 },
});

/**
 * The case countdown, drawn from the stored deadline and the server's clock (this device's clock
 * plus the offset measured on every update), so every viewer and the bot's card agree.
 */
export function Countdown({
  timer,
  offset,
  size,
}: {
  timer: NonNullable<NonNullable<LiveSnapshot['current']>['timer']>;
  offset: RefObject<number>;
  size: 'big' | 'small';
}) {
  const s = useStyles();
  // The tick only re-renders; the time is read now, so a fresh update is drawn at once, exactly.
  useTick(250);
  const left = leftMs(timer, Date.now() + (offset.current ?? 0));
  const paused = timer.pausedAt !== undefined;
  const over = left < 0;
  const text = formatLeft(left);
  const label = paused ? `Paused with ${text} left` : over ? `Over time by ${text}` : `${text} left`;
  return (
    <div className={s.box}>
      <Text size={300}>{paused ? 'Timer paused' : over ? 'Over time by' : 'Time left'}</Text>
      <div
        role="timer"
        aria-label={label}
        data-testid="countdown"
        data-deadline={timer.deadline}
        data-paused={paused ? 'true' : 'false'}
        className={`${s.digits} ${size === 'big' ? s.big : s.small} ${over ? s.over : ''}`}
      >
        {over ? `+${text}` : text}
      </div>
      {timer.extensions > 0 && (
        <Text size={200}>{`Extended ${timer.extensions === 1 ? 'once' : `${timer.extensions} times`}`}</Text>
      )}
    </div>
  );
}
