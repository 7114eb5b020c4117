import {
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
} from '@fluentui/react-components';
import { useLoad } from '../use-load.js';
import type { PlanningView } from '../types.js';
import { ukDate } from '../../shared/uk-date.js';

/** Capacity for the coming weeks against the cases waiting, and repeat flags about to expire. */
export function PlanningPanel({ areaId }: { areaId: string }) {
  const { data } = useLoad<PlanningView>(`/api/areas/${encodeURIComponent(areaId)}/planning`);
  if (!data) return null;
  return (
    <>
      <section aria-labelledby="forecast-title">
        <h2 id="forecast-title">Capacity forecast</h2>
        <Table size="small" aria-labelledby="forecast-title">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Week starting</TableHeaderCell>
              <TableHeaderCell>Meetings</TableHeaderCell>
              <TableHeaderCell>Cases they can hear</TableHeaderCell>
              <TableHeaderCell>Cases waiting</TableHeaderCell>
              <TableHeaderCell>Shortfall</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {data.forecast.map((w) => (
              <TableRow key={w.weekStarting}>
                <TableCell>{w.weekStarting}</TableCell>
                <TableCell>{w.meetings}</TableCell>
                <TableCell>{w.capacityCases}</TableCell>
                <TableCell>{w.waitingCases}</TableCell>
                <TableCell>
                  {w.shortfall > 0 ? <strong>{`${w.shortfall}: plan an extra meeting`}</strong> : 0}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </section>
      <section aria-labelledby="flags-title">
        <h2 id="flags-title">Repeat flags expiring in the next {data.flagDays} days</h2>
        {data.expiringFlags.length === 0 ? (
          <Text>None.</Text>
        ) : (
          <ul>
            {data.expiringFlags.map((f) => (
              <li
                key={f.caseId}
              >{`${f.reference ?? 'Case'}: last heard ${ukDate(f.heardOn)}, flag expires ${ukDate(f.expires)}`}</li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
