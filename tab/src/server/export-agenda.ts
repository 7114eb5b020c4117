import {
  AlignmentType,
  Document,
  Footer,
  Header,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { AgendaExport } from './coordinator.js';
import { csv } from './csv.js';
import { ukDate } from '../shared/uk-date.js';

export const PROTECTIVE_MARKING = 'OFFICIAL-SENSITIVE';

export const exportFileName = (a: AgendaExport, ext: 'docx' | 'csv') =>
  `marac-agenda-${a.date}-${a.startTime.replace(':', '')}-${a.kind.toLowerCase().replace(/[^a-z]+/g, '-')}.${ext}`;

const dob = (d?: string) => ukDate(d, 'DOB not known');
const people = (ps: { name: string; dateOfBirth?: string }[]) =>
  ps.map((p) => `${p.name} (${dob(p.dateOfBirth)})`).join('; ');

const HEADINGS = [
  'Slot',
  'Time',
  'Case reference',
  'Referring agency',
  'Victim',
  'Victim DOB',
  'Perpetrator(s) and DOB',
  'Children',
];

function rowCells(r: AgendaExport['rows'][number]) {
  return [
    String(r.position),
    `${r.start}–${r.end}`,
    r.reference,
    r.referringAgency,
    r.victim.name,
    dob(r.victim.dateOfBirth),
    people(r.perpetrators),
    String(r.children),
  ];
}

/** CSV for agencies' research; the protective marking is the first line. */
export function agendaCsv(a: AgendaExport): string {
  const lines = [[PROTECTIVE_MARKING], [a.title], HEADINGS, ...a.rows.map(rowCells), [PROTECTIVE_MARKING]];
  return csv(lines);
}

const marking = () =>
  new Paragraph({
    alignment: AlignmentType.CENTER,
    children: [new TextRun({ text: PROTECTIVE_MARKING, bold: true })],
  });

const cell = (text: string, bold = false) =>
  new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })] })] });

/** The agenda as a Word document, marked OFFICIAL-SENSITIVE in its header and footer. */
export async function agendaDocx(a: AgendaExport): Promise<Buffer> {
  const table = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: HEADINGS.map((h) => cell(h, true)) }),
      ...a.rows.map((r) => new TableRow({ children: rowCells(r).map((t) => cell(t)) })),
    ],
  });
  const doc = new Document({
    creator: 'MARAC for Teams',
    title: a.title,
    sections: [
      {
        headers: { default: new Header({ children: [marking()] }) },
        footers: { default: new Footer({ children: [marking()] }) },
        children: [
          new Paragraph({ heading: HeadingLevel.HEADING_1, text: a.title }),
          new Paragraph({
            text: `${a.rows.length} case${a.rows.length === 1 ? '' : 's'}. Generated ${ukDate(a.generatedOn)}. Share only under the MARAC Information Sharing Agreement; never with the victim or perpetrator.`,
          }),
          table,
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
