import { useMemo, useState } from 'react';
import { Button, makeStyles, tokens } from '@fluentui/react-components';
import { Link } from '../router.js';
import { KIND_NAMES, type MeetingView } from '../types.js';

const useStyles = makeStyles({
  bar: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    marginBottom: tokens.spacingVerticalS,
  },
  table: { borderCollapse: 'collapse', width: '100%', tableLayout: 'fixed' },
  cell: {
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    verticalAlign: 'top',
    height: '72px',
    padding: tokens.spacingHorizontalXS,
  },
  other: { color: tokens.colorNeutralForeground3 },
  today: { backgroundColor: tokens.colorBrandBackground2 },
  list: { listStyle: 'none', margin: 0, padding: 0, fontSize: tokens.fontSizeBase200 },
});

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const iso = (d: Date) => d.toISOString().slice(0, 10);

/** A month grid of meetings (Monday first), as a table so screen readers can move by day. */
export function MeetingCalendar({ meetings, today }: { meetings: MeetingView[]; today: string }) {
  const s = useStyles();
  const [month, setMonth] = useState(() => today.slice(0, 7));
  const weeks = useMemo(() => {
    const first = new Date(`${month}-01T00:00:00Z`);
    const start = new Date(first);
    start.setUTCDate(1 - ((first.getUTCDay() + 6) % 7));
    return Array.from({ length: 6 }, (_, w) =>
      Array.from({ length: 7 }, (_, d) => {
        const day = new Date(start);
        day.setUTCDate(start.getUTCDate() + w * 7 + d);
        return iso(day);
      }),
    ).filter((week) => week.some((d) => d.startsWith(month)));
  }, [month]);
  const shift = (n: number) => {
    const d = new Date(`${month}-01T00:00:00Z`);
    d.setUTCMonth(d.getUTCMonth() + n);
    setMonth(iso(d).slice(0, 7));
  };
  const title = new Date(`${month}-01T00:00:00Z`).toLocaleDateString('en-GB', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  return (
    <section aria-labelledby="calendar-title">
      <div className={s.bar}>
        <Button onClick={() => shift(-1)} aria-label="Previous month">
          ‹
        </Button>
        <h2 id="calendar-title" aria-live="polite" style={{ margin: 0 }}>
          {title}
        </h2>
        <Button onClick={() => shift(1)} aria-label="Next month">
          ›
        </Button>
      </div>
      <table className={s.table}>
        <caption className="visually-hidden" style={{ position: 'absolute', left: '-10000px' }}>
          Meetings in {title}
        </caption>
        <thead>
          <tr>
            {DAYS.map((d) => (
              <th key={d} scope="col" abbr={d}>
                {d.slice(0, 3)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week) => (
            <tr key={week[0]}>
              {week.map((day) => {
                const mine = meetings.filter((m) => m.date === day);
                return (
                  <td
                    key={day}
                    className={`${s.cell} ${day.startsWith(month) ? '' : s.other} ${day === today ? s.today : ''}`}
                    aria-current={day === today ? 'date' : undefined}
                  >
                    <div>{Number(day.slice(8))}</div>
                    <ul className={s.list}>
                      {mine.map((m) => (
                        <li key={m.id}>
                          <Link to={`/meetings/${m.id}`}>{`${m.startTime} ${KIND_NAMES[m.kind]}`}</Link>
                        </li>
                      ))}
                    </ul>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
