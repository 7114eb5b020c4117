import { useState } from 'react';
import {
  Button,
  Field,
  MessageBar,
  MessageBarBody,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { api } from '../../api.js';
import { useFormErrors } from '../../form-errors.js';
import type { ImportRow } from '../../../../../core/src/app/admin/import-people.js';

const useStyles = makeStyles({
  form: {
    display: 'grid',
    gap: tokens.spacingVerticalM,
    maxWidth: '900px',
    marginTop: tokens.spacingVerticalXXL,
  },
  buttons: { display: 'flex', gap: tokens.spacingHorizontalM },
});

/**
 * Import people from CSV (name, email, object id, agency, roles): preview first, every row's
 * problems named; a file with bad rows imports nothing unless the good rows are chosen explicitly.
 */
export function PeopleImport({
  areaId,
  areaName,
  onImported,
}: {
  areaId: string;
  areaName: string;
  onImported: () => Promise<void>;
}) {
  const s = useStyles();
  const [csv, setCsv] = useState('');
  const [rows, setRows] = useState<ImportRow[]>();
  const [result, setResult] = useState<string>();
  const errs = useFormErrors();
  const path = `/api/admin/areas/${encodeURIComponent(areaId)}/people-import`;
  const bad = rows?.filter((r) => r.problems.length) ?? [];
  const preview = async () => {
    setResult(undefined);
    try {
      setRows((await api.post<{ rows: ImportRow[] }>(path, { csv, preview: true })).rows);
      errs.show([]);
    } catch (e) {
      setRows(undefined);
      errs.fromError(e);
    }
  };
  const commit = async (goodRowsOnly: boolean) => {
    try {
      const r = await api.post<{ imported: unknown[]; skipped: ImportRow[] }>(path, { csv, goodRowsOnly });
      setResult(
        `Imported ${r.imported.length} people into ${areaName}${r.skipped.length ? `; skipped ${r.skipped.length} rows with problems` : ''}.`,
      );
      setRows(undefined);
      setCsv('');
      errs.show([]);
      await onImported();
    } catch (e) {
      errs.fromError(e);
    }
  };
  const readFile = async (file?: File) => file && setCsv(await file.text());
  return (
    <section className={s.form} aria-labelledby="import-title">
      <h2 id="import-title">Import people from CSV</h2>
      <Text>Columns: name, email, object id, agency, roles (several separated by “;”).</Text>
      <input
        type="file"
        accept=".csv,text/csv"
        aria-label="CSV file"
        onChange={(e) => void readFile(e.target.files?.[0])}
      />
      <Field label="CSV" {...errs.field('csv')}>
        <Textarea
          name="csv"
          rows={8}
          value={csv}
          onChange={(_, d) => {
            setCsv(d.value);
            setRows(undefined);
          }}
        />
      </Field>
      {errs.general && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{errs.general}</MessageBarBody>
        </MessageBar>
      )}
      {result && <Text role="status">{result}</Text>}
      <div className={s.buttons}>
        <Button onClick={() => void preview()} disabled={!csv.trim()}>
          Preview import
        </Button>
        {rows && bad.length === 0 && (
          <Button appearance="primary" onClick={() => void commit(false)}>
            {`Import ${rows.length} people`}
          </Button>
        )}
        {rows && bad.length > 0 && rows.length > bad.length && (
          <Button
            onClick={() => void commit(true)}
          >{`Import only the ${rows.length - bad.length} good rows`}</Button>
        )}
      </div>
      {rows && (
        <Table aria-label="Import preview" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Line</TableHeaderCell>
              <TableHeaderCell>Person</TableHeaderCell>
              <TableHeaderCell>Problems</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((r) => (
              <TableRow key={r.line} data-line={r.line}>
                <TableCell>{r.line}</TableCell>
                <TableCell>
                  {r.person ? `${r.person.displayName}, ${r.person.roles.join('; ')}` : '—'}
                </TableCell>
                <TableCell>
                  {r.problems.length ? r.problems.map((p) => `${p.field}: ${p.message}`).join(' ') : 'Ready'}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {rows && bad.length > 0 && (
        <Text>{`${bad.length} of ${rows.length} rows need attention; nothing is imported until they are fixed.`}</Text>
      )}
    </section>
  );
}
