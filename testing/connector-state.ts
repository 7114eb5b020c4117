/**
 * What the Bot Connector stand-in remembers: each conversation's messages in their current state
 * (so a card updated in place shows as one message with an update count), members, and meeting
 * participants. Shapes follow botframework-schema (Activity, TeamsChannelAccount,
 * TeamsMeetingParticipant).
 */
export interface StandInMessage {
  id: string;
  text?: string;
  attachments?: unknown[];
  /** Set for replies (POST .../activities/{activityId}). */
  replyToId?: string;
  /** How many times PUT replaced this message. */
  updated: number;
  /** The latest activity as received, for anything the helpers above do not lift out. */
  activity: Record<string, unknown>;
}

/** TeamsChannelAccount: `id` is the Teams user id (29:...), `aadObjectId` the Entra object id. */
export interface StandInMember {
  id: string;
  aadObjectId: string;
  name: string;
  email?: string;
  userPrincipalName?: string;
  givenName?: string;
  surname?: string;
  tenantId?: string;
  userRole?: 'user' | 'guest' | 'bot';
}

export interface StandInParticipant {
  aadObjectId: string;
  role: 'Organizer' | 'Presenter' | 'Attendee';
  inMeeting: boolean;
  /** The meeting chat, reported back as `conversation.id`. */
  conversationId: string;
}

export class ConnectorState {
  private readonly conversations = new Map<string, StandInMessage[]>();
  private readonly members = new Map<string, StandInMember[]>();
  private readonly participants = new Map<string, StandInParticipant[]>();
  private readonly personal = new Map<string, string>();
  private nextId = 0;

  /** Teams message ids are epoch-millisecond strings; a counter keeps them unique and ordered. */
  private newId(): string {
    return String(1_700_000_000_000 + ++this.nextId);
  }

  messages(conversationId: string): StandInMessage[] {
    return this.conversations.get(conversationId) ?? [];
  }

  post(conversationId: string, activity: Record<string, unknown>, replyToId?: string): StandInMessage {
    const msg: StandInMessage = { id: this.newId(), updated: 0, replyToId, ...lift(activity), activity };
    const list = this.conversations.get(conversationId) ?? [];
    list.push(msg);
    this.conversations.set(conversationId, list);
    return msg;
  }

  update(
    conversationId: string,
    activityId: string,
    activity: Record<string, unknown>,
  ): StandInMessage | undefined {
    const msg = this.messages(conversationId).find((m) => m.id === activityId);
    if (!msg) return undefined;
    Object.assign(msg, lift(activity), { activity, updated: msg.updated + 1 });
    return msg;
  }

  /** Teams hands back the same 1:1 conversation each time for the same user. */
  createPersonal(member: { id?: string; aadObjectId?: string }): string {
    const key = member.aadObjectId ?? member.id ?? 'unknown';
    let id = this.personal.get(key);
    if (!id) {
      id = `a:1${Buffer.from(key).toString('base64url')}`;
      this.personal.set(key, id);
    }
    return id;
  }

  addMember(conversationId: string, member: StandInMember): void {
    const list = this.members.get(conversationId) ?? [];
    this.members.set(conversationId, [...list.filter((m) => m.id !== member.id), member]);
  }

  /** Teams accepts either the 29: id or the Entra object id here. */
  member(conversationId: string, memberId: string): StandInMember | undefined {
    return this.members.get(conversationId)?.find((m) => m.id === memberId || m.aadObjectId === memberId);
  }

  allMembers(conversationId: string): StandInMember[] {
    return this.members.get(conversationId) ?? [];
  }

  setParticipant(meetingId: string, p: StandInParticipant): void {
    const list = this.participants.get(meetingId) ?? [];
    this.participants.set(meetingId, [...list.filter((x) => x.aadObjectId !== p.aadObjectId), p]);
  }

  participant(meetingId: string, participantId: string): StandInParticipant | undefined {
    return this.participants.get(meetingId)?.find((p) => p.aadObjectId === participantId);
  }

  /** The member record for a participant, from whichever conversation knows them. */
  findMember(aadObjectId: string): StandInMember | undefined {
    for (const list of this.members.values()) {
      const m = list.find((x) => x.aadObjectId === aadObjectId || x.id === aadObjectId);
      if (m) return m;
    }
    return undefined;
  }
}

function lift(activity: Record<string, unknown>): Pick<StandInMessage, 'text' | 'attachments'> {
  return {
    text: typeof activity.text === 'string' ? activity.text : undefined,
    attachments: Array.isArray(activity.attachments) ? activity.attachments : undefined,
  };
}
