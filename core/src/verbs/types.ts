/**
 * Who may use a verb. The core use case enforces it (and audits a refusal); the registry says it
 * once so that `help`, the manifest and the tab describe the same rule.
 */
export type Who =
  | 'anyone' // anyone in the chat
  | 'chair' // the chair, a delegate the chair named, or a coordinator (`mayChair`)
  | 'named-chair' // the meeting's named chair only
  | 'linker' // a chair, coordinator or admin (`mayLink`)
  | 'owning-agency' // members of the action's agency, or a coordinator (`mayViewAction`)
  | 'chair-or-owner' // either of the two above (`whyNotChange`)
  | 'invited-agency'; // representatives of an agency invited to the meeting (`researchMeeting`)

/** A number or text argument as a card or the tab sends it (the chat parses its own way). */
export type ArgSpec =
  | { kind: 'int'; min: number; max: number; default?: number; message: string }
  | { kind: 'text'; max: number; required?: string };

/** Where a card verb acts: on a meeting matched to the chat, or on an agency's action anywhere. */
export type CardScope = 'meeting' | 'action';

export interface VerbDef {
  /** The verb's one name: the card verb is `<card prefix>.<name>`, the tab sends `{ type: name }`. */
  name: string;
  /** Typed in the meeting chat: the first word is what `help` shows, the others are aliases. */
  words?: readonly string[];
  /** How `help` shows it with its arguments, e.g. `extend [minutes]`. */
  usage?: string;
  who: Who;
  help: string;
  /** The rest of a typed line (after the word) as arguments; absent: the word alone. */
  parse?: (rest: string) => object | undefined;
  /** A step of the live meeting (`decide()` in core/domain/live-meeting.ts is its handler). */
  chair?: true;
  /** The card verb, when a card button sends it (`chair.next`, `action.complete`). */
  card?: {
    verb: string;
    scope: CardScope;
    /** Meeting-scoped verbs act only from that meeting's chat, unless sent from a 1:1 card. */
    from?: 'personal';
  };
  /** A control of the tab's live view (`POST /api/meetings/:id/chair`). */
  tab?: true;
  /** The arguments a card or the tab sends (validated the same way on both). */
  args?: Readonly<Record<string, ArgSpec>>;
  /** Listed in the Teams manifest's bot command list (ten at most per scope). */
  manifest?: string;
  /** Listed in the personal (1:1) chat's command list. */
  personalManifest?: string;
}
