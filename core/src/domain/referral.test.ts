import type { AreaConfig } from './area.js';
import { describe, expect, it } from 'vitest';
import {
  DASH_QUESTION_COUNT,
  checkReferral,
  dashScore,
  findRepeat,
  flagsExpiringSoon,
  repeatFlagExpires,
  twoWeekConflict,
  type DashAnswer,
  type Hearing,
  type ReferralCriterion,
} from './referral.js';

const dash = (yes: number, length = DASH_QUESTION_COUNT): DashAnswer[] =>
  Array.from({ length }, (_, i) => (i < yes ? 'yes' : i % 2 ? 'no' : 'dont-know'));

const hearing = (heardOn: string, over: Partial<Hearing> = {}): Hearing => ({
  caseId: `c-${heardOn}`,
  meetingId: `m-${heardOn}`,
  heardOn,
  victimKey: 'V1',
  perpetratorKeys: ['P1'],
  outcome: 'heard',
  ...over,
});

describe('checkReferral', () => {
  it('counts only "yes" answers', () => {
    expect(dashScore(['yes', 'no', 'dont-know', 'yes'])).toBe(2);
  });

  it.each([
    [14, 13, false],
    [14, 14, true],
    [17, 16, false],
    [17, 17, true],
  ])('threshold %i with %i "yes" answers is visible high risk: %s', (dashThreshold, yes, ok) => {
    const r = checkReferral({ dashThreshold }, { dash: dash(yes), criteria: ['visible-high-risk'] });
    expect(r.score).toBe(yes);
    expect(r.ok).toBe(ok);
    if (!ok) expect(r.problems.map((p) => p.field)).toContain('criteria');
  });

  it.each<[string, AreaConfig['escalation'], number, string | undefined]>([
    ['3 incidents, rule of 3', { kind: 'incidents', incidents: 3 }, 3, undefined],
    ['4 incidents, rule of 5', { kind: 'incidents', incidents: 5 }, 4, 'escalationIncidents'],
    ['5 incidents, rule of 5', { kind: 'incidents', incidents: 5 }, 5, undefined],
    ['any incidents, no escalation rule', { kind: 'none' }, 9, 'criteria'],
  ])("follows the area's escalation rule: %s", (_, escalation, incidents, field) => {
    const r = checkReferral(
      { dashThreshold: 17, escalation },
      { dash: dash(10), criteria: ['escalation'], escalationIncidents: incidents },
    );
    expect(r.problems.map((p) => p.field)).toEqual(field ? [field] : []);
  });

  it('asks for all 24 DASH answers', () => {
    const r = checkReferral({ dashThreshold: 14 }, { dash: dash(20, 23), criteria: ['visible-high-risk'] });
    expect(r.problems).toEqual([expect.objectContaining({ field: 'dash' })]);
  });

  it('refuses a below-threshold referral with no other criterion', () => {
    const r = checkReferral({ dashThreshold: 17 }, { dash: dash(10), criteria: [] });
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.field)).toEqual(['criteria']);
  });

  it.each<[string, ReferralCriterion[], string | undefined, number | undefined, string[]]>([
    [
      'professional judgement without rationale',
      ['professional-judgement'],
      undefined,
      undefined,
      ['professionalJudgementRationale'],
    ],
    [
      'professional judgement with blank rationale',
      ['professional-judgement'],
      '   ',
      undefined,
      ['professionalJudgementRationale'],
    ],
    [
      'professional judgement with rationale',
      ['professional-judgement'],
      'Recent strangulation; victim isolated',
      undefined,
      [],
    ],
    ['escalation with no incident count', ['escalation'], undefined, undefined, ['escalationIncidents']],
    ['escalation with 2 incidents', ['escalation'], undefined, 2, ['escalationIncidents']],
    ['escalation with 3 incidents', ['escalation'], undefined, 3, []],
    ['repeat', ['repeat'], undefined, undefined, []],
  ])(
    'below threshold: %s',
    (_label, criteria, professionalJudgementRationale, escalationIncidents, fields) => {
      const r = checkReferral(
        { dashThreshold: 14 },
        { dash: dash(9), criteria, professionalJudgementRationale, escalationIncidents },
      );
      expect(r.problems.map((p) => p.field)).toEqual(fields);
      expect(r.ok).toBe(fields.length === 0);
    },
  );
});

