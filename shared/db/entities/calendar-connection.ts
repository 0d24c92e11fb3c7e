import type { EntityConfiguration } from 'electrodb';
import { Entity } from '../electrodb.ts';
import { CALENDAR_PROVIDERS, CONNECTION_STATUSES } from '../../domain/vocabulary.ts';
import { SERVICE, createdAt, updatedAt } from '../attributes.ts';

/** A user's link to a Google or Microsoft calendar. Tokens are stored only as envelope ciphertext. */
export const buildCalendarConnection = (config: EntityConfiguration) =>
  new Entity({
    model: { entity: 'calendarConnection', version: '1', service: SERVICE },
    attributes: {
      id: { type: 'string', required: true, readOnly: true },
      userId: { type: 'string', required: true, readOnly: true },
      provider: { type: CALENDAR_PROVIDERS, required: true },
      email: { type: 'string', required: true },
      /** Envelope-encrypted (shared/crypto); never the token text. */
      accessToken: { type: 'string', required: true },
      refreshToken: { type: 'string', required: true },
      expiresAt: { type: 'string', required: true },
      calendarId: { type: 'string', required: true },
      isActive: { type: 'boolean', required: true, default: true },
      status: { type: CONNECTION_STATUSES, required: true, default: 'active' },
      lastError: { type: 'string' },
      lastSyncAt: { type: 'string' },
      /** Google syncToken or Microsoft deltaLink from the last complete incremental sync. */
      syncCursor: { type: 'string' },
      /** Microsoft: the end of the calendarView window the deltaLink covers (a new full sync slides it). */
      syncWindowEnd: { type: 'string' },
      /** Last "sync now" request: one a minute per connection. */
      manualSyncAt: { type: 'string' },
      /** Last sync queued by a provider notification (they come in bursts; one sync covers a burst). */
      notifiedSyncAt: { type: 'string' },
      /** The current push channel (pushChannel item) and when it expires: the sync renews it in time. */
      channelId: { type: 'string' },
      channelExpiresAt: { type: 'string' },
      createdAt,
      updatedAt,
    },
    indexes: {
      byOwner: {
        pk: { field: 'pk', composite: ['userId'], casing: 'none' },
        sk: { field: 'sk', composite: ['id'], casing: 'none' },
      },
      /** Every connection, for the scheduled sync dispatcher (paged, never on a user request). */
      all: {
        index: 'gsi2',
        pk: { field: 'gsi2pk', composite: [] },
        sk: { field: 'gsi2sk', composite: ['id'], casing: 'none' },
      },
    },
  }, config);
export type CalendarConnection = ReturnType<typeof buildCalendarConnection>;
