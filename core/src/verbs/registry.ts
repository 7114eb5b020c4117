import type { VerbDef } from './types.js';

const meeting = (verb: string) => ({ verb, scope: 'meeting' as const });
/** A meeting's card that lives in each person's 1:1 chat (e.g. the published agenda). */
const meetingIn1to1 = (verb: string) => ({ verb, scope: 'meeting' as const, from: 'personal' as const });
const onAction = (verb: string) => ({ verb, scope: 'action' as const });
const rest = (re: RegExp) => (text: string) => re.exec(text) ?? undefined;

/**
 * Every verb of the app, once: what is typed in the meeting chat, what a card button sends and
 * what the tab's live controls send. The chat parser, `help`, the manifest's command lists, the
 * tab's chair-control schema and the bot's card router are all derived from this list; the bot
 * binds a handler to each name (bot/src/verbs/), and the compiler says when one is missing.
 */
export const VERBS = [
  {
    name: 'link',
    words: ['link'],
    usage: 'link <CODE>',
    who: 'linker',
    help: 'link this chat to a MARAC meeting',
    parse: (r: string) => {
      const m = rest(/^([a-z0-9-]{2,32})$/i)(r);
      return m && { code: m[1] };
    },
    manifest: "link CODE: connect this meeting's chat to the MARAC meeting set up in the tab",
  },
  {
    name: 'declaration',
    words: ['declaration', 'read declaration', 'post declaration'],
    who: 'chair',
    help: 'post the confidentiality declaration',
    tab: true,
    manifest: 'Post the confidentiality declaration for everyone present to confirm',
  },
  {
    name: 'start',
    words: ['start'],
    who: 'chair',
    help: 'open the meeting once everyone present has confirmed',
    chair: true,
    card: meeting('chair.start'),
    tab: true,
    manifest:
      "Open the first case once everyone present has confirmed ('override REASON' to proceed anyway, recorded)",
  },
  {
    name: 'override',
    words: ['override'],
    usage: 'override <reason>',
    who: 'chair',
    help: 'start, or open the next case, although someone present has not confirmed (recorded)',
    parse: (r: string) => ({ reason: r.trim() }),
  },
  {
    name: 'next',
    words: ['next'],
    who: 'chair',
    help: 'next agency or phase',
    chair: true,
    card: meeting('chair.next'),
    tab: true,
    manifest: "Next agency in the batting order ('back' returns to the previous one)",
  },
  {
    name: 'back',
    words: ['back'],
    who: 'chair',
    help: 'previous agency or phase',
    chair: true,
    card: meeting('chair.back'),
    tab: true,
  },
  {
    name: 'next-case',
    words: ['next case'],
    who: 'chair',
    help: 'close this case and open the next',
    chair: true,
    card: meeting('chair.next-case'),
    tab: true,
    manifest:
      "Read back actions and open the next case ('case N' jumps to item N, 'defer' moves this case to a later meeting)",
  },
  {
    name: 'case',
    words: ['case'],
    usage: 'case N',
    who: 'chair',
    help: 'open case N',
    chair: true,
    tab: true,
    parse: (r: string) => {
      const m = rest(/^(\d{1,3})$/i)(r);
      return m && { position: Number(m[1]) };
    },
    args: { position: { kind: 'int', min: 1, max: 999, message: 'Give the agenda number of the case.' } },
  },
  {
    name: 'no-information',
    words: ['none', 'no information', 'no info', 'nothing held', 'no information held'],
    who: 'chair',
    help: 'the current agency holds no information',
    chair: true,
    tab: true,
  },
  {
    name: 'pause',
    words: ['pause'],
    who: 'chair',
    help: 'stop the case timer',
    chair: true,
    card: meeting('chair.pause'),
    tab: true,
    manifest: "Pause the case timer ('resume' restarts it)",
  },
  {
    name: 'resume',
    words: ['resume'],
    who: 'chair',
    help: 'restart the case timer',
    chair: true,
    card: meeting('chair.resume'),
    tab: true,
  },
  {
    name: 'extend',
    words: ['extend'],
    usage: 'extend [minutes]',
    who: 'chair',
    help: 'add time to this case (default 5)',
    chair: true,
    card: meeting('chair.extend'),
    tab: true,
    parse: (r: string) => {
      const m = rest(/^(\d{1,3})?(?:\s*min(?:ute)?s?)?$/i)(r);
      return m && { minutes: m[1] ? Number(m[1]) : 5 };
    },
    args: { minutes: { kind: 'int', min: 1, max: 60, default: 5, message: 'Extend by 1 to 60 minutes.' } },
    manifest: "extend MINUTES: more time for this case ('plus' hears it as MARAC Plus)",
  },
  {
    name: 'defer',
    words: ['defer'],
    usage: 'defer <reason>',
    who: 'chair',
    help: 'move this case to a later meeting',
    chair: true,
    tab: true,
    parse: (r: string) => ({ reason: r.trim() }),
    args: { reason: { kind: 'text', max: 500, required: 'Say why the case is deferred.' } },
  },
  {
    name: 'plus',
    words: ['plus', 'marac plus'],
    who: 'chair',
    help: 'refer this case to MARAC Plus',
    chair: true,
    card: meeting('chair.plus'),
    tab: true,
  },
  {
    name: 'action',
    words: ['action'],
    usage: 'action <Agency>: <what> by <date>',
    who: 'anyone',
    help: 'record an action (the chair accepts one that is not SMART yet)',
    parse: (r: string) => {
      const m = rest(
        /^([^:]{2,60}):\s*(.+?)(?:\s+by\s+([0-9]{1,2}(?:st|nd|rd|th)?\s+[a-z]{3,9}\.?(?:\s+\d{4})?|\d{4}-\d{2}-\d{2}|\d{1,2}\/\d{1,2}\/\d{2,4}|\S+))?$/i,
      )(r);
      return m && { agency: m[1].trim(), description: m[2].trim(), due: m[3]?.trim() };
    },
  },
  {
    name: 'safe',
    words: ['safe', 'plan is safe', 'the plan is safe'],
    who: 'anyone',
    help: "the IDVA confirms the plan is as safe as possible (the chair may, on the IDVA's behalf)",
    card: meeting('case.safe'),
  },
  {
    name: 'status',
    words: ['status'],
    who: 'anyone',
    help: 'where the meeting is',
    manifest: 'Current case, speaker, time left and who has not confirmed',
  },
  {
    name: 'end',
    words: ['end', 'end meeting'],
    who: 'chair',
    help: 'close the meeting and post the summary',
    chair: true,
    card: meeting('chair.end'),
    tab: true,
    manifest: 'Close the meeting; each agency then receives its actions',
  },
  {
    name: 'delegate',
    words: ['delegate'],
    usage: 'delegate <name>',
    who: 'named-chair',
    help: 'let someone run this meeting as your delegate',
    parse: (r: string) => (r.length >= 2 && r.length <= 80 ? { name: r.trim() } : undefined),
  },
  {
    name: 'help',
    words: ['help', '?', 'commands'],
    who: 'anyone',
    help: 'these commands',
    manifest: 'Every command, with who may use it',
    personalManifest: "What this bot does and where to find your agency's actions",
  },
  // Card buttons only.
  {
    name: 'declaration.confirm',
    who: 'anyone',
    help: 'confirm the confidentiality declaration',
    card: meeting('declaration.confirm'),
  },
  {
    name: 'declaration.refresh',
    who: 'anyone',
    help: 'the declaration card as this person should see it',
    card: meeting('declaration.refresh'),
  },
  {
    name: 'opening.review',
    who: 'chair',
    help: "record an outstanding action's review",
    card: meeting('opening.review'),
  },
  {
    name: 'chair.refresh',
    who: 'anyone',
    help: "the chair's controls (a view-only card for others)",
    card: meeting('chair.refresh'),
  },
  { name: 'action.form', who: 'anyone', help: 'the add-action form', card: meeting('action.form') },
  { name: 'action.add', who: 'anyone', help: 'add an action to the case', card: meeting('action.add') },
  { name: 'action.manage', who: 'anyone', help: "the case's actions", card: meeting('action.manage') },
  {
    name: 'action.edit-form',
    who: 'chair-or-owner',
    help: 'edit an action',
    card: meeting('action.edit-form'),
  },
  { name: 'action.edit', who: 'chair-or-owner', help: 'save an edited action', card: meeting('action.edit') },
  { name: 'action.remove', who: 'chair-or-owner', help: 'remove an action', card: meeting('action.remove') },
  {
    name: 'action.refresh',
    who: 'owning-agency',
    help: 'the action card as it now stands',
    card: onAction('action.refresh'),
  },
  {
    name: 'action.complete',
    who: 'owning-agency',
    help: 'mark the action complete',
    card: onAction('action.complete'),
  },
  {
    name: 'action.update',
    who: 'owning-agency',
    help: 'record progress',
    card: onAction('action.update'),
  },
  {
    name: 'action.cannot-complete',
    who: 'owning-agency',
    help: 'say the action cannot be completed, and what instead',
    card: onAction('action.cannot-complete'),
  },
  // The published agenda in a representative's 1:1 chat.
  {
    name: 'research.refresh',
    who: 'invited-agency',
    help: "the agenda card with this agency's research returns so far",
    card: meetingIn1to1('research.refresh'),
  },
  {
    name: 'research.none',
    who: 'invited-agency',
    help: 'record "no information held" on a case, with one click',
    card: meetingIn1to1('research.none'),
  },
] as const satisfies readonly VerbDef[];

export type Verb = (typeof VERBS)[number];
export type VerbName = Verb['name'];
