import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../api.js';
import { openLiveStream } from './stream.js';
import type { LiveEvent, LiveSnapshot } from './types.js';

export interface LiveState {
  snapshot?: LiveSnapshot;
  canChair: boolean;
  status: 'connecting' | 'live' | 'reconnecting';
  error?: ApiError;
  /** The last event seq applied (tests read it from the page). */
  lastSeq?: number;
  connects: number;
  /** The latest change in words, for the screen-reader live region. */
  announcement: string;
}

/** What a change means, in words, for those who cannot watch the screen. */
export function describeChange(e: LiveEvent, s?: LiveSnapshot): string | undefined {
  switch (e.type) {
    case 'DeclarationPosted':
      return 'The confidentiality declaration has been posted. Everyone confirms it in the meeting chat.';
    case 'DeclarationConfirmed':
      return `${e.displayName} confirmed the declaration.`;
    case 'AttendeeJoined':
      return e.late
        ? `${e.displayName} joined late and has to confirm the declaration.`
        : `${e.displayName} joined.`;
    case 'MeetingStarted':
      return 'The meeting has started.';
    case 'CaseOpened':
      return `Case ${e.position}, ${e.reference}, is now being heard.`;
    case 'SpeakerAdvanced':
      return s?.current ? `${s.current.phaseLabel}: ${s.current.now.label}.` : undefined;
    case 'TimerChanged':
      return e.paused ? 'The case timer is paused.' : 'The case timer is running.';
    case 'TimerWarning':
      return e.minutesLeft === 0
        ? 'Time is up for this case.'
        : `${e.minutesLeft} minute${e.minutesLeft === 1 ? '' : 's'} left for this case.`;
    case 'CaseClosed':
      return `The case was ${e.outcome === 'heard' ? 'heard' : e.outcome === 'deferred' ? 'deferred' : 'referred to MARAC Plus'}.`;
    case 'MeetingEnded':
      return 'The meeting has ended.';
    default:
      return undefined;
  }
}

/**
 * The live meeting, kept current from the event stream, and the offset between this device's
 * clock and the server's so the countdown is drawn from the server's own deadline.
 */
export function useLive(meetingId: string) {
  const [state, setState] = useState<LiveState>({
    canChair: false,
    status: 'connecting',
    connects: 0,
    announcement: '',
  });
  const offset = useRef(0);
  const apply = useCallback((snapshot: LiveSnapshot, seq?: number) => {
    offset.current = snapshot.serverNow - Date.now();
    setState((s) => {
      // Never step back to an older state (the first load or a controls reply racing the stream).
      if (
        s.snapshot &&
        (snapshot.version < s.snapshot.version ||
          (seq !== undefined && s.lastSeq !== undefined && seq < s.lastSeq))
      )
        return s;
      return { ...s, snapshot, lastSeq: Math.max(seq ?? 0, s.lastSeq ?? 0) || undefined };
    });
  }, []);

  useEffect(() => {
    let live = true;
    setState({ canChair: false, status: 'connecting', connects: 0, announcement: '' });
    api
      .get<{ snapshot: LiveSnapshot; seq: number; canChair: boolean }>(
        `/api/meetings/${encodeURIComponent(meetingId)}/live`,
      )
      .then(
        (r) => {
          if (!live) return;
          setState((s) => ({ ...s, canChair: r.canChair }));
          apply(r.snapshot, r.seq);
        },
        (e: unknown) =>
          live &&
          setState((s) => ({
            ...s,
            error: e instanceof ApiError ? e : new ApiError(0, 'network', 'The server could not be reached.'),
          })),
      );
    let stream: ReturnType<typeof openLiveStream> | undefined = undefined;
    stream = openLiveStream(meetingId, {
      onSnapshot: (s, seq) => apply(s, seq),
      onChange: (e, seq, s) => {
        if (s) apply(s, seq);
        else setState((x) => ({ ...x, lastSeq: Math.max(seq ?? 0, x.lastSeq ?? 0) || undefined }));
        const words = describeChange(e, s);
        if (words) setState((x) => ({ ...x, announcement: words }));
      },
      onPing: (serverNow) => {
        offset.current = serverNow - Date.now();
      },
      onStatus: (status) =>
        live && setState((s) => ({ ...s, status, connects: stream?.connects() ?? s.connects })),
      onFatal: (error) => live && setState((s) => ({ ...s, error })),
    });
    return () => {
      live = false;
      stream?.close();
    };
  }, [meetingId, apply]);

  return { ...state, offset, apply };
}

/** Re-renders every `ms` milliseconds (the countdown's tick). */
export function useTick(ms: number) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}
