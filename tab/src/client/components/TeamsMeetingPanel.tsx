import { useState } from 'react';
import {
  Button,
  Field,
  Input,
  Link as FluentLink,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { api, ApiError } from '../api.js';
import { useLoad } from '../use-load.js';

interface TeamsStatus {
  graphConfigured: boolean;
  canManage: boolean;
  linked: boolean;
  createdByApp: boolean;
  botConnected: boolean;
  joinUrl?: string;
}
interface Problem {
  code: string;
  message: string;
  permission?: string;
}
interface Answer {
  teams: TeamsStatus;
  problems?: Problem[];
  invited?: number;
  /** After a move: scheduling warnings (a clash, outside office hours), never refusals. */
  meeting?: { warnings?: string[] };
}

const useStyles = makeStyles({
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalM,
    alignItems: 'end',
    margin: `${tokens.spacingVerticalS} 0`,
  },
});

/**
 * The Teams meeting behind this MARAC meeting: create it (representatives invited, the bot in its
 * chat), move it, cancel it. Graph problems are shown with the permission a tenant admin must grant.
 */
export function TeamsMeetingPanel({
  meetingId,
  date,
  startTime,
  onChanged,
}: {
  meetingId: string;
  date: string;
  startTime: string;
  onChanged?: () => void;
}) {
  const s = useStyles();
  const path = `/api/meetings/${encodeURIComponent(meetingId)}/teams-meeting`;
  const { data, setData } = useLoad<TeamsStatus>(path);
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [done, setDone] = useState('');
  const [when, setWhen] = useState({ date, startTime });
  if (!data || !data.graphConfigured || (!data.canManage && !data.joinUrl)) return null;

  const run = async (what: () => Promise<Answer>, ok: (a: Answer) => string) => {
    setBusy(true);
    setProblems([]);
    setDone('');
    try {
      const a = await what();
      setData(a.teams);
      setProblems(a.problems ?? []);
      setDone(ok(a));
      onChanged?.();
    } catch (e) {
      setProblems([
        {
          code: e instanceof ApiError ? e.code : 'error',
          message: e instanceof ApiError ? e.message : 'The request failed.',
        },
      ]);
    } finally {
      setBusy(false);
    }
  };
  const create = () =>
    run(
      () => api.post<Answer>(path, {}),
      (a) => `Teams meeting ${data.createdByApp ? 'updated' : 'created'}; ${a.invited ?? 0} people invited.`,
    );
  const move = () =>
    run(
      () => api.patch<Answer>(path, when),
      (a) => ['Meeting moved.', ...(a.meeting?.warnings ?? [])].join(' '),
    );
  const cancel = () => {
    if (
      window.confirm(
        'Cancel the Teams meeting? Invitees are told it is cancelled; the MARAC meeting and its agenda stay.',
      )
    )
      void run(
        () => api.del<Answer>(path),
        () => 'Teams meeting cancelled.',
      );
  };

  return (
    <section aria-labelledby="teams-meeting-title">
      <h2 id="teams-meeting-title">Teams meeting</h2>
      {data.joinUrl && (
        <Text as="p">
          <FluentLink href={data.joinUrl} target="_blank" rel="noreferrer">
            Join the Teams meeting
          </FluentLink>
          {data.botConnected ? ' The MARAC bot is in its chat.' : ''}
        </Text>
      )}
      {data.canManage && (
        <div className={s.bar}>
          {(!data.linked || data.createdByApp) && (
            <Button appearance="primary" disabled={busy} onClick={create}>
              {data.createdByApp ? 'Finish or repair the Teams meeting' : 'Create the Teams meeting'}
            </Button>
          )}
          {data.createdByApp && (
            <>
              <Field label="Date">
                <Input
                  type="date"
                  value={when.date}
                  onChange={(_, d) => setWhen({ ...when, date: d.value })}
                />
              </Field>
              <Field label="Start">
                <Input
                  type="time"
                  value={when.startTime}
                  onChange={(_, d) => setWhen({ ...when, startTime: d.value })}
                />
              </Field>
              <Button disabled={busy} onClick={move}>
                Move the meeting
              </Button>
              <Button disabled={busy} onClick={cancel}>
                Cancel the Teams meeting
              </Button>
            </>
          )}
        </div>
      )}
      <div aria-live="polite">{done && <Text as="p">{done}</Text>}</div>
      {problems.map((p, i) => (
        <MessageBar key={i} layout="multiline" intent="warning" role="alert">
          <MessageBarBody>
            <MessageBarTitle>
              {p.permission
                ? `Permission needed: ${p.permission}`
                : 'Microsoft Teams could not do everything'}
            </MessageBarTitle>
            {p.message}
          </MessageBarBody>
        </MessageBar>
      ))}
    </section>
  );
}
