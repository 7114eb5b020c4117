import { describe, expect, it } from 'vitest';
import * as R from './render.js';
import type * as D from './card-data.js';

/**
 * Every card template rendered with fixed data and compared with its reviewed snapshot
 * (`__snapshots__/render.test.ts.snap`): a template edit shows up as a diff to review. And what
 * a card shows is text: Teams' Adaptive Cards renderer shows a number in a FactSet as blank.
 */
const userIds = ['29:chair', '29:coordinator'];
const caseData: D.CaseData = {
  meetingId: 'm-1',
  caseId: 'c-3',
  position: '3',
  total: '8',
  reference: 'MC-2026-0003',
  statusLine: 'Being heard',
  phase: 'Safety check: the IDVA confirms the plan',
  current: 'IDVA Rep (IDVA Service)',
  next: 'Chair: read-back of actions',
  time: '4:10 left at 09:51 · ends 09:55',
  research: 'Police, Housing (2 of 9 agencies)',
  notPresent: 'Education',
  coverage: "Before this case: nobody present from Children's Social Care (children in the household).",
  override: 'Opened although Lee Late had not confirmed (reason recorded).',
  safety: '',
  victimViews: 'recorded by the IDVA',
  askSafety: true,
  actions: [
    { agency: 'Housing', description: 'Flag the address', due: '2026-12-01', flag: '' },
    {
      agency: 'Probation',
      description: 'Check licence conditions',
      due: '2026-12-02',
      flag: ' · no one to deliver to',
    },
  ],
};
const formData: D.ActionFormData = {
  meetingId: 'm-1',
  caseId: 'c-3',
  reference: 'MC-2026-0003',
  agencies: [{ id: 'housing', name: 'Housing' }],
  ownerAgencyId: 'housing',
  description: 'Flag the address',
  forWhom: 'victim',
  dueDate: '2026-12-01',
  warning: '',
  canAccept: false,
  mode: 'add',
  actionId: '',
  version: 0,
};
const actionData: D.ActionCardData = {
  actionId: 'a-1',
  version: 2,
  reference: 'MC-2026-0003',
  description: 'Flag the address',
  agency: 'Housing',
  forWhom: 'victim',
  due: '2026-12-01',
  status: 'Open',
  open: true,
  notice: '',
  userIds,
  updates: [{ at: '1 Dec 09:40', text: 'Flag requested' }],
};
const cards: Record<string, Record<string, unknown>> = {
  declaration: R.renderDeclaration({
    meetingId: 'm-1',
    version: 'cambs-2020-1',
    text: 'Information shared at MARAC is STRICTLY CONFIDENTIAL.',
    agencies: [
      { id: 'police', name: 'Police' },
      { id: 'housing', name: 'Housing' },
    ],
    userIds,
  }),
  declarationMine: R.renderDeclarationMine({
    meetingId: 'm-1',
    version: 'cambs-2020-1',
    confirmedAt: '09:31',
    method: 'typed in chat',
    userIds,
    showRollCall: true,
    confirmedCount: 9,
    presentCount: 10,
    unconfirmedList: 'Lee Late (Housing)',
  }),
  rollCall: R.renderRollCall({
    confirmedCount: '9',
    presentCount: '10',
    summaryColor: 'Attention',
    unconfirmed: [{ name: 'Lee Late', agency: 'Housing', late: ' · joined late' }],
    uninvited: [],
    override: 'The chair opened the meeting although Lee Late had not confirmed. The reason is recorded.',
  }),
  caseCard: R.renderCase(caseData),
  chairControls: R.renderChairControls({
    meetingId: 'm-1',
    version: '12',
    userIds,
    where: 'Case 3 of 8 · MC-2026-0003 · Action planning',
    coverage: '',
    primary: 'Next',
    primaryVerb: 'next',
    pauseTitle: 'Pause timer',
    pauseVerb: 'pause',
  }),
  chairControlsViewer: R.renderChairControlsViewer({ meetingId: 'm-1', userIds }),
  actionForm: R.renderActionForm(formData),
  actionCard: R.renderAction(actionData),
  actionList: R.renderActionList({
    meetingId: 'm-1',
    caseId: 'c-3',
    reference: 'MC-2026-0003',
    editable: true,
    notice: '',
    actions: [
      { actionId: 'a-1', version: 1, agency: 'Housing', description: 'Flag the address', due: '2026-12-01' },
    ],
  }),
  summary: R.renderSummary({
    heard: '6',
    deferred: '1',
    plus: '1',
    notReached: '0',
    timeUsed: '2h 41m',
    timePlanned: '2h 40m',
    perAgency: [
      { agency: 'Police', count: '8' },
      { agency: 'Housing', count: '12' },
    ],
  }),
  researchAgenda: R.renderResearchAgenda({
    meetingId: 'm-1',
    title: 'MARAC 24 Nov 2026, 09:30: agenda for research',
    intro: 'Return what your agency holds on each case before the meeting.',
    deadline: 'Research due by 23 Nov 2026, 17:00',
    notice: '',
    removed: '',
    caseList: 'c-3',
    userIds,
    cases: [
      {
        caseId: 'c-3',
        position: 3,
        reference: 'MC-2026-0003',
        referringAgency: 'Police',
        state: 'Not returned yet',
        open: true,
      },
    ],
  }),
  minutesReady: R.renderMinutesReady({
    title: 'MARAC minutes ready · MARAC Tue 24 Nov 2026',
    text: 'The minutes of this meeting have been circulated. Read or download them in the MARAC tab.',
    url: 'https://marac.example/meetings/m-1/minutes',
  }),
  opening: R.renderOpening({
    meetingId: 'm-1',
    actions: [
      {
        actionId: 'a-0',
        agency: 'Housing',
        reference: 'MC-2025-0999',
        due: '2026-11-17',
        description: 'Flag the address',
        outcome: '',
      },
    ],
  }),
};

