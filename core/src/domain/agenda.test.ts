import { describe, expect, it } from 'vitest';
import { capacityForecast, maxCasesWarning, splitClosedSession, suggestOrder, timeSlots } from './agenda.js';
import type { AgendaOrdering } from './area.js';

describe('timeSlots', () => {
  it.each([
    [
      20,
      [
        ['09:30', '09:50'],
        ['09:50', '10:10'],
        ['10:10', '10:30'],
      ],
    ],
    [
      60,
      [
        ['09:30', '10:30'],
        ['10:30', '11:30'],
        ['11:30', '12:30'],
      ],
    ],
  ])('gives each case %i minutes from 09:30', (minutes, expected) => {
    const slots = timeSlots('09:30', minutes, ['a', 'b', 'c']);
    expect(slots.map((s) => [s.start, s.end])).toEqual(expected);
    expect(slots.map((s) => [s.caseId, s.position])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
  });

  it('runs a full nine-case agenda to 12:30', () => {
    const slots = timeSlots(
      '09:30',
      20,
      Array.from({ length: 9 }, (_, i) => `c${i}`),
    );
    expect(slots[8]).toMatchObject({ position: 9, start: '12:10', end: '12:30' });
  });

  it('has no slots for an empty agenda', () => {
    expect(timeSlots('09:30', 20, [])).toEqual([]);
  });
});

describe('splitClosedSession', () => {
  it('keeps closed-session cases off the main agenda, in order', () => {
    const cases = [
      { id: 'a', closedSession: false },
      { id: 'b', closedSession: true },
      { id: 'c', closedSession: false },
      { id: 'd', closedSession: true },
    ];
    const { main, closed } = splitClosedSession(cases);
    expect(main.map((c) => c.id)).toEqual(['a', 'c']);
    expect(closed.map((c) => c.id)).toEqual(['b', 'd']);
  });
});

describe('maxCasesWarning', () => {
  it.each([
    [8, false],
    [9, false],
    [10, true],
  ])('%i cases against a maximum of 9: warning %s', (count, warns) => {
    const w = maxCasesWarning({ maxCasesPerMeeting: 9 }, count);
    expect(w !== undefined).toBe(warns);
    if (w) expect(w).toContain('10 cases is more than the 9');
  });
});

describe('suggestOrder', () => {
  const c = (id: string, receivedAt: string, childrenInHousehold: number, referringAgencyId: string) => ({
    id,
    receivedAt,
    childrenInHousehold,
    referringAgencyId,
  });
  const cases = [
    c('housing-late', '2026-03-05T10:00:00Z', 0, 'housing'),
    c('police-late', '2026-03-04T09:00:00Z', 2, 'police'),
    c('unknown', '2026-03-01T09:00:00Z', 0, 'vet'),
    c('idva', '2026-03-03T09:00:00Z', 1, 'idva'),
    c('police-early', '2026-03-02T09:00:00Z', 0, 'police'),
    c('housing-early', '2026-03-01T12:00:00Z', 3, 'housing'),
  ];
  const batting = ['police', 'idva', 'csc', 'housing'];

  it.each<[AgendaOrdering, string[]]>([
    ['receipt', ['unknown', 'housing-early', 'police-early', 'idva', 'police-late', 'housing-late']],
    ['children-first', ['housing-early', 'idva', 'police-late', 'unknown', 'police-early', 'housing-late']],
    [
      'cluster-by-agency',
      ['police-early', 'police-late', 'idva', 'housing-early', 'housing-late', 'unknown'],
    ],
  ])('%s', (ordering, expected) => {
    const before = cases.map((x) => x.id);
    expect(suggestOrder(cases, ordering, batting).map((x) => x.id)).toEqual(expected);
    expect(cases.map((x) => x.id)).toEqual(before);
  });
});

describe('capacityForecast', () => {
  const area = { maxCasesPerMeeting: 9, minutesPerCase: { marac: 20, 'marac-plus': 60, closed: 20 } };

  it('carries each week’s shortfall into the next', () => {
    const rows = capacityForecast(
      area,
      [
        {
          weekStarting: '2026-03-02',
          meetings: [
            { kind: 'marac', minutes: 180 },
            { kind: 'marac', minutes: 180 },
          ],
        },
        { weekStarting: '2026-03-09', meetings: [{ kind: 'marac', minutes: 120 }] },
        { weekStarting: '2026-03-16', meetings: [] },
        { weekStarting: '2026-03-23', meetings: [{ kind: 'marac-plus', minutes: 240 }] },
        { weekStarting: '2026-03-30', meetings: [{ kind: 'marac', minutes: 60 }] },
      ],
      25,
    );
    expect(rows.map((r) => [r.meetings, r.capacityCases, r.waitingCases, r.shortfall])).toEqual([
      [2, 18, 25, 7],
      [1, 6, 7, 1],
      [0, 0, 1, 1],
      [1, 4, 1, 0],
      [1, 3, 0, 0],
    ]);
  });

  it('caps each meeting at the area maximum and rounds part-cases down', () => {
    const [row] = capacityForecast(
      area,
      [
        {
          weekStarting: '2026-03-02',
          meetings: [
            { kind: 'marac', minutes: 300 },
            { kind: 'closed', minutes: 59 },
          ],
        },
      ],
      0,
    );
    expect(row.capacityCases).toBe(9 + 2);
  });
});
