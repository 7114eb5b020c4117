import type { Person } from '../../domain/person.js';
import { isActive } from '../../domain/person.js';
import { type Actor, type RoomDeps, actorRef, audit, loadMeeting, refuse } from './context.js';

/**
 * `delegate <name>`: the meeting's named chair lets someone else run it (a vice-chair taking
 * over, the chair dropping out). Only the named chair may, not a delegate or a coordinator;
 * the person is matched by the name the MARAC tab shows. Audited when done and when refused.
 */
export async function delegateChair(
  deps: RoomDeps,
  meetingId: string,
  actor: Actor,
  name: string,
): Promise<Person> {
  const { store, clock } = deps;
  const subject = `meeting:${meetingId}`;
  const { meeting } = await loadMeeting(store.repos, meetingId);
  if (!actor.person || actor.person.id !== meeting.chairId)
    return refuse(
      store,
      clock,
      actor,
      'meeting.delegate',
      subject,
      'forbidden',
      "Only the meeting's chair can name a delegate.",
    );
  const wanted = name.trim().toLowerCase();
  const person = (await store.repos.people.list()).find(
    (p) => isActive(p) && p.displayName.toLowerCase() === wanted,
  );
  if (!person)
    return refuse(
      store,
      clock,
      actor,
      'meeting.delegate',
      subject,
      'invalid',
      'I do not know that person. Use their name as shown in the MARAC tab.',
    );
  await store.tx(async (r) => {
    const { meeting: m } = await loadMeeting(r, meetingId);
    await r.meetings.put({ ...m, delegateIds: [...new Set([...m.delegateIds, person.id])] }, m.version);
    await audit(r, clock, {
      actor: actorRef(actor),
      action: 'meeting.delegate',
      subject,
      outcome: 'done',
      details: { delegateId: person.id },
    });
  });
  return person;
}
