import { Text } from '@fluentui/react-components';
import { formatLocalDateTime } from '../../../../core/src/domain/civil-time.js';
import type { ResearchTimetable as Timetable } from '../../../../core/src/domain/research.js';
import { ukDate } from '../../shared/uk-date.js';

/**
 * When the agenda is due out (the area's lead days), when it went out (flagged if late) and when
 * research is due back (the area's deadline), on the area's clock, in UK date style.
 */
export function ResearchTimetable({ t, now = Date.now() }: { t: Timetable; now?: number }) {
  const published = t.publishedAt
    ? `Published ${ukDate(t.publishedAt, '—', t.timeZone)}${t.publishedLate ? ' — late: after the agenda was due out.' : '.'}`
    : 'Not published yet.';
  const passed = now > t.researchDeadline;
  return (
    <div data-testid="research-timetable">
      <Text as="p">{`Agenda due out by ${ukDate(t.agendaDue)}. ${published}`}</Text>
      <Text as="p" weight="semibold" data-testid="research-deadline">
        {`Research due by ${formatLocalDateTime(t.researchDeadline, t.timeZone)}.${passed ? ' The deadline has passed: returns are still taken, marked late.' : ''}`}
      </Text>
    </div>
  );
}
