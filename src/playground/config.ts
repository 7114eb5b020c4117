import { DEMO_PEOPLE, demoAadObjectId } from '@marac/core';

/** The Playground's fixed ids: its tenant, the bot, and the chat where the demonstration meeting runs. */
export const PLAYGROUND = {
  tenantId: '00000000-0000-4000-8000-00000000a11a',
  botId: '00000000-0000-4000-8000-0000000b0711',
  meetingChatId: '19:marac-demo-meeting@thread.v2',
  personalChatId: 'a:marac-demo-personal',
  /** Whom the Playground speaks as at first: the demonstration chair. */
  currentUser: 'p-chair',
  /** The Playground holds exactly five other users: the people a demonstration meeting needs. */
  users: ['p-coordinator', 'p-police', 'p-housing', 'p-csc', 'p-idva'],
} as const;

/** YAML single-quoted, as the project's prettier writes it. */
const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * `.m365agentsplayground.yml`: the Playground's users are the demonstration people (their Teams
 * ids and Entra object ids as the demo seed knows them), so in the Playground's group chat one can
 * be the chair, the police or the housing representative and click through a meeting.
 */
export function playgroundConfig(): string {
  const user = (p: (typeof DEMO_PEOPLE)[number], indent: string) => {
    const [given, ...rest] = p.name.split(' ');
    const email = `${p.name.toLowerCase().replace(/[^a-z]+/g, '.')}@fenshire.example`;
    return [
      `id: ${quote(`29:${p.id}`)}`,
      `name: ${quote(p.name)}`,
      `userPrincipleName: ${quote(email)}`,
      `aadObjectId: ${quote(demoAadObjectId(p.id))}`,
      `givenName: ${quote(given)}`,
      `surname: ${quote(rest.join(' ') || given)}`,
      `email: ${quote(email)}`,
    ]
      .map((l, i) => (i === 0 ? l : `${indent}${l}`))
      .join('\n');
  };
  const me = DEMO_PEOPLE.find((p) => p.id === PLAYGROUND.currentUser)!;
  const others = PLAYGROUND.users.map((id) => DEMO_PEOPLE.find((p) => p.id === id)!);
  return [
    '# Microsoft 365 Agents Playground: `npm run playground`. Generated from the demonstration',
    '# people (src/playground/config.ts); a test fails when it is out of date.',
    "version: '0.1.1'",
    `tenantId: ${quote(PLAYGROUND.tenantId)}`,
    'bot:',
    `  id: ${quote(PLAYGROUND.botId)}`,
    "  name: 'MARAC'",
    'currentUser:',
    `  ${user(me, '  ')}`,
    'users:',
    ...others.map((p) => `  - ${user(p, '    ')}`),
    'personalChat:',
    `  id: ${quote(PLAYGROUND.personalChatId)}`,
    'groupChat:',
    `  id: ${quote(PLAYGROUND.meetingChatId)}`,
    "  name: 'Fenshire MARAC (demonstration)'",
    'team:',
    "  id: '19:marac-demo-team@thread.tacv2'",
    "  name: 'Fenshire MARAC'",
    "  aadGroupId: '00000000-0000-4000-8000-0000000c0ffe'",
    '  channels:',
    "    - id: '19:marac-demo-coordinators@thread.tacv2'",
    "      name: 'Coordinators'",
    '',
  ].join('\n');
}
