import { useId, useState } from 'react';
import {
  Button,
  Field,
  Input,
  Select,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { api, ApiError } from '../api.js';
import { useMe } from '../me.js';
import { useLoad } from '../use-load.js';
import { ErrorBar } from '../components/ErrorBar.js';
import type { MaracFigures } from '../live/types.js';
import { ukDate } from '../../shared/uk-date.js';

const useStyles = makeStyles({
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalL,
    alignItems: 'end',
    margin: `${tokens.spacingVerticalM} 0`,
  },
  cards: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(160px, 1fr))',
    gap: tokens.spacingHorizontalM,
    margin: `${tokens.spacingVerticalM} 0`,
    padding: 0,
    listStyle: 'none',
  },
  card: {
    padding: tokens.spacingHorizontalM,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    display: 'flex',
    flexDirection: 'column',
  },
  value: { fontSize: tokens.fontSizeHero700, fontWeight: tokens.fontWeightSemibold },
  figure: { margin: `${tokens.spacingVerticalM} 0`, maxWidth: '760px' },
  live: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
});

interface Quarter {
  from: string;
  to: string;
  label: string;
}

/** Financial-year quarters (Q1 April–June) as SafeLives reports them, newest first, ending with the current one. */
export function recentQuarters(today: string, count = 8): Quarter[] {
  const y = +today.slice(0, 4);
  const mo = +today.slice(5, 7);
  let fy = mo >= 4 ? y : y - 1;
  let q = mo >= 4 ? Math.floor((mo - 4) / 3) + 1 : 4;
  const out: Quarter[] = [];
  const names = ['April–June', 'July–September', 'October–December', 'January–March'];
  for (let i = 0; i < count; i++) {
    const start = [4, 7, 10, 1][q - 1];
    const year = q === 4 ? fy + 1 : fy;
    const to = new Date(Date.UTC(year, start + 2, 0)).toISOString().slice(0, 10);
    out.push({
      from: `${year}-${String(start).padStart(2, '0')}-01`,
      to,
      label: `Q${q} ${fy}/${String((fy + 1) % 100).padStart(2, '0')} (${names[q - 1]} ${year})`,
    });
    q--;
    if (q === 0) {
      q = 4;
      fy--;
    }
  }
  return out;
}

