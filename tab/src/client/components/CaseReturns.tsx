import { useState } from 'react';
import { Button, Field, Radio, RadioGroup, Select, Text, Textarea } from '@fluentui/react-components';
import { api, ApiError } from '../api.js';
import { useLoad } from '../use-load.js';
import { SUMMARY_HEADINGS } from '../../../../core/src/domain/research.js';
import type { CaseReturns as Returns } from '../../../../core/src/app/research/summaries.js';
import { ErrorBar } from './ErrorBar.js';

const STATE = { returned: 'Information held', 'none-held': 'No information held', 'not-yet': 'Not yet' };

/**
 * One case's research from every agency, for the coordinator (the server audits each read), and
 * a return an agency phoned or emailed in, recorded on its behalf.
 */
export function CaseReturns({
  meetingId,
  caseId,
  agencies,
  onSaved,
}: {
  meetingId: string;
  caseId: string;
  agencies: { id: string; name: string }[];
  onSaved: () => void;
}) {
  const path = `/api/meetings/${encodeURIComponent(meetingId)}/research/${encodeURIComponent(caseId)}`;
  const { data, error, reload } = useLoad<Returns>(`${path}/returns`);
  const [agencyId, setAgencyId] = useState('');
  const [held, setHeld] = useState<'held' | 'none'>('none');
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string>();
  const [saved, setSaved] = useState<string>();
  if (error) return <ErrorBar error={error} />;
  if (!data) return <Text>Loading…</Text>;
  const record = async (e: React.FormEvent) => {
    e.preventDefault();
    setProblem(undefined);
    setSaved(undefined);
    try {
      const r = await api.post<{ late: boolean }>(path, {
        agencyId,
        held: held === 'held',
        ...(held === 'held' ? { summary: { involvement: text } } : {}),
      });
      const name = agencies.find((a) => a.id === agencyId)?.name ?? agencyId;
      setSaved(`Recorded for ${name}${r.late ? ' (after the deadline: marked late)' : ''}.`);
      setText('');
      reload();
      onSaved();
    } catch (err) {
      setProblem(err instanceof ApiError ? err.message : 'Saving failed.');
    }
  };
  return (
    <section aria-label={`Research returns for ${data.reference}`} data-testid="case-returns">
      <h3>{`Research returns for ${data.reference}`}</h3>
      {!data.returns.length && <Text as="p">No agency has returned research on this case yet.</Text>}
      {data.returns.map((r) => (
        <div key={r.agencyId} data-agency={r.agencyId}>
          <Text
            as="p"
            weight="semibold"
          >{`${r.agencyName}: ${STATE[r.state]}${r.late ? ' (late)' : ''}`}</Text>
          {r.summary &&
            (Object.keys(SUMMARY_HEADINGS) as (keyof typeof SUMMARY_HEADINGS)[])
              .filter((k) => r.summary?.[k])
              .map((k) => <Text as="p" key={k}>{`${SUMMARY_HEADINGS[k]}: ${r.summary![k]}`}</Text>)}
          <Text as="p" size={200}>
            {r.recorded}
          </Text>
        </div>
      ))}
      <form onSubmit={record} aria-label="Record a return for an agency">
        <Field label="Agency" required>
          <Select value={agencyId} onChange={(_, d) => setAgencyId(d.value)}>
            <option value="">Choose the agency</option>
            {agencies.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </Select>
        </Field>
        <RadioGroup
          value={held}
          onChange={(_, d) => setHeld(d.value as 'held' | 'none')}
          aria-label="What it holds"
        >
          <Radio value="none" label="No information held" />
          <Radio value="held" label="Information held" />
        </RadioGroup>
        {held === 'held' && (
          <Field label={SUMMARY_HEADINGS.involvement}>
            <Textarea value={text} onChange={(_, d) => setText(d.value)} />
          </Field>
        )}
        <ErrorBar error={problem} />
        {saved && (
          <Text as="p" role="status">
            {saved}
          </Text>
        )}
        <Button type="submit" disabled={!agencyId}>
          Record for the agency
        </Button>
      </form>
    </section>
  );
}
