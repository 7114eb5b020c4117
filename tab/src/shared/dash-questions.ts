/**
 * The 24 questions of the SafeLives Dash risk checklist (for Idvas and non-police agencies),
 * in SafeLives' wording; "[name of abuser(s)]" is written as "the abuser". `hint` is the
 * prompt printed under the question on the checklist.
 */
export interface DashQuestion {
  number: number;
  text: string;
  hint?: string;
}

export const DASH_QUESTIONS: readonly DashQuestion[] = [
  {
    number: 1,
    text: 'Has the current incident resulted in injury?',
    hint: 'Please state what and whether this is the first injury.',
  },
  { number: 2, text: 'Are you very frightened?' },
  {
    number: 3,
    text: 'What are you afraid of? Is it further injury or violence?',
    hint: 'Give an indication of what you think the abuser might do and to whom, including children.',
  },
  {
    number: 4,
    text: 'Do you feel isolated from family/friends?',
    hint: 'Does the abuser try to stop you from seeing friends/family/doctor or others?',
  },
  { number: 5, text: 'Are you feeling depressed or having suicidal thoughts?' },
  { number: 6, text: 'Have you separated or tried to separate from the abuser within the past year?' },
  { number: 7, text: 'Is there conflict over child contact?' },
  {
    number: 8,
    text: 'Does the abuser constantly text, call, contact, follow, stalk or harass you?',
    hint: 'Whether you believe this is done deliberately to intimidate you.',
  },
  { number: 9, text: 'Are you pregnant or have you recently had a baby (within the last 18 months)?' },
  { number: 10, text: 'Is the abuse happening more often?' },
  { number: 11, text: 'Is the abuse getting worse?' },
  {
    number: 12,
    text: 'Does the abuser try to control everything you do and/or are they excessively jealous?',
    hint: 'Relationships, who you see, being "policed" at home, what to wear. Consider honour-based violence.',
  },
  { number: 13, text: 'Has the abuser ever used weapons or objects to hurt you?' },
  { number: 14, text: 'Has the abuser ever threatened to kill you or someone else and you believed them?' },
  { number: 15, text: 'Has the abuser ever attempted to strangle / choke / suffocate / drown you?' },
  {
    number: 16,
    text: 'Does the abuser do or say things of a sexual nature that make you feel bad or that physically hurt you or someone else?',
  },
  {
    number: 17,
    text: 'Is there any other person who has threatened you or who you are afraid of?',
    hint: 'Consider extended family if honour-based violence.',
  },
  {
    number: 18,
    text: 'Do you know if the abuser has hurt anyone else?',
    hint: 'Children, siblings, elderly relatives, someone from a previous relationship. Consider honour-based violence.',
  },
  { number: 19, text: 'Has the abuser ever mistreated an animal or the family pet?' },
  {
    number: 20,
    text: 'Are there any financial issues?',
    hint: 'Dependent on the abuser for money, they recently lost their job, other financial issues.',
  },
  {
    number: 21,
    text: 'Has the abuser had problems in the past year with drugs (prescription or other), alcohol or mental health leading to problems in leading a normal life?',
  },
  { number: 22, text: 'Has the abuser ever threatened or attempted suicide?' },
  {
    number: 23,
    text: 'Has the abuser ever broken bail/an injunction and/or formal agreement for when they can see you and/or the children?',
    hint: 'Bail conditions, non-molestation or occupation order, child contact arrangements, forced marriage protection order.',
  },
  {
    number: 24,
    text: 'Do you know if the abuser has ever been in trouble with the police or has a criminal history?',
    hint: 'Domestic abuse, sexual violence, other violence, other.',
  },
];
