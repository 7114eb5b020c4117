import { describe, expect, it } from 'vitest';
import type { Attendee } from './confidentiality.js';
import { cueRecipients, idvaAgencyOf, isLateArrival } from './cues.js';
import { decide, newLiveMeeting, nextPhase } from './live-meeting.js';
import type { Person, Role } from './person.js';

const person = (id: string, agencyId: string | undefined, ...roles: Role[]): Person => ({
  id,
  aadObjectId: `aad-${id}`,
  displayName: id,
  email: `${id}@x.example`,
  agencyId,
  roles,
});
const here = (p: Person, agencyId = p.agencyId): Attendee => ({
  meetingId: 'm',
  aadObjectId: p.aadObjectId,
  displayName: p.displayName,
  agencyId,
  present: true,
  source: 'joined',
  firstSeenAt: '2026-11-24T09:30:00Z',
  lateJoiner: false,
});

describe('who is cued for an agency’s turn', () => {
  const chair = person('chair', 'police', 'chair');
  const coordinator = person('coord', 'idva', 'coordinator');
  const policeRep = person('police-rep', 'police', 'agency-rep');
  const idva = person('idva', 'idva', 'idva', 'agency-rep');
  const observer = person('observer', 'police', 'observer');
  const people = [chair, coordinator, policeRep, idva, observer];
  const of = (aad: string) => people.find((p) => p.aadObjectId === aad);
  const leads = (p: Person) => p.id === 'chair';
  const cue = (present: Person[], agency?: string) =>
    cueRecipients(
      present.map((p) => here(p)),
      of,
      agency,
      leads,
    ).map((a) => a.displayName);

  it.each([
    ['the rep, not the chair who is from Police', [chair, policeRep, observer], 'police', ['police-rep']],
    ['the IDVA, not the coordinator from the IDVA service', [coordinator, idva], 'idva', ['idva']],
    ['the chair, when nobody else from Police is present', [chair, observer], 'police', ['chair']],
    ['the coordinator, when nobody else from the IDVA service is present', [coordinator], 'idva', ['coord']],
    ['never an observer', [observer], 'police', []],
    ['nobody for the chair’s own phases', [chair, policeRep], undefined, []],
    ['nobody for an agency with no one present', [policeRep], 'housing', []],
  ])('%s', (_why, present, agency, expected) => {
    expect(cue(present as Person[], agency as string | undefined)).toEqual(expected);
  });

  it('a guest who named the agency on the declaration card is its representative', () => {
    const guest: Attendee = {
      ...here(policeRep),
      aadObjectId: 'aad-guest',
      displayName: 'Guest',
      agencyId: 'housing',
    };
    expect(cueRecipients([guest], of, 'housing', leads).map((a) => a.displayName)).toEqual(['Guest']);
  });

  it('someone without an agency is never cued', () => {
    const nobody = { ...here(person('x', undefined)), agencyId: undefined };
    expect(cueRecipients([nobody], of, 'police', leads)).toEqual([]);
  });
});

describe('the IDVA safety phase and late arrival', () => {
  const agenda = [{ caseId: 'c1', reference: 'MC-1', referringAgencyId: 'police', hasChildren: false }];
  const started = () => {
    let s = newLiveMeeting('m', ['police', 'idva', 'housing'], agenda, 'idva');
    s = { ...s, stage: 'opening' };
    return decide(s, { type: 'next' }, 0, 20).state;
  };

  it('comes after action planning, before the read-back, and waits for the IDVA', () => {
    let s = started();
    while (s.cases[0].phase?.kind !== 'safety') s = decide(s, { type: 'next' }, 1, 20).state;
    expect(nextPhase(s, s.cases[0], { kind: 'actions', agencyIndex: 2 })).toEqual({ kind: 'safety' });
    expect(() => decide(s, { type: 'next' }, 2, 20)).toThrow(/IDVA has not confirmed the plan/);
    s.cases[0].safetyConfirmed = { at: 2, by: 'p-idva', onBehalf: false };
    expect(decide(s, { type: 'next' }, 3, 20).state.cases[0].phase).toEqual({ kind: 'read-back' });
  });

  it('is skipped in an area with no IDVA service', () => {
    const s = newLiveMeeting('m', ['police', 'housing'], agenda, idvaAgencyOf([]));
    expect(nextPhase(s, s.cases[0], { kind: 'actions', agencyIndex: 1 })).toEqual({ kind: 'read-back' });
  });

  it('finds the IDVA service by its short name or name, not a fixed id', () => {
    expect(idvaAgencyOf([{ id: 'a7', short: 'IDVA', name: 'Independent advocacy' }])).toBe('a7');
    expect(idvaAgencyOf([{ id: 'x', short: 'DVS', name: 'Fenshire IDVA Service' }])).toBe('x');
  });

  it('"late" means after the first case opened, not after the declaration', () => {
    const s = newLiveMeeting('m', ['police'], agenda);
    expect(isLateArrival({ ...s, declarationPostedAt: 1 } as typeof s)).toBe(false);
    expect(isLateArrival(started())).toBe(true);
  });
});