/** A horizontal bar chart as SVG: named for assistive technology, with the values in its description and a table beside it. */
function BarChart({
  title,
  rows,
  suffix = '',
}: {
  title: string;
  rows: { label: string; value: number }[];
  suffix?: string;
}) {
  const s = useStyles();
  const id = useId();
  const max = Math.max(1, ...rows.map((r) => r.value));
  const rowH = 30;
  const labelW = 200;
  const width = 720;
  const barMax = width - labelW - 70;
  const height = rows.length * rowH + 8;
  return (
    <figure className={s.figure}>
      <svg
        role="img"
        aria-labelledby={`${id}-t ${id}-d`}
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        data-testid="chart"
      >
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{rows.map((r) => `${r.label}: ${r.value}${suffix}`).join('; ')}</desc>
        {rows.map((r, i) => {
          const w = Math.round((barMax * r.value) / max);
          const y = 4 + i * rowH;
          return (
            <g key={r.label}>
              <text
                x={labelW - 8}
                y={y + 19}
                textAnchor="end"
                fontSize="14"
                fill={tokens.colorNeutralForeground1}
              >
                {r.label}
              </text>
              <rect
                x={labelW}
                y={y + 4}
                width={Math.max(w, r.value ? 2 : 0)}
                height={20}
                rx={2}
                fill={tokens.colorBrandBackground}
              />
              <text
                x={labelW + w + 8}
                y={y + 19}
                fontSize="14"
                fill={tokens.colorNeutralForeground1}
              >{`${r.value}${suffix}`}</text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        <Text size={200}>{title}</Text>
      </figcaption>
    </figure>
  );
}

/** The quarterly MARAC figures SafeLives collects, for a chosen period, with a chart and CSV export. */
export function FiguresPage() {
  const s = useStyles();
  const { me, areas } = useMe();
  const quarters = recentQuarters(me.today);
  const [period, setPeriod] = useState({
    from: quarters[1]?.from ?? quarters[0].from,
    to: quarters[1]?.to ?? quarters[0].to,
  });
  const [draft, setDraft] = useState(period);
  const [areaId, setAreaId] = useState(areas[0]?.id ?? '');
  const [problem, setProblem] = useState<ApiError | string>();
  const [announce, setAnnounce] = useState('');
  const q = new URLSearchParams({ from: period.from, to: period.to, ...(areaId ? { areaId } : {}) });
  const { data, error } = useLoad<MaracFigures>(`/api/figures?${q}`);
  const chosen = quarters.find((x) => x.from === period.from && x.to === period.to);

  const exportCsv = async () => {
    setProblem(undefined);
    try {
      const name = await api.download(`/api/figures.csv?${q}`);
      setAnnounce(`Figures exported as ${name}.`);
    } catch (e) {
      setProblem(e instanceof ApiError ? e : 'The export failed.');
    }
  };

  return (
    <>
      <h1>Performance figures</h1>
      <Text block as="p">
        The quarterly MARAC figures SafeLives collects, counted from the meetings’ record.
      </Text>
      <div className={s.bar} role="group" aria-label="Period">
        {areas.length > 1 && (
          <Field label="MARAC area">
            <Select value={areaId} onChange={(_, d) => setAreaId(d.value)}>
              {areas.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </Select>
          </Field>
        )}
        <Field label="Quarter">
          <Select
            value={chosen ? chosen.from : ''}
            onChange={(_, d) => {
              const x = quarters.find((qq) => qq.from === d.value);
              if (x) {
                setPeriod({ from: x.from, to: x.to });
                setDraft({ from: x.from, to: x.to });
              }
            }}
          >
            {!chosen && <option value="">Custom period</option>}
            {quarters.map((x) => (
              <option key={x.from} value={x.from}>
                {x.label}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="From">
          <Input type="date" value={draft.from} onChange={(_, d) => setDraft({ ...draft, from: d.value })} />
        </Field>
        <Field label="To">
          <Input type="date" value={draft.to} onChange={(_, d) => setDraft({ ...draft, to: d.value })} />
        </Field>
        <Button onClick={() => setPeriod(draft)} disabled={!draft.from || !draft.to}>
          Show period
        </Button>
        <Button appearance="primary" onClick={() => void exportCsv()} disabled={!data}>
          Export CSV
        </Button>
      </div>
      <div aria-live="polite" className={s.live}>
        {announce}
      </div>
      <ErrorBar error={error ?? problem} />
      {!data && !error && <Spinner label="Counting…" />}
      {data && (
        <section aria-labelledby="figures-h" data-testid="figures">
          <h2 id="figures-h">{`${data.area.name}: ${ukDate(data.from)} to ${ukDate(data.to)}`}</h2>
          <ul className={s.cards}>
            {[
              ['Cases heard', String(data.casesHeard)],
              [
                'Repeat cases',
                `${data.repeatCases}${data.repeatRate === null ? '' : ` (${data.repeatRate}%)`}`,
              ],
              ['Children in households', String(data.childrenInHouseholds)],
              ['Meetings', String(data.meetings)],
              ['Deferred', String(data.deferred)],
            ].map(([k, v]) => (
              <li key={k} className={s.card} data-measure={k}>
                <Text size={300}>{k}</Text>
                <span className={s.value}>{v}</span>
              </li>
            ))}
          </ul>
          <h3>Referrals by agency</h3>
          <BarChart
            title="Cases heard by referring agency"
            rows={data.referralsByAgency.map((a) => ({ label: a.agency, value: a.count }))}
          />
          <Table size="small" aria-label="Cases heard by referring agency">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Referring agency</TableHeaderCell>
                <TableHeaderCell>Cases heard</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {data.referralsByAgency.map((a) => (
                <TableRow key={a.agencyId} data-agency={a.agencyId}>
                  <TableCell>{a.agency}</TableCell>
                  <TableCell>{a.count}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <h3>Victims</h3>
          <Table size="small" aria-label="Victims">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Measure</TableHeaderCell>
                <TableHeaderCell>Cases</TableHeaderCell>
                <TableHeaderCell>Of cases heard</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {data.victims.map((v) => (
                <TableRow key={v.measure} data-measure={v.measure}>
                  <TableCell>{v.label}</TableCell>
                  <TableCell>{v.count}</TableCell>
                  <TableCell>{v.percent === null ? '—' : `${v.percent}%`}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <h3>How these are counted</h3>
          <ul>
            {data.definitions.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
