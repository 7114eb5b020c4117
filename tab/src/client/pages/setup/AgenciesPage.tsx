import { useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import {
  Badge,
  Button,
  Checkbox,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Text,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import { api } from '../../api.js';
import { useFormErrors } from '../../form-errors.js';
import { useMe } from '../../me.js';
import { useLoad } from '../../use-load.js';
import { moveItem } from '../../components/AgendaList.js';
import { ErrorBar } from '../../components/ErrorBar.js';
import type { AgencyView } from '../../../../../core/src/app/admin/agencies.js';

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: tokens.spacingVerticalXS },
  row: {
    display: 'grid',
    gridTemplateColumns: '2em 1fr auto',
    gap: tokens.spacingHorizontalM,
    alignItems: 'center',
    padding: tokens.spacingHorizontalS,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    cursor: 'grab',
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
  },
  over: { borderTop: `${tokens.strokeWidthThickest} solid ${tokens.colorBrandStroke1}` },
  tools: { display: 'flex', gap: tokens.spacingHorizontalXS, flexWrap: 'wrap', alignItems: 'center' },
  form: {
    display: 'flex',
    gap: tokens.spacingHorizontalM,
    alignItems: 'end',
    flexWrap: 'wrap',
    marginTop: tokens.spacingVerticalL,
  },
});

/**
 * An area's agencies in batting order. Reorder by dragging a row, or from the keyboard: focus a
 * row and press Alt+Arrow Up / Alt+Arrow Down, or use its Move up / Move down buttons.
 */
