import express from 'express';
import { z } from 'zod';
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
import {
  type MinutesRecord,
  getMinutes,
  markMinutesCirculated,
  minutesForAgency,
  minutesForExport,
  saveMinutes,
} from '@marac/core/minutes';
import { actorOf } from '../auth.js';
import type { TabDeps } from '../deps.js';
import { ukDate, ukDateTime } from '../../shared/uk-date.js';

const id = z.string().max(100);
const text = (max: number) => z.string().max(max, `Keep it under ${max} characters.`);

export const minutesEditSchema = z.object({
  expectedVersion: z.number().int().min(0),
  apologies: z
    .array(z.object({ name: text(120), agencyId: id.optional(), note: text(500).optional() }))
    .max(100),
  writtenSubmissions: z
    .array(z.object({ agencyId: id, caseId: id.optional(), summary: text(4000) }))
    .max(100),
  cases: z.record(
    id,
    z.object({
      risks: text(8000).optional(),
      crimesDisclosed: text(4000).optional(),
      notes: text(8000).optional(),
    }),
  ),
  otherBusiness: text(8000),
});

const versionSchema = z.object({ expectedVersion: z.number().int().min(0) });

/** Times as the area reads them (the UK), from stored ISO instants. */
const london = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: '2-digit',
  minute: '2-digit',
});
export const timeOf = (iso?: string) => (iso ? london.format(new Date(iso)) : '—');
export const dateTimeOf = (iso?: string) => ukDateTime(iso);

export const minutesFileName = (m: MinutesRecord) =>
  `marac-minutes-${m.meeting.date}-${m.meeting.startTime.replace(':', '')}-${m.meeting.kind}.docx`;

/** The sections every exported minutes document has, in order (the tests read them back). */
export const MINUTES_SECTIONS = [
  'Attendees',
  'Apologies',
  'Written submissions',
  'Declaration confirmations',
  'Outstanding actions reviewed',
  'Cases',
  'Deferrals',
  'Other business',
] as const;

const marking = (m: MinutesRecord) =>
  new Paragraph({
    alignment: AlignmentType.CENTER,
    children: [new TextRun({ text: m.marking, bold: true })],
  });
const h = (level: (typeof HeadingLevel)[keyof typeof HeadingLevel], t: string) =>
  new Paragraph({ heading: level, text: t });
const p = (t: string) => new Paragraph({ text: t });
/** Multi-line text as one paragraph per line, so typed line breaks survive. */
const lines = (t: string, empty: string) =>
  t.trim()
    ? t.split(/\r?\n/).map((l) => p(l))
    : [new Paragraph({ children: [new TextRun({ text: empty, italics: true })] })];
const cell = (t: string, bold = false) =>
  new TableCell({ children: [new Paragraph({ children: [new TextRun({ text: t, bold })] })] });
function table(headings: string[], rows: string[][], empty: string) {
  if (!rows.length) return [new Paragraph({ children: [new TextRun({ text: empty, italics: true })] })];
  return [
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [
        new TableRow({ tableHeader: true, children: headings.map((x) => cell(x, true)) }),
        ...rows.map((r) => new TableRow({ children: r.map((x) => cell(x)) })),
      ],
    }),
  ];
}

