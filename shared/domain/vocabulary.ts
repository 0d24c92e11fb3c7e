/** The product's closed vocabularies: one definition used by the data model, the API schemas and the site. */

export const APPOINTMENT_STATUSES = ['pending', 'confirmed', 'cancelled', 'completed', 'no_show'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export const APPOINTMENT_TYPES = ['free', 'paid'] as const;
export type AppointmentType = (typeof APPOINTMENT_TYPES)[number];

export const ROLES = ['client', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** What an admin may change on someone's account (the Organization page), as recorded on it. */
export const ACCOUNT_CHANGES = ['invited', 'promoted', 'demoted', 'disabled', 'enabled'] as const;
export type AccountChange = (typeof ACCOUNT_CHANGES)[number];

export const LOCALES = ['fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const CALENDAR_PROVIDERS = ['google', 'microsoft'] as const;
export type CalendarProvider = (typeof CALENDAR_PROVIDERS)[number];

export const CONNECTION_STATUSES = ['active', 'needs_reauth', 'error'] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

/** The emails the product sends about an appointment (shared/notify). */
export const NOTIFICATION_KINDS = ['request', 'confirmed', 'changed', 'cancelled', 'reminder'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** The Cognito group whose members are admins. */
export const ADMIN_GROUP = 'admin';

export const DEFAULT_CURRENCY = 'EUR';

/** The help centre's ticket categories (the seed's list, in this order). */
export const SUPPORT_CATEGORIES = ['general', 'billing', 'appointments', 'technical', 'account', 'other'] as const;
export type SupportCategory = (typeof SUPPORT_CATEGORIES)[number];