export function AgenciesPage({ areaId }: { areaId: string }) {
  const s = useStyles();
  const { areas, reloadAreas } = useMe();
  const area = areas.find((a) => a.id === areaId);
  const path = `/api/admin/areas/${encodeURIComponent(areaId)}`;
  const { data, error, setData } = useLoad<{ version: number; agencies: AgencyView[] }>(`${path}/agencies`);
  const [name, setName] = useState('');
  const [short, setShort] = useState('');
  const [notice, setNotice] = useState<string>();
  const errs = useFormErrors();
  const rowErrs = useFormErrors();
  const [dragging, setDragging] = useState<number>();
  const [over, setOver] = useState<number>();
  const refs = useRef<(HTMLLIElement | null)[]>([]);
  const active = (data?.agencies ?? []).filter((a) => !a.retiredAt);
  const retired = (data?.agencies ?? []).filter((a) => a.retiredAt);
  // Every change is a new area version: fetch the list (and its version) before the next move.
  const done = async () => {
    setData(await api.get(`${path}/agencies`));
    reloadAreas();
  };
  const run = async (f: () => Promise<unknown>, message: string, form = rowErrs) => {
    try {
      await f();
      await done();
      form.show([]);
      setNotice(message);
      return true;
    } catch (e) {
      form.fromError(e);
      return false;
    }
  };
  const move = async (from: number, to: number, refocus: boolean) => {
    if (to < 0 || to >= active.length || from === to || !data) return;
    const order = moveItem(
      active.map((a) => a.id),
      from,
      to,
    );
    const ok = await run(
      () => api.put(`${path}/batting-order`, { order, version: data.version }),
      `${active[from].name} moved to position ${to + 1}.`,
    );
    if (ok && refocus) requestAnimationFrame(() => refs.current[to]?.focus());
  };
  const onKeyDown = (i: number) => (e: KeyboardEvent) => {
    if (e.target !== e.currentTarget) return;
    if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
      e.preventDefault();
      void move(i, e.key === 'ArrowUp' ? i - 1 : i + 1, true);
    } else if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      e.preventDefault();
      refs.current[e.key === 'ArrowUp' ? i - 1 : i + 1]?.focus();
    }
  };
  const drop = (i: number) => (e: DragEvent) => {
    e.preventDefault();
    if (dragging !== undefined) void move(dragging, i, false);
    setDragging(undefined);
    setOver(undefined);
  };
  const add = async (e: React.FormEvent) => {
    e.preventDefault();
    const ok = await run(
      () => api.post(`${path}/agencies`, { name, short: short || undefined }),
      `${name} added.`,
      errs,
    );
    if (ok) {
      setName('');
      setShort('');
    }
  };
  return (
    <>
      <h1>{`Agencies: ${area?.name ?? areaId}`}</h1>
      <ErrorBar error={error} />
      <Text block id="order-keys">
        The batting order: the order agencies speak in each case. Drag a row, or focus it and press Alt+Arrow
        Up or Alt+Arrow Down.
      </Text>
      <div role="status" aria-live="polite">
        {notice && <Text>{notice}</Text>}
      </div>
      {rowErrs.general && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{rowErrs.general}</MessageBarBody>
        </MessageBar>
      )}
      <ol className={s.list} aria-label="Batting order">
        {active.map((a, i) => (
          <li
            key={a.id}
            ref={(el) => {
              refs.current[i] = el;
            }}
            tabIndex={0}
            data-agency={a.id}
            className={mergeClasses(s.row, over === i && s.over)}
            aria-label={`${i + 1}. ${a.name}`}
            aria-describedby="order-keys"
            draggable
            onKeyDown={onKeyDown(i)}
            onDragStart={(e) => {
              setDragging(i);
              e.dataTransfer.effectAllowed = 'move';
              e.dataTransfer.setData('text/plain', a.id);
            }}
            onDragOver={(e) => {
              e.preventDefault();
              setOver(i);
            }}
            onDragLeave={() => setOver((o) => (o === i ? undefined : o))}
            onDrop={drop(i)}
            onDragEnd={() => {
              setDragging(undefined);
              setOver(undefined);
            }}
          >
            <Text weight="semibold">{i + 1}.</Text>
            <div>
              <Text weight="semibold">{a.name}</Text> <Text>({a.short})</Text>{' '}
              {a.openActions > 0 && <Badge appearance="outline">{`${a.openActions} open actions`}</Badge>}
              <div className={s.tools}>
                <Checkbox
                  label="Core agency"
                  checked={a.core}
                  onChange={(_, d) =>
                    void run(
                      () => api.patch(`${path}/agencies/${a.id}`, { core: !!d.checked }),
                      `${a.name} updated.`,
                    )
                  }
                />
                <Checkbox
                  label="Updates actions in its own system"
                  checked={a.ownSystem}
                  onChange={(_, d) =>
                    void run(
                      () => api.patch(`${path}/agencies/${a.id}`, { ownSystem: !!d.checked }),
                      `${a.name} updated.`,
                    )
                  }
                />
                <DirectoryMatches
                  agency={a}
                  onSave={(m) =>
                    run(
                      () => api.patch(`${path}/agencies/${a.id}`, { directoryMatches: m }),
                      `${a.name} updated.`,
                    )
                  }
                />
              </div>
            </div>
            <div className={s.tools}>
              <Button
                size="small"
                disabled={i === 0}
                onClick={() => void move(i, i - 1, false)}
                aria-label={`Move up: ${a.name}`}
              >
                Move up
              </Button>
              <Button
                size="small"
                disabled={i === active.length - 1}
                onClick={() => void move(i, i + 1, false)}
                aria-label={`Move down: ${a.name}`}
              >
                Move down
              </Button>
              <Button
                size="small"
                onClick={() =>
                  void run(() => api.post(`${path}/agencies/${a.id}/retire`), `${a.name} retired.`)
                }
                aria-label={`Retire: ${a.name}`}
              >
                Retire
              </Button>
            </div>
          </li>
        ))}
      </ol>
      {retired.length > 0 && <Text block>{`Retired: ${retired.map((a) => a.name).join(', ')}.`}</Text>}
      <form className={s.form} onSubmit={add} aria-label="Add an agency" noValidate>
        <Field label="Agency name" {...errs.field('name')}>
          <Input name="name" value={name} onChange={(_, d) => setName(d.value)} />
        </Field>
        <Field label="Short label (chat)" {...errs.field('short')}>
          <Input name="short" value={short} onChange={(_, d) => setShort(d.value)} />
        </Field>
        <Button type="submit" appearance="primary">
          Add agency
        </Button>
      </form>
      {errs.general && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{errs.general}</MessageBarBody>
        </MessageBar>
      )}
    </>
  );
}

/** Company names, departments or email domains that mean this agency in the directory. */
function DirectoryMatches({
  agency,
  onSave,
}: {
  agency: AgencyView;
  onSave: (m: string[]) => Promise<boolean>;
}) {
  const [text, setText] = useState(agency.directoryMatches.join(', '));
  return (
    <Field label={`Directory matches: ${agency.name}`} size="small">
      <Input
        size="small"
        value={text}
        onChange={(_, d) => setText(d.value)}
        onBlur={() => {
          if (text !== agency.directoryMatches.join(', '))
            void onSave(
              text
                .split(',')
                .map((x) => x.trim())
                .filter(Boolean),
            );
        }}
      />
    </Field>
  );
}
