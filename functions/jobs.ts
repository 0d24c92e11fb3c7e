import type { JobDefinition } from './manifest.ts';

/**
 * The functions no HTTP route invokes, in the same spirit: CDK builds one function per entry with
 * its trigger (an EventBridge rule on AppointmentChanged, an EventBridge Scheduler schedule, the
 * sync queue, or one of the user pool's triggers); the local runtime runs the same
 * handlers from the in-process bus, queue and timer, and the local user pool its CustomMessage trigger (see JobTrigger).
 */
export const jobs = {
  'notify-appointment-changed': {
    handler: 'functions/events/notify-appointment-changed.ts',
    trigger: 'AppointmentChanged',
    table: 'readWrite',
    grants: ['sendEmail'],
    timeoutSeconds: 60,
    summary: 'Emails the people an appointment change concerns (request, confirmation with invite, change, cancellation), once each',
  },
  'record-appointment-history': {
    handler: 'functions/events/record-appointment-history.ts',
    trigger: 'AppointmentChanged',
    table: 'readWrite',
    timeoutSeconds: 30,
    summary: "Records one status-history entry per appointment change (who, status before/after, changed field names), once per event even when it is delivered again",
  },
  'relay-appointment-events': {
    handler: 'functions/events/relay-appointment-events.ts',
    trigger: { scheduleMinutes: 1 },
    table: 'readWrite',
    grants: ['publishEvents'],
    timeoutSeconds: 60,
    summary: 'Publishes the AppointmentChanged events left in the outbox (the bus refused them, or the writer stopped before publishing), oldest first',
  },
  'send-reminders': {
    handler: 'functions/events/send-reminders.ts',
    trigger: { scheduleMinutes: 15 },
    table: 'readWrite',
    grants: ['sendEmail'],
    timeoutSeconds: 300,
    summary: 'Emails reminders before confirmed appointments (REMINDER_OFFSETS_MINUTES), each exactly once',
  },
  'calendar-push': {
    handler: 'functions/events/calendar-push.ts',
    trigger: 'AppointmentChanged',
    table: 'readWrite',
    grants: ['useCalendarTokens'],
    secrets: ['googleClientSecret', 'microsoftClientSecret'],
    timeoutSeconds: 60,
    summary: "Creates, updates or deletes the appointment's event in its owner's and assigned admin's connected calendars",
  },
  'calendar-sync-dispatch': {
    handler: 'functions/events/calendar-sync-dispatch.ts',
    trigger: { scheduleMinutes: 15 },
    table: 'read',
    grants: ['enqueueCalendarSync'],
    timeoutSeconds: 300,
    summary: 'Queues one sync message per active calendar connection',
  },
  'calendar-sync-worker': {
    handler: 'functions/events/calendar-sync-worker.ts',
    trigger: 'CalendarSyncQueue',
    table: 'readWrite',
    grants: ['useCalendarTokens'],
    secrets: ['googleClientSecret', 'microsoftClientSecret'],
    timeoutSeconds: 120,
    summary: "Syncs one connection per message: imports busy time and changes to our events, repairs pushes that lag",
  },
  'create-profile-on-sign-up': {
    handler: 'functions/events/create-profile-on-sign-up.ts',
    trigger: 'CognitoPostConfirmation',
    table: 'readWrite',
    grants: ['readSignInGroups'],
    // Cognito waits 5 s for a trigger (then retries): no point running longer.
    timeoutSeconds: 5,
    summary: "Creates a new user's profile when they confirm their sign-up, as their first GET /api/me would (which stays the fallback); never overwrites one",
  },
  'compose-account-email': {
    handler: 'functions/events/compose-account-email.ts',
    trigger: 'CognitoCustomMessage',
    table: 'none',
    timeoutSeconds: 5,
    summary: "Writes the user pool's account e-mails (sign-up code, password reset, invitation, new address) in the user's language; Cognito puts the code in and sends them",
  },
} as const satisfies Record<string, JobDefinition>;

export type JobName = keyof typeof jobs;

export interface ManifestJob extends JobDefinition {
  name: string;
}

/** The jobs as a list, each with its name. */
export function listJobs(): ManifestJob[] {
  return Object.entries(jobs).map(([name, definition]) => ({ name, ...definition }));
}
