import pino from 'pino';

/**
 * Structured logs. Personal fields are redacted wherever they appear, as a second line of
 * defence: the code logs ids, references and status codes, never names or message text.
 */
export const REDACT = [
  'victim',
  '*.victim',
  'perpetrators',
  '*.perpetrators',
  'children',
  '*.children',
  'personal',
  '*.personal',
  'name',
  '*.name',
  'displayName',
  '*.displayName',
  'dateOfBirth',
  '*.dateOfBirth',
  'address',
  '*.address',
  'text',
  '*.text',
  'email',
  '*.email',
  'authorization',
  '*.authorization',
  'password',
  '*.password',
  'secret',
  '*.secret',
];

export function createLogger(level: string, destination?: pino.DestinationStream) {
  return pino(
    { level, redact: { paths: REDACT, censor: '[redacted]' }, base: { app: 'marac-for-teams' } },
    destination,
  );
}
export type Logger = ReturnType<typeof createLogger>;
