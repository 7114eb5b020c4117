import { z } from 'zod';

/**
 * Configuration, read once at boot from the environment and frozen. Invalid values stop
 * start-up with a message naming the variable. Secret values are never logged.
 * Bot Framework keeps its usual names (MicrosoftAppId, ...), as Azure Bot Service sets them.
 */
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  /** Interface to listen on: 127.0.0.1 in development (the dev sign-in stays on this machine), 0.0.0.0 in production. */
  HOST: z.string().min(1).optional(),
  /** Entra object ids (comma separated) that become MARAC administrators on first sign-in: how a new install starts. */
  BOOTSTRAP_ADMIN_OBJECT_IDS: z
    .string()
    .regex(
      /^\s*[0-9a-fA-F-]{36}(\s*,\s*[0-9a-fA-F-]{36})*\s*$/,
      'must be Entra object ids (GUIDs), comma separated',
    )
    .optional(),
  /** Where the app is reachable from Teams, e.g. https://marac.example.org (manifest, links in cards). */
  PUBLIC_BASE_URL: z.string().url().default('http://localhost:3978'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  /** base64 of 32 random bytes; in development one is generated into DATA_DIR with a warning. */
  DATA_ENCRYPTION_KEY: z.string().optional(),
  /** base64 of 32 random bytes: keys the audit chain's MACs and checkpoints; generated in dev. */
  AUDIT_MAC_KEY: z.string().optional(),
  MicrosoftAppId: z.string().uuid("must be the bot's Entra application (client) id").optional(),
  MicrosoftAppPassword: z.string().optional(),
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('SingleTenant'),
  MicrosoftAppTenantId: z.string().optional(),
  /** Entra tenants whose users may sign in to the tab (comma separated); defaults to MicrosoftAppTenantId. */
  ALLOWED_TENANT_IDS: z.string().optional(),
  /** Entra authority host; tests point it at a loopback stand-in. */
  ENTRA_AUTHORITY_HOST: z.string().url().default('https://login.microsoftonline.com'),
  GRAPH_BASE_URL: z.string().url().default('https://graph.microsoft.com'),
  /** The Teams app id from the manifest, for installing the app into meeting chats via Graph. */
  TEAMS_APP_ID: z.string().optional(),
  /** Development sign-in in the tab: only when NODE_ENV=development and no MicrosoftAppId. */
  DEV_SIGN_IN: z.enum(['on', 'off']).optional(),
  /** Seed the fictional demonstration area and meeting (default: on in development). */
  SEED_DEMO: z.enum(['on', 'off']).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Run the daily action follow-up at this local hour (Europe/London wall clock, both sides of the clock change). */
  REMINDER_HOUR: z.coerce.number().int().min(0).max(23).optional(),
  /** The setting's old name, kept so existing deployments still start: read as the same local hour. */
  REMINDER_HOUR_UTC: z.coerce.number().int().min(0).max(23).optional(),
  APPLICATIONINSIGHTS_CONNECTION_STRING: z.string().optional(),
  /**
   * This instance's name, the same across its restarts (default: App Service's WEBSITE_INSTANCE_ID,
   * else the host name), so a restarted instance takes back its outbox leases at once.
   */
  INSTANCE_ID: z
    .string()
    .regex(/^[\w.-]{1,100}$/, 'letters, digits, . _ - only')
    .optional(),
  WEBSITE_INSTANCE_ID: z.string().optional(),
});

export type Config = Readonly<
  z.infer<typeof schema> & {
    devSignIn: boolean;
    seedDemo: boolean;
    allowedTenantIds: string[];
    bootstrapAdminIds: string[];
    host: string;
    botAuth: boolean;
    /** Local hour of the daily follow-up: REMINDER_HOUR, else REMINDER_HOUR_UTC (old name), else 8. */
    reminderHour: number;
  }
>;

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const clean = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(clean);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  const botAuth = !!c.MicrosoftAppId;
  if (botAuth && c.MicrosoftAppType !== 'UserAssignedMSI' && !c.MicrosoftAppPassword)
    throw new ConfigError(
      'Invalid configuration:\n  MicrosoftAppPassword: required when MicrosoftAppId is set',
    );
  if (botAuth && c.MicrosoftAppType === 'SingleTenant' && !c.MicrosoftAppTenantId)
    throw new ConfigError('Invalid configuration:\n  MicrosoftAppTenantId: required for a SingleTenant bot');
  const production = c.NODE_ENV === 'production';
  // The bot endpoint must never run unauthenticated in production.
  if (production && !c.MicrosoftAppId)
    throw new ConfigError(
      "Invalid configuration:\n  MicrosoftAppId: required in production (the bot's Entra app id, with MicrosoftAppPassword or MicrosoftAppType=UserAssignedMSI)",
    );
  if (production && !c.AUDIT_MAC_KEY)
    throw new ConfigError(
      'Invalid configuration:\n  AUDIT_MAC_KEY: required in production (base64 of 32 bytes, kept outside the database)',
    );
  if (production && !c.DATA_ENCRYPTION_KEY)
    throw new ConfigError(
      'Invalid configuration:\n  DATA_ENCRYPTION_KEY: required in production (base64 of 32 bytes)',
    );
  if (c.DEV_SIGN_IN === 'on' && (production || botAuth))
    throw new ConfigError(
      'Invalid configuration:\n  DEV_SIGN_IN: cannot be on with NODE_ENV=production or a MicrosoftAppId',
    );
  const devSignIn = !production && !botAuth && c.DEV_SIGN_IN !== 'off';
  const allowedTenantIds = (c.ALLOWED_TENANT_IDS ?? c.MicrosoftAppTenantId ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return Object.freeze({
    ...c,
    devSignIn,
    seedDemo: c.SEED_DEMO ? c.SEED_DEMO === 'on' : !production,
    allowedTenantIds,
    bootstrapAdminIds: (c.BOOTSTRAP_ADMIN_OBJECT_IDS ?? '')
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
    host: c.HOST ?? (production ? '0.0.0.0' : '127.0.0.1'),
    botAuth,
    reminderHour: c.REMINDER_HOUR ?? c.REMINDER_HOUR_UTC ?? 8,
  });
}
