// zod/mini (the same zod 4 package): every function parses this at cold start, and its schemas are
// plain functions, cheaper to build than the classic ones (which carry every method on every schema).
import * as z from 'zod/mini';
import './zod-messages.ts';

/**
 * Every environment variable the product reads, named once. Defaults are the local ones, so
 * `npm start` and the tests need nothing set; in AWS the CDK stacks set every value explicitly.
 * A missing or malformed value fails at cold start with a message naming the variable.
 */
/** A whole number within [min, max], from the variable's text. */
const count = (min: number, max: number, fallback: number) => z._default(z.pipe(z.coerce.number(), z.int().check(z.minimum(min), z.maximum(max))), fallback);
const positiveCount = (fallback: number) => z._default(z.pipe(z.coerce.number(), z.int().check(z.positive())), fallback);
const text = (min = 1) => z.string().check(z.minLength(min));

const schema = z.object({
  STAGE: z._default(z.enum(['local', 'test', 'aws']), 'local'),
  AWS_REGION: z._default(text(), 'eu-west-3'),
  TABLE_NAME: z._default(text(3), 'booking'),
  /** Set locally (DynamoDB Local); absent in AWS. */
  DYNAMODB_ENDPOINT: z.optional(z.url()),
  COGNITO_USER_POOL_ID: z.optional(text()),
  COGNITO_CLIENT_ID: z.optional(text()),
  /** Set locally (cognito-local); absent in AWS, where the regional endpoint is used. */
  COGNITO_ENDPOINT: z.optional(z.url()),
  LOG_LEVEL: z._default(z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']), 'INFO'),
  DEFAULT_TIMEZONE: z._default(z.string().check(z.refine(isIanaTimeZone, 'must be an IANA time zone such as Europe/Paris')), 'Europe/Paris'),
  /** Public availability and slot bookings: a slot starts at least this many minutes from now. */
  MIN_NOTICE_MINUTES: count(0, 525_600, 120),
  /** A client may move their own appointment only while its start is at least this many hours away. */
  CLIENT_CHANGE_NOTICE_HOURS: count(0, 720, 24),
  /** ...and less than this many days from now. */
  BOOKING_HORIZON_DAYS: count(1, 730, 90),
  /** A client's requests waiting for the team at once (admins exempt); one more is refused with 429. */
  MAX_OPEN_REQUESTS_PER_CLIENT: count(1, 1000, 5),
  /** A visitor's public booking holds its slot this long while they confirm their e-mail address. */
  PUBLIC_HOLD_MINUTES: count(1, 1440, 15),
  /** Unconfirmed public holds one e-mail address, and one client address, may ask for per hour; one more is refused with 429. */
  PUBLIC_HOLDS_PER_HOUR: count(1, 10_000, 3),
  /** Largest JSON body a handler accepts; larger ones are refused with 400 before parsing. */
  MAX_BODY_BYTES: positiveCount(64 * 1024),
  SITE_URL: z._default(z.url(), 'http://localhost:3000'),
  /** EventBridge bus for AppointmentChanged; unset locally, where consumers listen in process. */
  EVENT_BUS_NAME: z.optional(text()),
  /** Scheduled work (calendar sync, reminders) runs locally every N seconds. */
  SYNC_INTERVAL_SECONDS: positiveCount(900),
  // Email notifications (shared/notify): SES in AWS, .eml files in OUTBOX_DIR everywhere else.
  /** The sender: in AWS a verified SES identity (the CDK sets it). */
  MAIL_FROM_ADDRESS: z._default(z.email(), 'no-reply@rendez-vous.local'),
  MAIL_FROM_NAME: z._default(z.string().check(z.minLength(1), z.maxLength(100)), 'Rendez-vous'),
  /** SES configuration set (event publishing, suppression); unset locally. */
  SES_CONFIGURATION_SET: z.optional(text()),
  /** Where messages are written when not in AWS; relative paths are from the working directory. */
  OUTBOX_DIR: z._default(text(), '.local/outbox'),
  /** Minutes before a confirmed appointment at which a reminder is sent, e.g. "1440,60". */
  REMINDER_OFFSETS_MINUTES: z.pipe(
    z._default(z.string().check(z.regex(/^\s*\d+\s*(,\s*\d+\s*)*$/, 'must be positive whole minutes separated by commas, e.g. 1440,60')), '1440,60'),
    z
      .transform((value: string) => [...new Set(value.split(',').map(Number))].filter((n) => n > 0).sort((a, b) => b - a))
      .check(z.refine((offsets: number[]) => offsets.length > 0, 'must name at least one positive number of minutes')),
  ),
  /**
   * How late a reminder may still go out: a missed run is caught up within this many minutes;
   * past it (or for an appointment booked inside it) that reminder is skipped.
   */
  REMINDER_WINDOW_MINUTES: positiveCount(60),
  // External services: each base URL defaults to the real provider so tests can point it at a fake.
  LAGO_API_URL: z._default(z.url(), 'https://api.getlago.com/api/v1'),
  /** Lago API key (Developers > API keys). Unset: the pay route answers 503 and the site hides the button. */
  LAGO_API_KEY: z.optional(text()),
  /** The organisation's HMAC key (Developers > Webhooks), for webhooks signed with `hmac`. */
  LAGO_WEBHOOK_HMAC_KEY: z.optional(text()),
  /** Lago's RSA public key (PEM, or base64 of the PEM as Lago serves it) for `jwt` webhooks; never fetched (that takes the API key). */
  LAGO_WEBHOOK_PUBLIC_KEY: z.optional(text()),
  /** Each call to Lago is abandoned after this long (a Lambda behind the API has 10 s in all). */
  LAGO_TIMEOUT_MS: count(100, 30_000, 4000),
  // Calendar connections (docs/CALENDAR_SYNC.md). A provider without client id + secret is "not configured".
  GOOGLE_CLIENT_ID: z.optional(text()),
  GOOGLE_CLIENT_SECRET: z.optional(text()),
  /** Default: SITE_URL + /api/calendar/callback/google. */
  GOOGLE_REDIRECT_URI: z.optional(z.url()),
  MICROSOFT_CLIENT_ID: z.optional(text()),
  MICROSOFT_CLIENT_SECRET: z.optional(text()),
  /** Default: SITE_URL + /api/calendar/callback/microsoft. */
  MICROSOFT_REDIRECT_URI: z.optional(z.url()),
  /** The KMS key that wraps the data keys of OAuth tokens (AWS). */
  TOKEN_KMS_KEY_ID: z.optional(text()),
  /** Without TOKEN_KMS_KEY_ID: the local master key (base64 of 32 bytes) that wraps data keys. */
  LOCAL_TOKEN_MASTER_KEY: z.optional(z.string().check(z.refine((value) => Buffer.from(value, 'base64').length === 32, 'must be 32 bytes in base64 (openssl rand -base64 32)'))),
  /** The calendar sync queue (AWS); unset locally, where the worker runs in process. */
  SYNC_QUEUE_URL: z.optional(z.url()),
  /**
   * Push notifications from the providers (Google channels, Graph subscriptions), so changes come
   * in within seconds rather than at the next scheduled sync. Providers only call https URLs:
   * `auto` turns them on when SITE_URL is https.
   */
  CALENDAR_NOTIFICATIONS: z._default(z.enum(['auto', 'on', 'off']), 'auto'),
  /** A notification queues a sync this many seconds later; further notifications meanwhile ride on it. */
  CALENDAR_NOTIFICATION_DELAY_SECONDS: count(0, 900, 10),
  /** Each call to Google or Microsoft is abandoned after this long. */
  CALENDAR_TIMEOUT_MS: count(100, 30_000, 8000),
  GOOGLE_AUTH_URL: z._default(z.url(), 'https://accounts.google.com/o/oauth2/v2/auth'),
  GOOGLE_TOKEN_URL: z._default(z.url(), 'https://oauth2.googleapis.com/token'),
  GOOGLE_REVOKE_URL: z._default(z.url(), 'https://oauth2.googleapis.com/revoke'),
  GOOGLE_CALENDAR_API_URL: z._default(z.url(), 'https://www.googleapis.com/calendar/v3'),
  MICROSOFT_AUTHORITY_URL: z._default(z.url(), 'https://login.microsoftonline.com/common'),
  MICROSOFT_GRAPH_URL: z._default(z.url(), 'https://graph.microsoft.com/v1.0'),
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
