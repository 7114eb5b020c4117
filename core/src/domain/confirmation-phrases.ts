/**
 * Is a chat message typed in the MARAC meeting chat a confirmation of the confidentiality
 * declaration? Pure and deliberately strict: a missed confirmation costs the attendee a retype,
 * a false one lets someone hear cases unconfirmed. Every word of the message must belong to a
 * small confirmation vocabulary, apart from a name / agency signature ("Agree - J Smith, Housing").
 *
 * Linear time: HTML is stripped by a hand-written scanner, input is capped before any regex runs,
 * and the few regexes used cannot backtrack catastrophically.
 */
export interface ConfirmationResult {
  confirmed: boolean;
  reason: ConfirmationReason;
  /** Raw agency text from a signature, e.g. "Housing"; the caller maps it to an agency id. */
  agencyHint?: string;
}

export type ConfirmationReason =
  | 'confirmation'
  | 'too long'
  | 'empty'
  | 'emoji only'
  | 'question'
  | 'negated'
  | 'conditional or future'
  | 'no confirmation word'
  | 'agrees with something else'
  | 'unrelated words';

/** Longer than this (raw, HTML included) is refused before any parsing. */
export const MAX_RAW_LENGTH = 2000;
/** Longer than this once tags and entities are gone is not a confirmation. */
export const MAX_TEXT_LENGTH = 500;

const words = (s: string) => new Set(s.split(' '));

const VERBS = words('agree agreed agreeing confirm confirmed confirming accept accepted accepting');
/** What the declaration may be called when someone agrees "to" / "with" it. */
const DECLARATION = words(
  'declaration declarations statement confidentiality confidential agreement principles protocol protocols terms conditions document isa above',
);
const READ = words('read understood understand reviewed');
const FILLER = words(
  'yes yeah yep yup aye ok okay sure absolutely definitely certainly of course fully hereby also too as well same likewise ' +
    "i i've ive i'm im we we've do have am can read re reviewed understood understand and & + happy to abide by from me myself just " +
    "that this it its the a an for with my our on behalf these marac meeting today todays today's information sharing " +
    'thank thanks you cheers ta many kind regards good morning afternoon evening hi hello hiya all everyone everybody both ' +
    'sorry apologies late here now',
);
const GREETINGS = words('morning afternoon evening hi hello hiya thanks thank you');
/** Words allowed only straight after certain others: "thank you", "morning all". */
const ONLY_AFTER: Record<string, Set<string>> = {
  you: words('thank'),
  all: GREETINGS,
  everyone: GREETINGS,
  everybody: GREETINGS,
  both: GREETINGS,
};
const NEGATIONS = words(
  "not no nope nah never neither nor don't dont doesn't doesnt didn't didnt can't cant cannot won't wont wouldn't wouldnt " +
    "shouldn't couldn't haven't havent hasn't hasnt hadn't isn't isnt aren't arent disagree disagreed disagreeing unable refuse decline declined yet",
);
const CONDITIONAL = words(
  "will i'll ill we'll shall once when after if until till later going gonna would could should might may i'd we'd",
);
/** A word before a signature that means the signature is really an object: "agree with Housing". */
const OBJECT_LEADERS = words('with to the a an that this it on of about and & + these my our');
/** Words that make a trailing segment meeting talk rather than a signature. */
const NOT_SIGNATURE = words(
  'case cases action actions risk risks view views point victim perpetrator referral referrals minutes agenda item items plan plans ' +
    'but however although though is are was were be been with about think that this it they he she them his her their the a an to of on in at ' +
    'please everyone all address child',
);
const AGENCY_WORDS = words(
  'police constabulary idva idvas isva housing health probation csc asc social care services education school schools nhs hospital gp ' +
    'midwife midwifery nurse nursing drug drugs alcohol substance cgl refuge aid mash yos youth fire ambulance dwp council cafcass ' +
    "safeguarding children's childrens adult adults women's womens mental early help",
);
const TITLES = words('dc pc ds di dsgt dr mr mrs ms miss mx sgt insp');

interface Token {
  low: string;
  raw: string;
  index: number;
}
interface Segment {
  text: string;
  tokens: Token[];
}