/** Every value a reader sees: TextBlock text, FactSet titles and values. */
function shown(node: unknown, out: { path: string; value: unknown }[] = [], path = '$') {
  if (Array.isArray(node)) node.forEach((n, i) => shown(n, out, `${path}[${i}]`));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.type === 'TextBlock') out.push({ path: `${path}.text`, value: o.text });
    if (o.type === 'FactSet' && Array.isArray(o.facts))
      for (const [i, f] of (o.facts as Record<string, unknown>[]).entries())
        out.push(
          { path: `${path}.facts[${i}].title`, value: f.title },
          { path: `${path}.facts[${i}].value`, value: f.value },
        );
    for (const [k, v] of Object.entries(o)) if (k !== 'facts') shown(v, out, `${path}.${k}`);
  }
  return out;
}

describe('card templates', () => {
  it('covers every template', () => {
    const exported = Object.keys(R).filter((k) => k.startsWith('render'));
    expect(exported).toHaveLength(Object.keys(cards).length);
  });

  it.each(Object.keys(cards))('%s matches its reviewed snapshot', (name) => {
    expect(cards[name]).toMatchSnapshot();
  });

  it.each(Object.keys(cards))('%s shows only strings, none left unexpanded', (name) => {
    const values = shown(cards[name]);
    expect(values.length).toBeGreaterThan(0);
    for (const v of values) {
      expect(typeof v.value, v.path).toBe('string');
      expect(v.value as string, v.path).not.toMatch(/\$\{/);
    }
  });

  it('the summary card renders its numbers as text (a number in a FactSet shows blank in Teams)', () => {
    const facts = shown(cards.summary).filter((v) => v.path.includes('facts'));
    expect(facts.map((f) => f.value)).toEqual(
      expect.arrayContaining(['Cases heard', '6', 'Deferred', '1', 'Police', '8', 'Housing', '12']),
    );
  });

  it('the base cards everyone sees carry no chair buttons; the chair gets them by per-user refresh', () => {
    const verbs = (c: Record<string, unknown>) => JSON.stringify(c).match(/"verb":"chair\.[a-z-]+"/g) ?? [];
    expect(verbs(cards.caseCard)).toEqual([]);
    expect(verbs(cards.chairControlsViewer)).toEqual(['"verb":"chair.refresh"']);
    expect((cards.chairControlsViewer.refresh as { userIds: string[] }).userIds).toEqual(userIds);
    expect(verbs(cards.chairControls)).toContain('"verb":"chair.next"');
  });
});

describe('what people typed is shown as text, not markdown', () => {
  const typed =
    'Tell her about [the safeguarding portal](https://portal.example.org) **now** or see www.example.org';
  const noLink = (text: string) => {
    expect(text).not.toMatch(/(^|[^\\])\[[^\]]*[^\\]\]\(/); // no unescaped [label](
    expect(text).not.toMatch(/(^|[^\\])\*\*/); // no unescaped bold
    expect(text).not.toMatch(/https:\/\/|www\./); // no URL an autolinker would pick up
    // Read without the escapes, it is what they typed.
    expect(text.replace(/\\(.)/g, '$1').replace(/\u200b/g, '')).toContain(typed);
  };

  it('in the case card', () => {
    const card = R.renderCase({
      ...caseData,
      actions: [{ agency: 'IDVA', description: typed, due: '2026-12-01', flag: '' }],
    });
    const fact = shown(card).find((v) => String(v.value).includes('safeguarding portal'));
    noLink(String(fact?.value));
  });

  it('in the agency’s action card, its update notes too', () => {
    const card = R.renderAction({
      ...actionData,
      description: typed,
      updates: [{ at: '2026-12-02 10:00', text: `progress: ${typed}` }],
    });
    const texts = shown(card).filter((v) => String(v.value).includes('safeguarding portal'));
    expect(texts).toHaveLength(2);
    for (const t of texts) noLink(String(t.value));
  });

  it('but the edit form gives back the wording unchanged', () => {
    const card = R.renderActionForm({ ...formData, description: typed });
    expect(JSON.stringify(card)).toContain(JSON.stringify(typed).slice(1, -1));
  });
});
