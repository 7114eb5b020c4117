import { describe, expect, it } from 'vitest';
import { recogniseConfirmation } from './confirmation-phrases.js';

/** [message as typed in the Teams meeting chat, confirmed?, agency hint expected (confirmed only)] */
type Row = [text: string, confirmed: boolean, agencyHint?: string];

const CONFIRMATIONS: Row[] = [
  // Long statements of having read and agreed to abide by the declaration.
  ['I confirm I have read the declaration and agree to abide by it', true],
  ['I have read the confidentiality statement and I agree to abide by it', true],
  ['I have read and understood the MARAC confidentiality declaration and agree to abide by its terms', true],
  ['I confirm that I have read and understood the declaration and I agree to abide by it', true],
  // A confirmation followed by an apology, or a sign-off with role and agency.
  ['I agree, apologies I have to leave at 11', true],
  ['I agree. Apologies for being late', true],
  ['Agreed - sorry for joining late', true],
  ['Agreed. Jane Smith, Housing Officer, Fenshire Housing', true, 'Housing'],
  ["I agree – Sam Patel, Senior IDVA, Fenshire Women's Aid", true, "Women's Aid"],
  ['Confirmed, thanks. Dr Amy Lee, Named Nurse for Safeguarding, Fenshire NHS Trust', true, 'NHS Trust'],
  ['I agree', true],
  ['Agreed', true],
  ['agree', true],
  ['I confirm', true],
  ['Confirmed', true],
  ['AGREED', true],
  ['Agreed.', true],
  ['agreed!', true],
  ['I agree.', true],
  ['  i agree  ', true],
  ['yes, agree to the declaration', true],
  ['Yes I agree', true],
  ['Yep agreed', true],
  ['I accept', true],
  ['Accepted', true],
  ['happy to agree', true],
  ['Happy to confirm', true],
  ['agreed thank you', true],
  ['Agreed, thanks', true],
  ['Agreed, many thanks', true],
  ['I agree, thank you all', true],
  ['Morning all, I agree', true],
  ['Good morning - agreed', true],
  ['Hi all, agreed', true],
  ['Sorry I’m late, I agree', true],
  ['I hereby agree', true],
  ['I fully agree', true],
  ['I have read and agree to the confidentiality statement', true],
  ['I confirm I have read the declaration', true],
  ['I confirm that I have read and agree to the confidentiality declaration', true],
  ['I can confirm I have read and understood the declaration', true],
  ["I've read and agree", true],
  ['Read & agree', true],
  ['Read and agreed', true],
  ['I agree to the declaration', true],
  ['I agree with the declaration', true],
  ['I agree to the MARAC confidentiality declaration', true],
  ['I agree to abide by these principles', true],
  ['I accept the terms of the declaration', true],
  ['I agree to the above', true],
  ['👍 agreed', true],
  ['Agreed 👍🏽', true],
  ['✅ I agree', true],
  ['I agree ✔️', true],
  ['Agree - J Smith, Housing', true, 'Housing'],
  ['Agreed, Sarah IDVA', true, 'IDVA'],
  ['agree (Police)', true, 'Police'],
  ['I agree to the declaration - Health visitor', true, 'Health visitor'],
  ['Confirm - Probation', true, 'Probation'],
  ['Agree – DC 1234 Smith, Cambs Police', true, 'Police'],
  ['Confirmed - Children’s Social Care', true, "Children's Social Care"],
  ['I agree - Mental Health', true, 'Mental Health'],
  ['Agreed (Drug & Alcohol service)', true, 'Drug & Alcohol service'],
  ["Agree - Women's Aid", true, "Women's Aid"],
  ['Housing - agreed', true, 'Housing'],
  ['IDVA: I agree', true, 'IDVA'],
  ['Sarah Jones IDVA agree', true, 'IDVA'],
  ['Agreed by Housing', true, 'Housing'],
  ['Agreed - Will Smith, Police', true, 'Police'],
  ['Agree - J. Smith', true],
  ['Agreed, Dr Patel', true],
  ['<p>I agree</p>', true],
  ['<at id="0">MARAC bot</at> I agree', true],
  ['<p><at id="0">MARAC bot</at>&nbsp;Agreed</p>', true],
  ['I&nbsp;agree', true],
  ['<p>Agreed&nbsp;&ndash; Housing</p>', true, 'Housing'],
  ['<div><div>Read &amp; agreed</div></div>', true],
  ['<p>Agreed</p><p>Probation</p>', true, 'Probation'],
  ['<p><emoji id="like" alt="👍" title="Like"></emoji> agreed</p>', true],
  ['I agree to the re-read declaration', true],
  ['I agree on behalf of Probation', true, 'Probation'],
  ['Yes agreed - Sam (CSC)', true, 'CSC'],
];