export function recogniseConfirmation(text: string): ConfirmationResult {
  if (text.length > MAX_RAW_LENGTH) return no('too long');
  const { plain, hadEmojiTag } = stripHtml(text);
  const decoded = decodeEntities(plain);
  if (decoded.length > MAX_TEXT_LENGTH) return no('too long');
  const normalised = decoded.replace(/[’‘ʼ`´]/g, "'");
  const noEmoji = normalised.replace(EMOJI, ' ');
  const hadEmoji = hadEmojiTag || noEmoji !== normalised;
  if (!noEmoji.trim()) return no(hadEmoji ? 'emoji only' : 'empty');
  if (noEmoji.includes('?')) return no('question');

  // "I agree, apologies I have to leave at 11": an apology after the confirmation is not part of it.
  const parts = splitSegments(noEmoji).filter((s) => s.tokens.length > 0);
  const segments = parts.length > 1 && !isApology(parts[0]) ? parts.filter((s) => !isApology(s)) : parts;
  const all = segments.flatMap((s) => s.tokens.map((t) => t.low));
  if (all.length === 0) return no(hadEmoji ? 'emoji only' : 'empty');
  if (all.some((w) => NEGATIONS.has(w))) return no('negated');
  if (segments.some(hasConditional)) return no('conditional or future');
  if (!all.some((w) => VERBS.has(w))) return no('no confirmation word');

  let hint: string | undefined;
  let confirmedSomewhere = false;
  for (const seg of segments) {
    const c = classify(seg);
    if (c.kind === 'refused') return no(c.reason);
    if (c.kind === 'core') confirmedSomewhere = true;
    if (c.agency) hint = c.agency;
  }
  if (!confirmedSomewhere) return no('unrelated words');
  return hint
    ? { confirmed: true, reason: 'confirmation', agencyHint: hint }
    : { confirmed: true, reason: 'confirmation' };
}

const startsUpper = (raw: string) => /^\p{Lu}/u.test(raw);

const APOLOGY = words('apologies apology apols sorry');
/** A segment that apologises (for lateness, leaving early) without agreeing or disagreeing to anything. */
const isApology = (seg: Segment) =>
  APOLOGY.has(seg.tokens[0].low) &&
  seg.tokens.length <= 16 &&
  !seg.tokens.some((x) => VERBS.has(x.low) || DECLARATION.has(x.low) || x.low === 'disagree');

/** "will", "may" ... except as a first name in a signature: "Agreed - Will Smith, Police". */
const hasConditional = (seg: Segment) =>
  seg.tokens.some((tok, i) => {
    if (!CONDITIONAL.has(tok.low)) return false;
    const next = seg.tokens[i + 1];
    const asName =
      startsUpper(tok.raw) &&
      next !== undefined &&
      startsUpper(next.raw) &&
      !hasVerb(seg.tokens, 0, seg.tokens.length);
    return !asName;
  });

const no = (reason: ConfirmationReason): ConfirmationResult => ({ confirmed: false, reason });

type Classified =
  | { kind: 'core' | 'filler' | 'signature'; agency?: string }
  | { kind: 'refused'; reason: ConfirmationReason; agency?: undefined };

/** A segment is confirmation words, filler, a signature, or words with a signature before or after. */
function classify(seg: Segment): Classified {
  const t = seg.tokens;
  const ok = t.map((tok, i) => inVocabulary(t, i));
  if (ok.every(Boolean)) return coreOrFiller(t, 0, t.length);

  // "Sarah Jones IDVA agree": a signature, then confirmation words.
  let start = t.length;
  while (start > 0 && ok[start - 1]) start--;
  if (start > 0 && start < t.length && hasVerb(t, start, t.length) && isSignature(seg, 0, start)) {
    const core = coreOrFiller(t, start, t.length);
    if (core.kind === 'refused') return core;
    return { kind: 'core', agency: agencyIn(seg, 0, start) };
  }
  // "Agreed by Housing": confirmation words, then a signature (not an object: "agree with the police").
  const end = ok.indexOf(false);
  const onBehalf = end > 2 && t[end - 1].low === 'of' && t[end - 2].low === 'behalf';
  if (
    end > 0 &&
    hasVerb(t, 0, end) &&
    (onBehalf || !OBJECT_LEADERS.has(t[end - 1].low)) &&
    isSignature(seg, end, t.length)
  ) {
    const core = coreOrFiller(t, 0, end);
    if (core.kind === 'refused') return core;
    return { kind: 'core', agency: agencyIn(seg, end, t.length) };
  }
  if (!hasVerb(t, 0, t.length) && isSignature(seg, 0, t.length))
    return { kind: 'signature', agency: agencyIn(seg, 0, t.length) };
  return {
    kind: 'refused',
    reason: hasObjectAfterVerb(t) ? 'agrees with something else' : 'unrelated words',
  };
}

function inVocabulary(t: Token[], i: number): boolean {
  const w = t[i].low;
  if (VERBS.has(w) || DECLARATION.has(w)) return true;
  if (!FILLER.has(w)) return false;
  const after = ONLY_AFTER[w];
  return !after || (i > 0 && after.has(t[i - 1].low));
}

const hasVerb = (t: Token[], from: number, to: number) => t.slice(from, to).some((x) => VERBS.has(x.low));

/** "agree with X" / "agree to X" count only when X is the declaration; "confirm that ..." only about reading it. */
function coreOrFiller(t: Token[], from: number, to: number): Classified {
  const part = t.slice(from, to).map((x) => x.low);
  let verb = false;
  for (let i = 0; i < part.length; i++) {
    if (!VERBS.has(part[i])) continue;
    verb = true;
    const next = part[i + 1];
    const rest = part.slice(i + 1);
    // "read the declaration and agree to abide by it": what is abided by is what was read.
    const aboutIt = part.some((w) => DECLARATION.has(w)) || (next === 'to' && rest[1] === 'abide');
    if ((next === 'with' || next === 'to') && !aboutIt && !rest.some((w) => DECLARATION.has(w)))
      return { kind: 'refused', reason: 'agrees with something else' };
    if (
      (next === 'that' || next === 'this' || next === 'it') &&
      !rest.some((w) => DECLARATION.has(w) || READ.has(w))
    )
      return { kind: 'refused', reason: 'agrees with something else' };
  }
  return { kind: verb ? 'core' : 'filler' };
}

function hasObjectAfterVerb(t: Token[]): boolean {
  return t.some(
    (x, i) =>
      VERBS.has(x.low) && i + 1 < t.length && (OBJECT_LEADERS.has(t[i + 1].low) || !inVocabulary(t, i + 1)),
  );
}

/** A name and/or agency: "J Smith", "DC 1234 Smith", "Housing", "Sarah IDVA", "Children's Social Care". */
function isSignature(seg: Segment, from: number, to: number): boolean {
  const t = seg.tokens.slice(from, to);
  if (t.length === 0 || t.length > 6) return false;
  if (t.some((x) => NOT_SIGNATURE.has(x.low) || VERBS.has(x.low))) return false;
  if (t.some((x) => AGENCY_WORDS.has(x.low))) return true;
  if (t.every((x) => /^\d/.test(x.raw))) return false;
  return t.every((x) => startsUpper(x.raw) || /^[\d&]/.test(x.raw) || TITLES.has(x.low));
}

/** The raw text from the first agency word to the end of the signature: "Sarah IDVA" gives "IDVA". */
function agencyIn(seg: Segment, from: number, to: number): string | undefined {
  const t = seg.tokens.slice(from, to);
  const first = t.findIndex((x) => AGENCY_WORDS.has(x.low));
  if (first < 0) return undefined;
  const last = t[t.length - 1];
  return seg.text.slice(t[first].index, last.index + last.raw.length);
}

/** Extended pictographs, skin tones, joiners, variation selectors, keycaps and other symbols. */
const EMOJI = /\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{So}|\u{FE0E}|\u{FE0F}|\u{200D}|\u{20E3}/gu;
const TOKEN = /[\p{L}\p{N}]+(?:'[\p{L}]+)*|[&+]/gu;
const BLOCK_TAGS = words('p div br li ul ol tr td h1 h2 h3 h4 blockquote');

/** Drop tags and whole `<at>` mentions in one pass; block tags become line breaks. */
function stripHtml(html: string): { plain: string; hadEmojiTag: boolean } {
  let out = '';
  let hadEmojiTag = false;
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      out += html.slice(i);
      break;
    }
    out += html.slice(i, lt);
    const gt = html.indexOf('>', lt + 1);
    if (gt < 0) {
      out += html.slice(lt);
      break;
    }
    const name =
      /^\/?\s*([a-z][a-z0-9]*)/i.exec(html.slice(lt + 1, Math.min(gt, lt + 20)))?.[1]?.toLowerCase() ?? '';
    i = gt + 1;
    if (name === 'at' && html[lt + 1] !== '/') {
      const close = html.toLowerCase().indexOf('</at>', i);
      i = close < 0 ? html.length : close + 5;
      out += ' ';
    } else if (name === 'emoji' || name === 'img') {
      hadEmojiTag = true;
      out += ' ';
    } else out += BLOCK_TAGS.has(name) ? '\n' : '';
  }
  return { plain: out, hadEmojiTag };
}

const NAMED: Record<string, string> = {
  nbsp: ' ',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  rsquo: "'",
  lsquo: "'",
  ndash: '–',
  mdash: '—',
  hellip: '…',
};

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (whole, body: string) => {
    if (body[0] !== '#') return NAMED[body.toLowerCase()] ?? whole;
    const code =
      body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ' ';
  });
}

const SEPARATORS = new Set([',', ';', ':', '(', ')', '[', ']', '/', '|', '.', '!', '\n', '–', '—', '−']);

/** Split at punctuation that separates a confirmation from a signature; a hyphen only with space beside it. */
function splitSegments(s: string): Segment[] {
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    const dash =
      (c === '-' || c === '‐') &&
      (i === 0 || i === s.length - 1 || /\s/.test(s[i - 1]) || /\s/.test(s[i + 1]));
    if (SEPARATORS.has(c) || dash) {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  parts.push(cur);
  return parts.map((text) => ({
    text,
    tokens: [...text.matchAll(TOKEN)].map((m) => ({ raw: m[0], low: m[0].toLowerCase(), index: m.index })),
  }));
}
