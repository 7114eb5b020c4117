import { useState } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Radio,
  RadioGroup,
  Text,
  Textarea,
} from '@fluentui/react-components';
import { api, ApiError } from '../api.js';
import { useLoad } from '../use-load.js';
import type { ActionHistory, ActionRow } from '../types.js';
import { ErrorBar } from './ErrorBar.js';
import { ukDate } from '../../shared/uk-date.js';

type Kind = 'complete' | 'update' | 'cannot-complete';
const KINDS: { kind: Kind; label: string; note: string }[] = [
  { kind: 'complete', label: 'Complete', note: 'Outcome: what was done' },
  { kind: 'update', label: 'Add an update', note: 'Update' },
  { kind: 'cannot-complete', label: "Can't complete", note: 'Why it could not be done' },
];

/**
 * One action with its history, and (for the owning agency and the coordinators) the same three
 * changes the agency's action card offers in Teams. Saving sends the version shown, so a change
 * someone else made meanwhile is refused with the current state rather than overwritten.
 */
export function ActionDialog({
  row,
  mayChange,
  onClose,
}: {
  row: ActionRow;
  mayChange: boolean;
  onClose: (changed: boolean) => void;
}) {
  const { data, error, setData } = useLoad<ActionHistory>(`/api/actions/${encodeURIComponent(row.id)}`);
  const [kind, setKind] = useState<Kind>('update');
  const [note, setNote] = useState('');
  const [instead, setInstead] = useState('');
  const [problem, setProblem] = useState<string>();
  const [saved, setSaved] = useState(false);
  const open = data && (data.action.status === 'open' || data.action.status === 'no-update');
  const save = async () => {
    setProblem(undefined);
    try {
      const body = {
        kind,
        note,
        version: data!.action.version,
        ...(kind === 'cannot-complete' ? { instead } : {}),
      };
      setData(await api.post<ActionHistory>(`/api/actions/${encodeURIComponent(row.id)}/change`, body));
      setSaved(true);
      setNote('');
      setInstead('');
    } catch (e) {
      setProblem(e instanceof ApiError ? e.message : 'Could not save the change.');
    }
  };
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose(saved)}>
      <DialogSurface aria-describedby="action-description">
        <DialogBody>
          <DialogTitle>{`Action: ${row.caseReference}, ${row.ownerAgencyName}`}</DialogTitle>
          <DialogContent>
            <Text as="p" id="action-description">
              {row.description} (due {ukDate(row.dueDate)})
            </Text>
            <ErrorBar error={error ?? problem} />
            {saved && (
              <Text as="p" role="status">
                Saved.
              </Text>
            )}
            <h2>History</h2>
            <ol aria-label="Action history">
              {data?.updates.map((u, i) => (
                <li
                  key={i}
                >{`${u.at.slice(0, 16).replace('T', ' ')} · ${u.byName} · ${u.kind}${u.note ? `: ${u.note}` : ''}`}</li>
              ))}
            </ol>
            {mayChange && open && (
              <>
                <RadioGroup
                  value={kind}
                  onChange={(_, d) => setKind(d.value as Kind)}
                  aria-label="What to record"
                >
                  {KINDS.map((k) => (
                    <Radio key={k.kind} value={k.kind} label={k.label} />
                  ))}
                </RadioGroup>
                <Field label={KINDS.find((k) => k.kind === kind)!.note} required>
                  <Textarea value={note} onChange={(_, d) => setNote(d.value)} maxLength={1000} />
                </Field>
                {kind === 'cannot-complete' && (
                  <Field label="What was done instead" required>
                    <Textarea value={instead} onChange={(_, d) => setInstead(d.value)} maxLength={1000} />
                  </Field>
                )}
              </>
            )}
          </DialogContent>
          <DialogActions>
            {mayChange && open && (
              <Button appearance="primary" onClick={save}>
                Save
              </Button>
            )}
            <Button onClick={() => onClose(saved)}>Close</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
