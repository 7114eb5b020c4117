import { useEffect, useRef, useState } from 'react';
import { Field, MessageBar, MessageBarBody, Radio, RadioGroup, Text } from '@fluentui/react-components';
import { api, publicCall } from '../api.js';
import { useMe } from '../me.js';
import { useLoad } from '../use-load.js';
import { teamsJs, type Host } from '../teams.js';
import { KIND_NAMES, type AuthOptions, type MeetingView } from '../types.js';
import { ErrorBar } from '../components/ErrorBar.js';
import { ukDate } from '../../shared/uk-date.js';

/**
 * The meeting tab's configuration page: which MARAC meeting is this Teams meeting? On Save the
 * server records the link (unless the bot already made it) and Teams gets the live view's URL.
 */
export function ConfigPage({ host }: { host: Host }) {
  const { me } = useMe();
  const { data: meetings, error } = useLoad<MeetingView[]>(`/api/meetings?from=${me.today}`);
  const [meetingId, setMeetingId] = useState('');
  const [problem, setProblem] = useState<string>();
  const chosen = useRef('');
  const chatId = host.context?.chat?.id ?? host.context?.meeting?.id;

  useEffect(() => {
    if (!host.inTeams) return;
    void teamsJs().then(({ pages }) =>
      pages.config.registerOnSaveHandler(async (save) => {
        try {
          const id = chosen.current;
          await api.post(`/api/meetings/${encodeURIComponent(id)}/teams-link`, {
            chatId,
            teamsMeetingId: host.context?.meeting?.id,
            tenantId: host.context?.user?.tenant?.id,
          });
          const { publicBaseUrl } = await publicCall<AuthOptions>('GET', '/api/auth/options');
          const base = publicBaseUrl.replace(/\/+$/, '');
          const { pages } = await teamsJs();
          await pages.config.setConfig({
            entityId: `marac-${id}`,
            contentUrl: `${base}/live?meetingId=${encodeURIComponent(id)}`,
            websiteUrl: `${base}/meetings/${encodeURIComponent(id)}`,
            suggestedDisplayName: 'MARAC',
          });
          save.notifySuccess();
        } catch (e) {
          const message = e instanceof Error ? e.message : 'The link could not be saved.';
          setProblem(message);
          save.notifyFailure(message);
        }
      }),
    );
  }, [host, chatId]);

  const choose = (id: string) => {
    setMeetingId(id);
    chosen.current = id;
    if (host.inTeams) void teamsJs().then(({ pages }) => pages.config.setValidityState(!!id && !!chatId));
  };
  const linkable = (meetings ?? []).filter((m) => m.kind !== 'closed');

  return (
    <>
      <h1>Add MARAC to this Teams meeting</h1>
      {!host.inTeams && (
        <MessageBar layout="multiline" intent="info">
          <MessageBarBody>
            This page is used inside Teams, when adding the MARAC tab to a meeting.
          </MessageBarBody>
        </MessageBar>
      )}
      {host.inTeams && !chatId && (
        <ErrorBar error="Teams did not say which meeting this is. Add the tab from the meeting itself." />
      )}
      <ErrorBar error={error ?? problem} />
      <Field label="Which MARAC meeting is this?" hint="Choose it, then select Save.">
        <RadioGroup value={meetingId} onChange={(_, d) => choose(d.value)}>
          {linkable.map((m) => (
            <Radio
              key={m.id}
              value={m.id}
              label={`${KIND_NAMES[m.kind]} ${ukDate(m.date)} ${m.startTime}${m.chairName ? `, chaired by ${m.chairName}` : ''}${m.linkedToTeams ? ' (already linked)' : ''}`}
            />
          ))}
        </RadioGroup>
      </Field>
      {meetings && linkable.length === 0 && (
        <Text>No MARAC meetings are planned. Ask the coordinator to create one.</Text>
      )}
    </>
  );
}
