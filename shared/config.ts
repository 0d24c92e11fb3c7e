// The namespace import lets esbuild drop the parts of zod a function does not use (≈90 KB instead of ≈450 KB).
import * as z from 'zod';

/**
 * Every environment variable the product reads, named once. Defaults are the local ones, so
 * `npm start` and the tests need nothing set; in AWS the CDK stacks set every value explicitly.
 * A missing or malformed value fails at cold start with a message naming the variable.
 */
const schema = z.object({
  STAGE: z.enum(['local', 'test', 'aws']).default('local'),
  AWS_REGION: z.string().min(1).default('eu-west-3'),
  TABLE_NAME: z.string().min(3).default('booking'),
  /** Set locally (DynamoDB Local); absent in AWS. */
  DYNAMODB_ENDPOINT: z.url().optional(),
  COGNITO_USER_POOL_ID: z.string().min(1).optional(),
  COGNITO_CLIENT_ID: z.string().min(1).optional(),
  /** Set locally (cognito-local); absent in AWS, where the regional endpoint is used. */
  COGNITO_ENDPOINT: z.url().optional(),
  LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
  DEFAULT_TIMEZONE: z
    .string()
    .refine(isIanaTimeZone, 'must be an IANA time zone such as Europe/Paris')
    .default('Europe/Paris'),
  /** Public availability and slot bookings: a slot starts at least this many minutes from now. */
  MIN_NOTICE_MINUTES: z.coerce.number().int().min(0).max(525_600).default(120),
  /** A client may move their own appointment only while its start is at least this many hours away. */
  CLIENT_CHANGE_NOTICE_HOURS: z.coerce.number().int().min(0).max(720).default(24),
  /** ...and less than this many days from now. */
  BOOKING_HORIZON_DAYS: z.coerce.number().int().min(1).max(730).default(90),
  /** A client's requests waiting for the team at once (admins exempt); one more is refused with 429. */
  MAX_OPEN_REQUESTS_PER_CLIENT: z.coerce.number().int().min(1).max(1000).default(5),
  /** A visitor's public booking holds its slot this long while they confirm their e-mail address. */
  PUBLIC_HOLD_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  /** Unconfirmed public holds one e-mail address, and one client address, may ask for per hour; one more is refused with 429. */
  PUBLIC_HOLDS_PER_HOUR: z.coerce.number().int().min(1).max(10_000).default(3),
  /** Largest JSON body a handler accepts; larger ones are refused with 400 before parsing. */
  MAX_BODY_BYTES: z.coerce.number().int().positive().default(64 * 1024),
  SITE_URL: z.url().default('http://localhost:3000'),
  /** EventBridge bus for AppointmentChanged; unset locally, where consumers listen in process. */
  EVENT_BUS_NAME: z.string().min(1).optional(),
  /** Scheduled work (calendar sync, reminders) runs locally every N seconds. */
  SYNC_INTERVAL_SECONDS: z.coerce.number().int().positive().default(900),
  // Email notifications (shared/notify): SES in AWS, .eml files in OUTBOX_DIR everywhere else.
  /** The sender: in AWS a verified SES identity (the CDK sets it). */
  MAIL_FROM_ADDRESS: z.email().default('no-reply@rendez-vous.local'),
  MAIL_FROM_NAME: z.string().min(1).max(100).default('Rendez-vous'),
  /** SES configuration set (event publishing, suppression); unset locally. */
  SES_CONFIGURATION_SET: z.string().min(1).optional(),
  /** Where messages are written when not in AWS; relative paths are from the working directory. */
  OUTBOX_DIR: z.string().min(1).default('.local/outbox'),
  /** Minutes before a confirmed appointment at which a reminder is sent, e.g. "1440,60". */
  REMINDER_OFFSETS_MINUTES: z
    .string()
    .regex(/^\s*\d+\s*(,\s*\d+\s*)*$/, 'must be positive whole minutes separated by commas, e.g. 1440,60')
    .default('1440,60')
    .transform((value) => [...new Set(value.split(',').map(Number))].filter((n) => n > 0).sort((a, b) => b - a))
    .refine((offsets) => offsets.length > 0, 'must name at least one positive number of minutes'),
  /**
   * How late a reminder may still go out: a missed run is caught up within this many minutes;
   * past it (or for an appointment booked inside it) that reminder is skipped.
   */
  REMINDER_WINDOW_MINUTES: z.coerce.number().int().positive().default(60),
  // External services: each base URL defaults to the real provider so tests can point it at a fake.
  LAGO_API_URL: z.url().default('https://api.getlago.com/api/v1'),
  /** Lago API key (Developers > API keys). Unset: the pay route answers 503 and the site hides the button. */
  LAGO_API_KEY: z.string().min(1).optional(),
  /** The organisation's HMAC key (Developers > Webhooks), for webhooks signed with `hmac`. */
  LAGO_WEBHOOK_HMAC_KEY: z.string().min(1).optional(),
  /** Lago's RSA public key (PEM, or base64 of the PEM as Lago serves it) for `jwt` webhooks; never fetched (that takes the API key). */
  LAGO_WEBHOOK_PUBLIC_KEY: z.string().min(1).optional(),
  /** Each call to Lago is abandoned after this long (a Lambda behind the API has 10 s in all). */
  LAGO_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(4000),
  // Calendar connections (docs/CALENDAR_SYNC.md). A provider without client id + secret is "not configured".
  GOOGLE_CLIENT_ID: z.string().min(1).optional(),
  GOOGLE_CLIENT_SECRET: z.string().min(1).optional(),
  /** Default: SITE_URL + /api/calendar/callback/google. */
  GOOGLE_REDIRECT_URI: z.url().optional(),
  MICROSOFT_CLIENT_ID: z.string().min(1).optional(),
  MICROSOFT_CLIENT_SECRET: z.string().min(1).optional(),
  /** Default: SITE_URL + /api/calendar/callback/microsoft. */
  MICROSOFT_REDIRECT_URI: z.url().optional(),
  /** The KMS key that wraps the data keys of OAuth tokens (AWS). */
  TOKEN_KMS_KEY_ID: z.string().min(1).optional(),
  /** Without TOKEN_KMS_KEY_ID: the local master key (base64 of 32 bytes) that wraps data keys. */
  LOCAL_TOKEN_MASTER_KEY: z
    .string()
    .refine((value) => Buffer.from(value, 'base64').length === 32, 'must be 32 bytes in base64 (openssl rand -base64 32)')
    .optional(),
  /** The calendar sync queue (AWS); unset locally, where the worker runs in process. */
  SYNC_QUEUE_URL: z.url().optional(),
  /**
   * Push notifications from the providers (Google channels, Graph subscriptions), so changes come
   * in within seconds rather than at the next scheduled sync. Providers only call https URLs:
   * `auto` turns them on when SITE_URL is https.
   */
  CALENDAR_NOTIFICATIONS: z.enum(['auto', 'on', 'off']).default('auto'),
  /** A notification queues a sync this many seconds later; further notifications meanwhile ride on it. */
  CALENDAR_NOTIFICATION_DELAY_SECONDS: z.coerce.number().int().min(0).max(900).default(10),
  /** Each call to Google or Microsoft is abandoned after this long. */
  CALENDAR_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(8000),
  GOOGLE_AUTH_URL: z.url().default('https://accounts.google.com/o/oauth2/v2/auth'),
  GOOGLE_TOKEN_URL: z.url().default('https://oauth2.googleapis.com/token'),
  GOOGLE_REVOKE_URL: z.url().default('https://oauth2.googleapis.com/revoke'),
  GOOGLE_CALENDAR_API_URL: z.url().default('https://www.googleapis.com/calendar/v3'),
  MICROSOFT_AUTHORITY_URL: z.url().default('https://login.microsoftonline.com/common'),
  MICROSOFT_GRAPH_URL: z.url().default('https://graph.microsoft.com/v1.0'),
});

export type Config = z.infer<typeof schema>;

/** The names of the variables the handlers read: what a process running them must be given. */
export const CONFIG_VARIABLES = Object.keys(schema.shape) as ReadonlyArray<keyof Config>;

export function isIanaTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses an environment; throws a ConfigError that names every bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  // An empty string means "unset" (as in `FOO= npm start`), not an invalid value.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(present);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return result.data;
}

let cached: Config | undefined;

/** The process configuration, parsed once (at cold start in Lambda). */
export function config(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

/** For the local runtime and tests, after they have set the environment. */
export function resetConfig(): void {
  cached = undefined;
}
