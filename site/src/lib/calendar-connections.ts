import { api } from './api.ts';

/** The calendar connection API (docs/CALENDAR_SYNC.md): what the settings page reads and does. */
export const CALENDAR_PROVIDERS = ['google', 'microsoft'] as const;
export type CalendarProvider = (typeof CALENDAR_PROVIDERS)[number];

export const PROVIDER_NAMES: Record<CalendarProvider, string> = {
  google: 'Google Calendar',
  microsoft: 'Microsoft Outlook',
};

export type ConnectionStatus = 'active' | 'needs_reauth' | 'error';

export interface CalendarConnection {
  id: string;
  provider: CalendarProvider;
  email: string;
  calendarId: string;
  isActive: boolean;
  status: ConnectionStatus;
  lastSyncAt?: string;
  lastError?: string;
  createdAt: string;
  updatedAt: string;
}

/** The errors the OAuth callback can send back (`?error=`). */
export const CALLBACK_ERRORS = ['state_expired', 'invalid_state', 'access_denied', 'exchange_failed', 'not_configured'] as const;
export type CallbackError = (typeof CALLBACK_ERRORS)[number];

export const isProvider = (value: unknown): value is CalendarProvider => CALENDAR_PROVIDERS.includes(value as CalendarProvider);

export const listConnections = () => api<CalendarConnection[]>('/calendar');

/** The provider's authorization URL; the same response sets the browser nonce cookie the callback checks. */
export const connectUrl = (provider: CalendarProvider) => api<{ url: string }>(`/calendar/connect?provider=${provider}`);

export const disconnectCalendar = (id: string) => api<{ id: string; disconnected: true }>(`/calendar?id=${encodeURIComponent(id)}`, { method: 'DELETE' });

export const syncCalendarNow = (id: string) => api<{ queued: true }>(`/calendar/sync?id=${encodeURIComponent(id)}`, { method: 'POST' });