describe('referral rules as the seeds state them', () => {
  const area = { dashThreshold: 17 };
  it('professional judgement needs its rationale, not a complete DASH', () => {
    const pj = { dash: dash(4, 10), criteria: ['professional-judgement'] as ReferralCriterion[] };
    expect(checkReferral(area, pj).problems.map((p) => p.field)).toEqual(['professionalJudgementRationale']);
    expect(
      checkReferral(area, { ...pj, professionalJudgementRationale: 'Victim too frightened to answer' }).ok,
    ).toBe(true);
  });
  it('an incomplete DASH alone is not enough, and says what else would do', () => {
    const r = checkReferral(area, { dash: dash(17, 20), criteria: ['visible-high-risk'] });
    expect(r.problems[0]).toEqual({
      field: 'dash',
      message:
        'Answer the 24 DASH questions, give the police DARA level, or refer on professional judgement where the DASH could not be completed.',
    });
  });
  it('a police referral may give the DARA level instead of DASH answers; only police may', () => {
    const dara = {
      dash: [] as DashAnswer[],
      criteria: ['visible-high-risk'] as ReferralCriterion[],
      daraLevel: 'high' as const,
    };
    expect(checkReferral(area, dara, { agencyIsPolice: true }).ok).toBe(true);
    expect(checkReferral(area, dara, { agencyIsPolice: false }).problems.map((p) => p.field)).toEqual([
      'daraLevel',
      'dash',
      'criteria',
      'criteria',
    ]);
    expect(
      checkReferral(area, { ...dara, daraLevel: 'medium' }, { agencyIsPolice: true }).problems.map(
        (p) => p.field,
      ),
    ).toEqual(['criteria', 'criteria']);
  });
});

describe('repeatFlagExpires', () => {
  it.each([
    ['2025-06-10', '2026-06-10'],
    ['2025-12-31', '2026-12-31'],
    ['2023-02-28', '2024-02-28'],
    ['2023-03-01', '2024-03-01'],
    // No 29 February next year: the flag runs to the last day of February, not into March.
    ['2024-02-29', '2025-02-28'],
  ])('a hearing on %s is flagged until %s', (heardOn, expires) => {
    expect(repeatFlagExpires(heardOn)).toBe(expires);
  });
});

describe('findRepeat', () => {
  it.each([
    ['the day before the flag expires', '2025-06-10', '2026-06-09', true],
    ['the day the flag expires', '2025-06-10', '2026-06-10', true],
    ['the day after the flag expires', '2025-06-10', '2026-06-11', false],
    ['the same day as the hearing', '2025-06-10', '2025-06-10', true],
    ['a leap-day hearing, last day of the next February', '2024-02-29', '2025-02-28', true],
    ['a leap-day hearing, 1 March the next year', '2024-02-29', '2025-03-01', false],
    ['a hearing on 1 March, referred on the next leap day', '2023-03-01', '2024-02-29', true],
    ['a hearing on 28 February, referred on the next leap day', '2023-02-28', '2024-02-29', false],
  ])('%s', (_label, heardOn, referredOn, repeat) => {
    expect(findRepeat([hearing(heardOn)], 'V1', ['P1'], referredOn).repeat).toBe(repeat);
  });

  it('measures 12 months from the latest hearing, whatever order history comes in', () => {
    const history = [hearing('2025-06-10'), hearing('2024-09-01'), hearing('2025-01-15')];
    const r = findRepeat(history, 'V1', ['P1'], '2026-05-01');
    expect(r.repeat).toBe(true);
    expect(r.latest?.heardOn).toBe('2025-06-10');
    expect(r.earlier.map((h) => h.heardOn)).toEqual(['2024-09-01', '2025-01-15', '2025-06-10']);
  });

  it('counts a MARAC Plus referral as a hearing', () => {
    expect(
      findRepeat([hearing('2025-06-10', { outcome: 'referred-to-plus' })], 'V1', ['P1'], '2026-01-01').repeat,
    ).toBe(true);
  });

  it('ignores deferred hearings, even as the latest', () => {
    const history = [hearing('2025-01-10'), hearing('2025-12-01', { outcome: 'deferred' })];
    const r = findRepeat(history, 'V1', ['P1'], '2026-02-01');
    expect(r.repeat).toBe(false);
    expect(r.latest?.heardOn).toBe('2025-01-10');
    expect(
      findRepeat([hearing('2025-12-01', { outcome: 'deferred' })], 'V1', ['P1'], '2026-01-01').repeat,
    ).toBe(false);
  });

  it('ignores hearings after the referral date', () => {
    expect(findRepeat([hearing('2026-07-01')], 'V1', ['P1'], '2026-02-01')).toEqual({
      repeat: false,
      earlier: [],
      latest: undefined,
    });
  });

  it.each([
    ['same victim, different perpetrator', 'V1', ['P3'], false],
    ['same perpetrator, different victim', 'V2', ['P1'], false],
    ['one of several perpetrators in common', 'V1', ['P3', 'P2'], true],
    ['one perpetrator of the earlier two', 'V1', ['P1'], true],
    ['several perpetrators, none in common', 'V1', ['P3', 'P4'], false],
  ])('%s: repeat %s', (_label, victimKey, perpetratorKeys, repeat) => {
    const history = [hearing('2025-06-10', { perpetratorKeys: ['P1', 'P2'] })];
    expect(findRepeat(history, victimKey, perpetratorKeys, '2025-12-01').repeat).toBe(repeat);
  });

  it('does not let a hearing with another perpetrator extend the flag', () => {
    const history = [hearing('2024-06-10'), hearing('2025-06-10', { perpetratorKeys: ['P9'] })];
    expect(findRepeat(history, 'V1', ['P1'], '2025-07-01').repeat).toBe(false);
  });
});

