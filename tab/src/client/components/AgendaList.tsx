import { useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { Badge, Button, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { useMe } from '../me.js';
import type { AgendaRow } from '../types.js';
import { ukDate } from '../../shared/uk-date.js';

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: tokens.spacingVerticalXS },
  row: {
    display: 'grid',
    gridTemplateColumns: '140px 1fr auto',
    gap: tokens.spacingHorizontalM,
    alignItems: 'center',
    padding: tokens.spacingHorizontalS,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
  },
  editable: { cursor: 'grab' },
  over: { borderTop: `${tokens.strokeWidthThickest} solid ${tokens.colorBrandStroke1}` },
  badges: { display: 'flex', gap: tokens.spacingHorizontalXS, flexWrap: 'wrap' },
  buttons: { display: 'flex', gap: tokens.spacingHorizontalXS },
});

const CRITERIA = {
  'visible-high-risk': 'Visible high risk',
  'professional-judgement': 'Professional judgement',
  escalation: 'Escalation',
  repeat: 'Repeat',
};

export const moveItem = <T,>(list: T[], from: number, to: number) => {
  const next = [...list];
  const [x] = next.splice(from, 1);
  next.splice(to, 0, x);
  return next;
};

interface Props {
  rows: AgendaRow[];
  label: string;
  /** Absent: read-only. Called with the new order of case ids and what moved. */
  onReorder?: (caseIds: string[], moved: { caseId: string; to: number }) => void;
}

/**
 * The agenda in order. Coordinators reorder it by dragging a row, or from the keyboard: focus a
 * row and press Alt+Arrow Up / Alt+Arrow Down, or use its Move up / Move down buttons.
 */
export function AgendaList({ rows, label, onReorder }: Props) {
  const s = useStyles();
  const { agencyName } = useMe();
  const [dragging, setDragging] = useState<number>();
  const [over, setOver] = useState<number>();
  const refs = useRef<(HTMLLIElement | null)[]>([]);
  const ids = rows.map((r) => r.caseId);
  const move = (from: number, to: number, refocus: boolean) => {
    if (!onReorder || to < 0 || to >= rows.length || from === to) return;
    onReorder(moveItem(ids, from, to), { caseId: ids[from], to });
    if (refocus) requestAnimationFrame(() => refs.current[to]?.focus());
  };
  const onKeyDown = (i: number) => (e: KeyboardEvent) => {
    if (e.target !== e.currentTarget) return;
    if (e.altKey && e.key === 'ArrowUp') {
      e.preventDefault();
      move(i, i - 1, true);
    } else if (e.altKey && e.key === 'ArrowDown') {
      e.preventDefault();
      move(i, i + 1, true);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      refs.current[i - 1]?.focus();
    } else if (e.key === 'ArrowDown') {
      e.preventDefault();
      refs.current[i + 1]?.focus();
    }
  };
  const drop = (i: number) => (e: DragEvent) => {
    e.preventDefault();
    if (dragging !== undefined) move(dragging, i, false);
    setDragging(undefined);
    setOver(undefined);
  };
  return (
    <ol className={s.list} aria-label={label}>
      {rows.map((r, i) => (
        <li
          key={r.caseId}
          ref={(el) => {
            refs.current[i] = el;
          }}
          tabIndex={0}
          data-case={r.reference}
          className={mergeClasses(s.row, onReorder && s.editable, over === i && s.over)}
          aria-label={`${r.position}. ${r.start} to ${r.end}, ${r.reference}, referred by ${agencyName(r.referringAgencyId)}`}
          aria-describedby={onReorder ? 'agenda-keys' : undefined}
          draggable={!!onReorder}
          onKeyDown={onKeyDown(i)}
          onDragStart={(e) => {
            setDragging(i);
            e.dataTransfer.effectAllowed = 'move';
            e.dataTransfer.setData('text/plain', r.caseId);
          }}
          onDragOver={(e) => {
            if (onReorder) {
              e.preventDefault();
              setOver(i);
            }
          }}
          onDragLeave={() => setOver((o) => (o === i ? undefined : o))}
          onDrop={drop(i)}
          onDragEnd={() => {
            setDragging(undefined);
            setOver(undefined);
          }}
        >
          <Text weight="semibold">{`${r.position}. ${r.start}–${r.end}`}</Text>
          <div>
            <Text weight="semibold">{r.reference}</Text> <Text>· {agencyName(r.referringAgencyId)}</Text>
            {r.personal && (
              <Text block size={200}>
                {`Victim: ${r.personal.victim.name}${r.personal.victim.dateOfBirth ? ` (born ${ukDate(r.personal.victim.dateOfBirth)})` : ''}. Perpetrator: ${r.personal.perpetrators.map((p) => p.name).join(', ')}`}
              </Text>
            )}
            <div className={s.badges}>
              {r.criteria.map((c) => (
                <Badge key={c} appearance="outline" color={c === 'repeat' ? 'warning' : 'brand'}>
                  {CRITERIA[c]}
                </Badge>
              ))}
              {r.childrenInHousehold > 0 && (
                <Badge
                  appearance="outline"
                  color="informative"
                >{`${r.childrenInHousehold} child${r.childrenInHousehold > 1 ? 'ren' : ''}`}</Badge>
              )}
            </div>
          </div>
          {onReorder && (
            <div className={s.buttons}>
              <Button
                size="small"
                disabled={i === 0}
                onClick={() => move(i, i - 1, false)}
                aria-label={`Move up: ${r.reference}`}
              >
                Move up
              </Button>
              <Button
                size="small"
                disabled={i === rows.length - 1}
                onClick={() => move(i, i + 1, false)}
                aria-label={`Move down: ${r.reference}`}
              >
                Move down
              </Button>
            </div>
          )}
        </li>
      ))}
    </ol>
  );
}
