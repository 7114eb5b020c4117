import { useEffect, useState } from 'react';
import { Button, Field, Select, Text, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { api, ApiError } from '../api.js';
import { ErrorBar } from '../components/ErrorBar.js';
import type { LiveSnapshot } from './types.js';

const useStyles = makeStyles({
  box: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingVerticalS,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  h: { margin: 0, fontSize: tokens.fontSizeBase400 },
  text: { whiteSpace: 'pre-wrap' },
});

const MAX = 4000;
interface Views {
  text?: string;
  recordedAt?: string;
  version: number;
}

/**
 * The victim's views in the side panel (never on the shared stage, never in the chat). The IDVA
 * or a coordinator records them for any case on the agenda, before or during the meeting; the
 * meeting's other people read the current case's views. Each read is audited by the server.
 */
export function VictimViews({ snapshot, canRecord }: { snapshot: LiveSnapshot; canRecord: boolean }) {
  const s = useStyles();
  const open = snapshot.cases.filter((c) => c.status === 'pending' || c.status === 'current');
  const [chosen, setChosen] = useState<string>();
  const caseId = canRecord
    ? (chosen ?? snapshot.current?.caseId ?? open[0]?.caseId)
    : snapshot.current?.caseId;
  const run = snapshot.cases.find((c) => c.caseId === caseId);
  const recorded = !!run?.victimViews;
  // Kept with the address it came from: another case's views are never shown for this one.
  const [loaded, setLoaded] = useState<{ path: string; views: Views }>();
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();
  const path = caseId
    ? `/api/meetings/${encodeURIComponent(snapshot.meetingId)}/cases/${encodeURIComponent(caseId)}/victim-views`
    : undefined;
  const views = loaded && loaded.path === path ? loaded.views : undefined;
  // Editable once this case's stored views have arrived: what arrives must not replace what was typed.
  const ready = !!views;
  useEffect(() => setDone(undefined), [path]);
  useEffect(() => {
    if (!path || (!recorded && !canRecord)) return;
    let live = true;
    api.get<Views>(path).then(
      (v) => {
        if (!live) return;
        setLoaded({ path, views: v });
        setDraft(v.text ?? '');
      },
      // Not for this person (an observer): the panel simply shows nothing of them.
      () => live && setLoaded(undefined),
    );
    return () => {
      live = false;
    };
  }, [path, recorded, canRecord]);

  if (!caseId || (!canRecord && !views?.text)) return null;
  const save = async () => {
    setError(undefined);
    setDone(undefined);
    try {
      const v = await api.put<Views>(path!, { text: draft, version: views?.version ?? 0 });
      setLoaded({ path: path!, views: v });
      setDone('Saved. The case card says the views are recorded, never what they are.');
    } catch (e) {
      setError(e instanceof ApiError ? e.message : "Could not save the victim's views.");
    }
  };
  return (
    <section aria-labelledby="views-h" className={s.box} data-testid="victim-views-panel">
      <h2 id="views-h" className={s.h}>
        {run ? `Victim's views: case ${run.position} (${run.reference})` : "Victim's views"}
      </h2>
      {!canRecord ? (
        <Text className={s.text} data-testid="victim-views-text">
          {views!.text}
        </Text>
      ) : (
        <>
          <ErrorBar error={error} />
          {done && <span role="status">{done}</span>}
          <Field label="Case">
            <Select value={caseId} onChange={(_, d) => setChosen(d.value)}>
              {open.map((c) => (
                <option key={c.caseId} value={c.caseId}>
                  {`${c.position}. ${c.reference}${c.victimViews ? ' (recorded)' : ''}`}
                </option>
              ))}
            </Select>
          </Field>
          <Field
            label="What the victim wants the meeting to know"
            hint="Seen by the meeting's people in the tab only."
          >
            <Textarea
              value={draft}
              disabled={!ready}
              onChange={(_, d) => setDraft(d.value)}
              maxLength={MAX}
              resize="vertical"
              rows={5}
            />
          </Field>
          <Button appearance="primary" onClick={save} disabled={!ready || !draft.trim()}>
            Save the victim's views
          </Button>
        </>
      )}
    </section>
  );
}
