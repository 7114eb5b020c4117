import { useState } from 'react';
import {
  Button,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
} from '@fluentui/react-components';
import { api, ApiError } from '../api.js';
import { useLoad } from '../use-load.js';
import type { ReturnsMatrix as Matrix } from '../types.js';
import { ResearchTimetable } from './ResearchTimetable.js';
import { CaseReturns } from './CaseReturns.js';
import { ErrorBar } from './ErrorBar.js';

const LABEL = { returned: 'Returned', 'none-held': 'None held', 'not-yet': 'Not yet' } as const;

/**
 * Publish the agenda to the invited agencies, then follow their research: cases x agencies,
 * returned / none held / not yet (late marked), with a one-click chase per agency.
 */
export function ReturnsMatrix({ meetingId, mayPublish }: { meetingId: string; mayPublish: boolean }) {
  const path = `/api/meetings/${encodeURIComponent(meetingId)}`;
  const { data, error, reload } = useLoad<Matrix>(`${path}/research-returns`);
  const [note, setNote] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const [openCase, setOpenCase] = useState<string>();
  const act = async (run: () => Promise<string>) => {
    setProblem(undefined);
    try {
      setNote(await run());
      reload();
    } catch (e) {
      setProblem(e instanceof ApiError ? e.message : 'That did not work.');
    }
  };
  const publish = () =>
    act(async () => {
      const r = await api.post<{ unchanged: boolean; changed: string[]; publication: { number: number } }>(
        `${path}/publish`,
      );
      return r.unchanged
        ? 'Nothing has changed since the agenda was last published: nothing was sent.'
        : `Published to the invited agencies (${r.changed.length} case${r.changed.length === 1 ? '' : 's'} new or changed).`;
    });
  const chase = (agency: { id: string; name: string }) =>
    act(async () => {
      const r = await api.post<{ cases: number }>(`${path}/research-chase`, { agencyId: agency.id });
      return `${agency.name} reminded of ${r.cases} case${r.cases === 1 ? '' : 's'} not yet returned.`;
    });
  if (error) return <ErrorBar error={error} />;
  if (!data) return null;
  return (
    <section aria-labelledby="returns-h">
      <h2 id="returns-h">Research returns</h2>
      {mayPublish && (
        <Button appearance="primary" onClick={publish}>
          {data.published ? 'Publish changes to agencies' : 'Publish agenda to agencies'}
        </Button>
      )}
      <ResearchTimetable t={data.timetable} />
      <ErrorBar error={problem} />
      {note && (
        <Text as="p" role="status">
          {note}
        </Text>
      )}
      {!data.published ? (
        <Text as="p">Not published yet: agencies see the agenda and research it once it is published.</Text>
      ) : (
        <>
          <div style={{ overflowX: 'auto' }}>
            <Table size="small" aria-label="Research returns by case and agency">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Case</TableHeaderCell>
                  {data.agencies.map((a) => (
                    <TableHeaderCell key={a.id}>{a.name}</TableHeaderCell>
                  ))}
                </TableRow>
              </TableHeader>
              <TableBody>
                {data.rows.map((row) => (
                  <TableRow key={row.caseId} data-case={row.caseId}>
                    <TableCell>
                      {row.reference}
                      {mayPublish && (
                        <Button
                          size="small"
                          appearance="subtle"
                          onClick={() => setOpenCase(openCase === row.caseId ? undefined : row.caseId)}
                          aria-label={`Read returns for ${row.reference}`}
                        >
                          Returns
                        </Button>
                      )}
                    </TableCell>
                    {data.agencies.map((a) => (
                      <TableCell key={a.id} data-agency={a.id}>
                        {`${LABEL[row.cells[a.id].state]}${row.cells[a.id].late ? ' (late)' : ''}`}
                      </TableCell>
                    ))}
                  </TableRow>
                ))}
                {mayPublish && (
                  <TableRow>
                    <TableCell>Chase</TableCell>
                    {data.agencies.map((a) => (
                      <TableCell key={a.id}>
                        {data.rows.some((row) => row.cells[a.id].state === 'not-yet') && (
                          <Button size="small" onClick={() => chase(a)} aria-label={`Chase ${a.name}`}>
                            Chase
                          </Button>
                        )}
                      </TableCell>
                    ))}
                  </TableRow>
                )}
              </TableBody>
            </Table>
          </div>
          {mayPublish && openCase && (
            <CaseReturns
              key={openCase}
              meetingId={meetingId}
              caseId={openCase}
              agencies={data.agencies}
              onSaved={reload}
            />
          )}
        </>
      )}
    </section>
  );
}