const REFUSALS: Row[] = [
  ["I don't agree", false],
  ['I don’t agree', false],
  ['I dont agree', false],
  ['not agreed yet', false],
  ['I do not confirm', false],
  ["can't agree to that", false],
  ['I cannot confirm', false],
  ["Won't agree", false],
  ['disagree', false],
  ['I disagree', false],
  ['Agreed, not happy about the wording', false],
  ["I haven't read it yet", false],
  ['morning all', false],
  ['can you repeat that?', false],
  ['do we need to agree?', false],
  ['has everyone agreed?', false],
  ["who hasn't agreed yet?", false],
  ['Agreed?', false],
  ['Can everyone confirm they agree please', false],
  ['Please type I agree in the chat', false],
  ['everyone agreed', false],
  ['All agreed', false],
  ['I agree with the police view on risk', false],
  ['I agree with that', false],
  ['agree with the chair', false],
  ['Agree with Housing', false],
  ['I agree to that', false],
  ['I agree that the risk is high', false],
  ['Agreed – risk is very high', false],
  ['I agree, but can we discuss case 2 first', false],
  ['agreed actions for case 3', false],
  ['Agreed actions: Housing to visit', false],
  ['I confirm the victim has moved', false],
  ['confirm receipt of the agenda', false],
  ['I accept the police referral', false],
  ['Confirmed, DV Protection Notice served', false],
  ['Agreed, case 3', false],
  ['Agreed 3', false],
  ['I confirm my attendance', false],
  ['I agree to share information', false],
  ["I'll agree once I've read it", false],
  ['Will confirm after the break', false],
  ["I'd agree with that", false],
  ['will do', false],
  ['👍', false],
  ['👍🏻👍🏻', false],
  ['<emoji id="like" alt="👍" title="Like"></emoji>', false],
  ['ok', false],
  ['yes', false],
  ['Noted', false],
  ['Present', false],
  ['Thanks', false],
  ['', false],
  ['   ', false],
  ['<p>&nbsp;</p>', false],
  ['<at id="0">MARAC bot</at>', false],
  // An apology does not hide a refusal, a question or a condition.
  ['apologies, I do not agree', false],
  ['sorry, I cannot agree', false],
  ['Sorry, do I need to agree?', false],
  ['I agree if the minutes are not shared', false],
  ['I have read the declaration but will agree after the break', false],
  ['I agree to abide by the police decision on case 3', false],
];

describe('recogniseConfirmation', () => {
  it('has a corpus of realistic phrasings', () => {
    expect(CONFIRMATIONS.length + REFUSALS.length).toBeGreaterThanOrEqual(70);
  });

  it.each([...CONFIRMATIONS, ...REFUSALS])('%j → confirmed %s', (text, confirmed, agencyHint) => {
    const r = recogniseConfirmation(text);
    expect(r.confirmed, r.reason).toBe(confirmed);
    expect(r.reason.length).toBeGreaterThan(0);
    if (confirmed) expect(r.agencyHint).toBe(agencyHint);
  });

  it.each([
    ["I don't agree", 'negated'],
    ["I'll agree once I've read it", 'conditional or future'],
    ['has everyone agreed?', 'question'],
    ['I agree with the police view on risk', 'agrees with something else'],
    ['👍', 'emoji only'],
    ['ok', 'no confirmation word'],
    ['', 'empty'],
    ['I agree', 'confirmation'],
  ])('explains %j as %s', (text, reason) => {
    expect(recogniseConfirmation(text).reason).toBe(reason);
  });

  it('refuses overlong messages, even ones that start with a confirmation', () => {
    expect(recogniseConfirmation(`I agree ${'and agree '.repeat(60)}`)).toEqual({
      confirmed: false,
      reason: 'too long',
    });
    expect(recogniseConfirmation(`<p>${'&nbsp;'.repeat(300)}I agree</p>`).confirmed).toBe(true);
  });

  it.each([
    ['plain words', 'I agree '.repeat(12_800)],
    ['unclosed tags', '<'.repeat(100_000)],
    ['entity-like runs', '&#'.repeat(50_000)],
    ['dashes and spaces', '- '.repeat(50_000)],
  ])('returns quickly on a 100 KB input of %s', (_label, text) => {
    expect(text.length).toBeGreaterThanOrEqual(100_000);
    const started = performance.now();
    expect(recogniseConfirmation(text)).toEqual({ confirmed: false, reason: 'too long' });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it.each([
    ['unclosed tags', '<'.repeat(1999)],
    ['apostrophes', "a'".repeat(999)],
    ['dashes', 'a-'.repeat(999)],
    ['mentions', '<at>'.repeat(499)],
  ])('handles pathological input just under the raw limit (%s) in linear time', (_label, text) => {
    const started = performance.now();
    expect(recogniseConfirmation(text).confirmed).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
