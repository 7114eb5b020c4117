import { delegateChair } from '@marac/core';
import type { ChatArgs, ChatContext } from './chat-context.js';

/** `delegate <name>`: the named chair lets someone run this meeting (core decides and audits). */
export async function delegate({ deps, meeting, actor, say }: ChatContext, { name }: ChatArgs<'delegate'>) {
  const p = await delegateChair(deps, meeting.id, actor, name);
  return say(`${p.displayName} can now run this meeting as the chair's delegate.`);
}
