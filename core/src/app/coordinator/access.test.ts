import { describe, expect, it } from 'vitest';
import type { Person } from '../../domain/person.js';
import { canLinkMeeting, canSeeAllActions, canSeeMeeting, canSeePersonal } from './access.js';

const person = (roles: Person['roles'], agencyId?: string, id = 'p'): Person => ({
  id,
  aadObjectId: id,
  displayName: id,
  email: '',
  roles,
  agencyId,
});
const closed = {
  areaId: 'fenshire',
  kind: 'closed' as const,
  chairId: 'chair',
  delegateIds: ['delegate'],
  invitedAgencyIds: ['police', 'idva'],
  invitedPersonIds: ['guest'],
};

describe('coordinator access rules', () => {
  it('shows a closed session only to coordinators, its chair and delegates, invited people and invited agencies', () => {
    expect(canSeeMeeting(person(['coordinator']), closed)).toBe(true);
    expect(canSeeMeeting(person(['chair'], 'police', 'chair'), closed)).toBe(true);
    expect(canSeeMeeting(person(['chair'], undefined, 'delegate'), closed)).toBe(true);
    expect(canSeeMeeting(person(['observer'], undefined, 'guest'), closed)).toBe(true);
    expect(canSeeMeeting(person(['agency-rep'], 'idva'), closed)).toBe(true);
    expect(canSeeMeeting(person(['agency-rep'], 'housing'), closed)).toBe(false);
    expect(
      canSeeMeeting(person(['chair'], 'police', 'another-chair'), { ...closed, invitedAgencyIds: [] }),
    ).toBe(false);
    expect(canSeeMeeting(person(['agency-rep'], 'housing'), { ...closed, kind: 'marac' })).toBe(true);
  });

  it('shows a meeting only to people of its area, coordinators included; no areas means every area', () => {
    const elsewhere = { ...closed, kind: 'marac' as const, areaId: 'wessex' };
    const inFenshire = (p: Person): Person => ({ ...p, areaIds: ['fenshire'] });
    expect(canSeeMeeting(inFenshire(person(['coordinator'])), elsewhere)).toBe(false);
    expect(canSeeMeeting(inFenshire(person(['agency-rep'], 'housing')), elsewhere)).toBe(false);
    expect(
      canSeeMeeting(inFenshire(person(['chair'], 'police', 'chair')), { ...closed, areaId: 'wessex' }),
    ).toBe(false);
    expect(canSeeMeeting(inFenshire(person(['coordinator'])), closed)).toBe(true);
    expect(canSeeMeeting(person(['coordinator']), elsewhere)).toBe(true);
  });

  it("keeps personal details and every agency's actions to coordinators, admins and chairs", () => {
    for (const r of ['coordinator', 'admin', 'chair'] as const) {
      expect(canSeePersonal(person([r]))).toBe(true);
      expect(canSeeAllActions(person([r]))).toBe(true);
    }
    for (const r of ['agency-rep', 'idva', 'observer'] as const) {
      expect(canSeePersonal(person([r], 'police'))).toBe(false);
      expect(canSeeAllActions(person([r], 'police'))).toBe(false);
    }
  });

  it("lets coordinators and the meeting's chair link it to Teams", () => {
    expect(canLinkMeeting(person(['coordinator']), closed)).toBe(true);
    expect(canLinkMeeting(person(['chair'], 'police', 'chair'), closed)).toBe(true);
    expect(canLinkMeeting(person(['chair'], 'police', 'other'), closed)).toBe(false);
    expect(canLinkMeeting(person(['agency-rep'], 'police'), closed)).toBe(false);
  });
});
