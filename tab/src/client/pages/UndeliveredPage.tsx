import { useState } from 'react';
import {
  Button,
  Spinner,
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
import { ErrorBar } from '../components/ErrorBar.js';
import { areaDateTime } from '../local-time.js';
import { NoOneToDeliver } from '../components/NoOneToDeliver.js';

interface Undelivered {
  id: number;
  queuedAt: string;
  where: string;
  what: string;
  error: string;
  attempts: number;
}

/**
 * Chat messages Teams never took (the bot gave up after its retries, or Teams refused them):
 * the coordinator sees each, and sends it again once the cause is fixed (e.g. the bot re-added).
 */
export function UndeliveredPage() {
  const { data, error, reload } = useLoad<Undelivered[]>('/api/undelivered');
  const [busy, setBusy] = useState<number>();
  const [failure, setFailure] = useState<ApiError>();
  const [done, setDone] = useState<string>();
  const resend = async (m: Undelivered) => {
    setBusy(m.id);
    setFailure(undefined);
    try {
      await api.post(`/api/undelivered/${m.id}/resend`);
      setDone(`Queued again: ${m.where}.`);
      reload();
    } catch (e) {
      setFailure(e instanceof ApiError ? e : new ApiError(0, 'network', 'The server could not be reached.'));
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <section aria-labelledby="undelivered-title">
      <h1 id="undelivered-title">Undelivered messages</h1>
      <ErrorBar error={error ?? failure} />
      <p role="status">{done}</p>
      {!data && !error && <Spinner label="Loading…" />}
      {data && !data.length && <Text>Every message the bot queued reached Teams.</Text>}
      {data && data.length > 0 && (
        <Table aria-label="Undelivered messages">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Queued</TableHeaderCell>
              <TableHeaderCell>Where</TableHeaderCell>
              <TableHeaderCell>Message</TableHeaderCell>
              <TableHeaderCell>What Teams answered</TableHeaderCell>
              <TableHeaderCell>Send again</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {data.map((m) => (
              <TableRow key={m.id}>
                <TableCell>{areaDateTime(m.queuedAt)}</TableCell>
                <TableCell>{m.where}</TableCell>
                <TableCell>{m.what}</TableCell>
                <TableCell>{m.error}</TableCell>
                <TableCell>
                  <Button disabled={busy !== undefined} onClick={() => void resend(m)}>
                    Send again
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <NoOneToDeliver />
    </section>
  );
}
