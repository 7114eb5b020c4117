import { useState } from 'react';
import { Button, Text } from '@fluentui/react-components';
import { api, ApiError } from '../api.js';
import { ErrorBar } from '../components/ErrorBar.js';
import { ActionsTable } from '../components/ActionsTable.js';
import { useLoad } from '../use-load.js';
import type { MinutesRecord } from '../live/types.js';

/**
 * The circulated minutes as an attending or invited agency reads them: read-only, its open cases
 * only, downloadable. The server audits every read and every download.
 */
export function AgencyMinutesPage({ meetingId }: { meetingId: string }) {
  const path = `/api/meetings/${encodeURIComponent(meetingId)}/minutes/circulated`;
  const { data: m, error } = useLoad<MinutesRecord>(path);
  const [problem, setProblem] = useState<string>();
  if (error) return <ErrorBar error={error} />;
  if (!m) return <Text>Loading…</Text>;
  const download = async () => {
    try {
      await api.download(`${path}.docx`);
    } catch (e) {
      setProblem(e instanceof ApiError ? e.message : 'The download failed.');
    }
  };
  return (
    <>
      <h1>{m.title}</h1>
      <Text as="p" weight="semibold">
        {m.marking}. Keep these minutes confidential and appropriately restricted.
      </Text>
      <ErrorBar error={problem} />
      <Button onClick={download}>Download minutes (DOCX)</Button>
      <h2>Attendees</h2>
      <ul>
        {m.attendees.map((a, i) => (
          <li key={i}>{`${a.name}, ${a.agency}`}</li>
        ))}
      </ul>
      <h2>Cases</h2>
      {m.cases.map((c) => (
        <section key={c.caseId} aria-label={`Case ${c.position}: ${c.reference}`} data-case={c.caseId}>
          <h3>{`${c.position}. ${c.reference}: ${c.outcome}`}</h3>
          {c.risks && <Text as="p">{`Risks: ${c.risks}`}</Text>}
          {c.actions.length > 0 && (
            <ActionsTable actions={c.actions} label={`Actions for ${c.reference}`} ownerHeading="Agency" />
          )}
        </section>
      ))}
    </>
  );
}