describe('twoWeekConflict', () => {
  const history = [hearing('2026-03-02')];
  it.each([
    ['13 days later', '2026-03-15', true],
    ['14 days later', '2026-03-16', false],
    ['13 days earlier', '2026-02-17', true],
    ['14 days earlier', '2026-02-16', false],
    ['the same day', '2026-03-02', true],
  ])('%s: conflict %s', (_label, proposed, conflict) => {
    expect(twoWeekConflict(history, 'V1', ['P1'], proposed) !== undefined).toBe(conflict);
  });

  it('counts whole days across the clocks going forward', () => {
    const h = [hearing('2026-03-20')];
    expect(twoWeekConflict(h, 'V1', ['P1'], '2026-04-02')).toBeDefined();
    expect(twoWeekConflict(h, 'V1', ['P1'], '2026-04-03')).toBeUndefined();
  });

  it('returns the conflicting hearing', () => {
    expect(twoWeekConflict(history, 'V1', ['P1'], '2026-03-09')).toBe(history[0]);
  });

  it.each([
    ['the meeting being re-planned is excluded', history, 'V1', ['P1'], 'm-2026-03-02'],
    [
      'deferred hearings do not count',
      [hearing('2026-03-02', { outcome: 'deferred' })],
      'V1',
      ['P1'],
      undefined,
    ],
    ['a different perpetrator is another case', history, 'V1', ['P2'], undefined],
    ['a different victim is another case', history, 'V2', ['P1'], undefined],
  ])('no conflict when %s', (_label, h, victimKey, perpetratorKeys, exclude) => {
    expect(twoWeekConflict(h, victimKey, perpetratorKeys, '2026-03-09', exclude)).toBeUndefined();
  });

  it('still conflicts with another meeting when one is excluded', () => {
    const h = [hearing('2026-03-02'), hearing('2026-03-05')];
    expect(twoWeekConflict(h, 'V1', ['P1'], '2026-03-09', 'm-2026-03-02')?.meetingId).toBe('m-2026-03-05');
  });
});

describe('flagsExpiringSoon', () => {
  it('lists pairs whose latest hearing flag runs out within the window, soonest first', () => {
    const history = [
      hearing('2025-03-20', { victimKey: 'A' }),
      hearing('2025-03-05', { victimKey: 'B' }),
      hearing('2025-02-01', { victimKey: 'C' }),
      hearing('2025-03-01', { victimKey: 'D' }),
      hearing('2025-09-01', { victimKey: 'D' }),
      hearing('2025-03-10', { victimKey: 'E', outcome: 'deferred' }),
      hearing('2025-04-01', { victimKey: 'F' }),
    ];
    const soon = flagsExpiringSoon(history, '2026-03-01', 30);
    expect(soon.map((x) => [x.hearing.victimKey, x.expires])).toEqual([
      ['B', '2026-03-05'],
      ['A', '2026-03-20'],
    ]);
  });

  it('includes flags expiring today and on the horizon day', () => {
    const history = [hearing('2025-03-01', { victimKey: 'A' }), hearing('2025-03-31', { victimKey: 'B' })];
    expect(flagsExpiringSoon(history, '2026-03-01', 30).map((x) => x.hearing.victimKey)).toEqual(['A', 'B']);
  });
});
