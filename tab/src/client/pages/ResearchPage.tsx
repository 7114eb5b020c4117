import { useState } from 'react';
import {
  Button,
  Field,
  Radio,
  RadioGroup,
  Text,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { api, ApiError } from '../api.js';
import { ErrorBar } from '../components/ErrorBar.js';
import { ResearchTimetable } from '../components/ResearchTimetable.js';
import { useLoad } from '../use-load.js';
import type { ResearchCase, ResearchView } from '../types.js';
import { ukDate } from '../../shared/uk-date.js';

const HEADINGS = {
  involvement: 'Current involvement with the victim, perpetrator or children',
  health: 'Medical diagnosis, disability or care need relating to risk',
  risk: 'Other information relating to risk',
  appointments: 'Planned appointments (windows of opportunity)',
} as const;
type Heading = keyof typeof HEADINGS;

const useStyles = makeStyles({
  card: {
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: tokens.spacingHorizontalL,
    marginBottom: tokens.spacingVerticalL,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  h: { margin: 0 },
  dl: { display: 'grid', gridTemplateColumns: 'auto 1fr', columnGap: tokens.spacingHorizontalL, margin: 0 },
});

const person = (p: { name: string; dateOfBirth?: string; address?: string }) =>
  [p.name, p.dateOfBirth && `born ${ukDate(p.dateOfBirth)}`, p.address].filter(Boolean).join(', ');

/**
 * What an invited agency researches for a published agenda, one card per case, and where it
 * records what it holds (or that it holds nothing). The server audits every view.
 */
export function ResearchPage({ meetingId }: { meetingId: string }) {
  const { data, error, reload } = useLoad<ResearchView>(
    `/api/meetings/${encodeURIComponent(meetingId)}/research`,
  );
  if (error) return <ErrorBar error={error} />;
  if (!data) return <Text>Loading…</Text>;
  return (
    <>
      <h1>{data.title}</h1>
      <ResearchTimetable t={data.timetable} />
      <Text as="p">
        OFFICIAL-SENSITIVE. These details are for your agency’s research only: never copy them into a chat.
      </Text>
      {data.cases.map((c) => (
        <CaseResearch
          key={c.caseId}
          meetingId={meetingId}
          c={c}
          onSaved={reload}
          mayReturn={!!data.agencyId}
        />
      ))}
    </>
  );
}

function CaseResearch({
  meetingId,
  c,
  onSaved,
  mayReturn,
}: {
  meetingId: string;
  c: ResearchCase;
  onSaved: () => void;
  mayReturn: boolean;
}) {
  const s = useStyles();
  const [held, setHeld] = useState<'held' | 'none'>(c.mine?.held === false ? 'none' : 'held');
  const [summary, setSummary] = useState<Partial<Record<Heading, string>>>(c.mine?.summary ?? {});
  const [problem, setProblem] = useState<string>();
  const [saved, setSaved] = useState<string>();
  const save = async () => {
    setProblem(undefined);
    try {
      const r = await api.post<{ late: boolean }>(
        `/api/meetings/${encodeURIComponent(meetingId)}/research/${encodeURIComponent(c.caseId)}`,
        held === 'held' ? { held: true, summary } : { held: false },
      );
      setSaved(`Saved${r.late ? ' (after the deadline: marked late)' : ''}.`);
      onSaved();
    } catch (e) {
      setProblem(e instanceof ApiError ? e.message : 'Could not save the research.');
    }
  };
  const d = c.details;
  const label = `Case ${c.position}: ${c.reference}`;
  return (
    <section className={s.card} aria-label={label} data-case={c.caseId}>
      <h2 className={s.h}>{`${label} (referred by ${c.referringAgency})`}</h2>
      <dl className={s.dl}>
        <dt>Victim</dt>
        <dd>{person(d.victim)}</dd>
        {d.perpetrators.map((p, i) => (
          <div key={i} style={{ display: 'contents' }}>
            <dt>Perpetrator</dt>
            <dd>{person(p)}</dd>
          </div>
        ))}
        {d.children.map((k, i) => (
          <div key={i} style={{ display: 'contents' }}>
            <dt>Child</dt>
            <dd>{person(k)}</dd>
          </div>
        ))}
      </dl>
      <Text data-testid="return-state">
        {c.mine
          ? `Returned ${c.mine.held ? 'information held' : 'no information held'}${c.mine.late ? ' (late)' : ''}.${c.recorded ? ` ${c.recorded}.` : ''}`
          : 'Not yet returned.'}
      </Text>
      {mayReturn && (
        <>
          <RadioGroup
            value={held}
            onChange={(_, v) => setHeld(v.value as 'held' | 'none')}
            aria-label={`What your agency holds on ${c.reference}`}
          >
            <Radio value="held" label="Information held" />
            <Radio value="none" label="No information held" />
          </RadioGroup>
          {held === 'held' &&
            (Object.keys(HEADINGS) as Heading[]).map((k) => (
              <Field key={k} label={HEADINGS[k]}>
                <Textarea
                  value={summary[k] ?? ''}
                  maxLength={2000}
                  onChange={(_, v) => setSummary({ ...summary, [k]: v.value })}
                />
              </Field>
            ))}
          <ErrorBar error={problem} />
          {saved && <Text role="status">{saved}</Text>}
          <Button appearance="primary" onClick={save} aria-label={`Save research on ${c.reference}`}>
            Save research
          </Button>
        </>
      )}
    </section>
  );
}
