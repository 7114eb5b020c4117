import { type ChatArgs, type ChatContext, refusal } from './chat-context.js';

/** `delegate <name>`: the named chair lets someone run this meeting. */
export async function delegate({ deps, meeting, actor, say }: ChatContext, { name }: ChatArgs<'delegate'>) {
  const r = deps.store.repos;
  if (actor.person?.id !== meeting.chairId) return refusal(deps, actor, meeting.id, 'delegate');
  const p = (await r.people.list()).find((x) => x.displayName.toLowerCase() === name.toLowerCase());
  if (!p) return say('I do not know that person. Use their name as shown in the MARAC tab.');
  await r.meetings.put(
    { ...meeting, delegateIds: [...new Set([...meeting.delegateIds, p.id])] },
    meeting.version,
  );
  return say(`${p.displayName} can now run this meeting as the chair's delegate.`);
}