/** The minutes as a Word document, marked OFFICIAL-SENSITIVE in its header, footer and body. */
export async function minutesDocx(m: MinutesRecord): Promise<Buffer> {
  const d = m.declaration;
  const children = [
    marking(m),
    h(HeadingLevel.TITLE, m.title),
    p(
      `Chair: ${m.meeting.chairName ?? 'not recorded'}. Started ${timeOf(m.meeting.startedAt)}, ended ${timeOf(m.meeting.endedAt)}.${m.circulateBy ? ` To be circulated by ${dateTimeOf(m.circulateBy)}.` : ''}`,
    ),
    p(
      'Shared only with the agencies at the MARAC under the Information Sharing Agreement. Never to be shared with the victim or the perpetrator.',
    ),
    h(HeadingLevel.HEADING_1, 'Attendees'),
    ...table(
      ['Name', 'Agency', 'Arrived', 'Left', 'Joined late'],
      m.attendees.map((a) => [
        a.name,
        a.agency,
        timeOf(a.arrivedAt),
        a.leftAt ? timeOf(a.leftAt) : '',
        a.late ? 'Yes' : 'No',
      ]),
      'No attendance was recorded.',
    ),
    h(HeadingLevel.HEADING_1, 'Apologies'),
    ...table(
      ['Name', 'Agency', 'Note'],
      m.apologies.map((a) => [a.name, a.agencyId ? a.agency : '', a.note ?? '']),
      'No apologies were recorded.',
    ),
    h(HeadingLevel.HEADING_1, 'Written submissions'),
    ...table(
      ['Agency', 'Case', 'Summary'],
      m.writtenSubmissions.map((w) => [w.agency, w.caseReference ?? 'All cases', w.summary]),
      'No written submissions were recorded.',
    ),
    h(HeadingLevel.HEADING_1, 'Declaration confirmations'),
    ...d.statement.map((line) => p(line)),
    ...table(
      ['Name', 'Agency', 'Confirmed', 'How', 'Joined late'],
      d.confirmations.map((c) => [c.name, c.agency, dateTimeOf(c.at), c.how, c.late ? 'Yes' : 'No']),
      'No confirmations were recorded.',
    ),
    ...(d.unconfirmed.length
      ? [p(`Attended without confirming: ${d.unconfirmed.map((u) => `${u.name} (${u.agency})`).join(', ')}.`)]
      : []),
    h(HeadingLevel.HEADING_1, 'Outstanding actions reviewed'),
    ...table(
      ['Case', 'Agency', 'Action', 'Due', 'Status', 'Review', 'Note'],
      m.outstandingReviewed.map((a) => [
        a.caseReference,
        a.agency,
        a.description,
        ukDate(a.dueDate),
        a.status,
        a.review,
        a.note ?? '',
      ]),
      'No outstanding actions from earlier meetings.',
    ),
    h(HeadingLevel.HEADING_1, 'Cases'),
    ...m.cases.flatMap((c) => [
      h(HeadingLevel.HEADING_2, `Case ${c.position}: ${c.reference}`),
      p(
        `Referred by ${c.referringAgency}. Outcome: ${c.outcome}${c.deferReason ? ` (${c.deferReason})` : ''}.${c.startedAt ? ` Heard ${timeOf(c.startedAt)}–${timeOf(c.endedAt)}.` : ''}`,
      ),
      ...(c.noInformation.length ? [p(`No information held: ${c.noInformation.join(', ')}.`)] : []),
      h(HeadingLevel.HEADING_3, 'Risks summary'),
      ...lines(c.risks, 'Not recorded.'),
      h(HeadingLevel.HEADING_3, 'Crimes disclosed at the MARAC'),
      ...lines(c.crimesDisclosed, 'None recorded.'),
      ...(c.notes.trim() ? [h(HeadingLevel.HEADING_3, 'Notes'), ...lines(c.notes, '')] : []),
      h(HeadingLevel.HEADING_3, 'Actions'),
      ...table(
        ['Owner', 'Action', 'For', 'Due', 'Status'],
        c.actions.map((a) => [a.agency, a.description, a.forWhom, ukDate(a.dueDate), a.status]),
        'No actions.',
      ),
    ]),
    h(HeadingLevel.HEADING_1, 'Deferrals'),
    ...table(
      ['Case', 'Reference', 'Reason'],
      m.deferrals.map((x) => [String(x.position), x.reference, x.reason]),
      'No cases were deferred.',
    ),
    h(HeadingLevel.HEADING_1, 'Other business'),
    ...lines(m.otherBusiness, 'None.'),
    marking(m),
  ];
  const doc = new Document({
    creator: 'MARAC for Teams',
    title: m.title,
    sections: [
      {
        headers: { default: new Header({ children: [marking(m)] }) },
        footers: { default: new Footer({ children: [marking(m)] }) },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}

export function minutesRoutes(deps: TabDeps) {
  const router = express.Router();
  router.get('/api/meetings/:meetingId/minutes', async (req, res) => {
    res.json(await getMinutes(deps, actorOf(res), req.params.meetingId));
  });
  router.put('/api/meetings/:meetingId/minutes', async (req, res) => {
    const { expectedVersion, ...edit } = minutesEditSchema.parse(req.body);
    res.json(await saveMinutes(deps, actorOf(res), req.params.meetingId, edit, expectedVersion));
  });
  router.post('/api/meetings/:meetingId/minutes/circulated', async (req, res) => {
    const { expectedVersion } = versionSchema.parse(req.body);
    res.json(await markMinutesCirculated(deps, actorOf(res), req.params.meetingId, expectedVersion));
  });
  /** The circulated minutes, for the agencies that attended or were invited: read in the tab, or downloaded. */
  router.get('/api/meetings/:meetingId/minutes/circulated', async (req, res) => {
    res.json(await minutesForAgency(deps, actorOf(res), req.params.meetingId));
  });
  router.get('/api/meetings/:meetingId/minutes/circulated.docx', async (req, res) => {
    const m = await minutesForAgency(deps, actorOf(res), req.params.meetingId, 'docx');
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    res.setHeader('Content-Disposition', `attachment; filename="${minutesFileName(m)}"`);
    res.send(await minutesDocx(m));
  });
  router.get('/api/meetings/:meetingId/minutes.docx', async (req, res) => {
    const m = await minutesForExport(deps, actorOf(res), req.params.meetingId, 'docx');
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    res.setHeader('Content-Disposition', `attachment; filename="${minutesFileName(m)}"`);
    res.send(await minutesDocx(m));
  });
  return router;
}
