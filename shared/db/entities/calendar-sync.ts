import type { EntityConfiguration } from 'electrodb';
import { Entity } from '../electrodb.ts';
import { CALENDAR_PROVIDERS } from '../../domain/vocabulary.ts';
import { SERVICE, requiredInstant, ttl } from '../attributes.ts';

/**
 * A pending OAuth authorization (docs/CALENDAR_SYNC.md): created by /api/calendar/connect, deleted
 * by the callback with a condition, so a state works once; DynamoDB's TTL sweeps abandoned ones.
 */
export const buildOAuthState = (config: EntityConfiguration) =>
  new Entity({
    model: { entity: 'oauthState', version: '1', service: SERVICE },
    attributes: {
      /** 256 random bits, base64url: the `state` parameter itself. */
      state: { type: 'string', required: true, readOnly: true },
      userId: { type: 'string', required: true, readOnly: true },
      provider: { type: CALENDAR_PROVIDERS, required: true, readOnly: true },
      /** The PKCE verifier: only its S256 challenge left this server. */
      codeVerifier: { type: 'string', required: true, readOnly: true },
      /** SHA-256 of the nonce in the browser's HttpOnly cookie: binds the flow to that browser. */
      nonceHash: { type: 'string', required: true, readOnly: true },
      expiresAt: { type: 'string', required: true, readOnly: true },
      ttl,
    },
    indexes: {
      byState: {
        pk: { field: 'pk', composite: ['state'], casing: 'none' },
        sk: { field: 'sk', composite: [] },
      },
    },
  }, config);
export type OAuthState = ReturnType<typeof buildOAuthState>;

/**
 * Which event in one connected calendar stands for one appointment, and what was last pushed
 * there. The pull recognises our events by it; the repair pass compares `pushedVersion` with the
 * appointment's version.
 */
export const buildEventLink = (config: EntityConfiguration) =>
  new Entity({
    model: { entity: 'eventLink', version: '1', service: SERVICE },
    attributes: {
      connectionId: { type: 'string', required: true, readOnly: true },
      appointmentId: { type: 'string', required: true, readOnly: true },
      /** The provider's event id. */
      externalId: { type: 'string', required: true },
      pushedVersion: { type: 'number', required: true },
      /** The times pushed (ISO instants): a different time seen in the calendar is an external move. */
      startTime: requiredInstant,
      endTime: requiredInstant,
      pushedAt: { type: 'string', required: true },
    },
    indexes: {
      byConnection: {
        pk: { field: 'pk', composite: ['connectionId'], casing: 'none' },
        sk: { field: 'sk', composite: ['appointmentId'], casing: 'none' },
      },
    },
  }, config);
export type EventLink = ReturnType<typeof buildEventLink>;

/**
 * A push channel (Google) or subscription (Microsoft) of one connection, found by the id the
 * provider's notifications carry. Only a hash of the secret they must also carry is kept.
 */
export const buildPushChannel = (config: EntityConfiguration) =>
  new Entity({
    model: { entity: 'pushChannel', version: '1', service: SERVICE },
    attributes: {
      channelId: { type: 'string', required: true, readOnly: true },
      provider: { type: CALENDAR_PROVIDERS, required: true, readOnly: true },
      userId: { type: 'string', required: true, readOnly: true },
      connectionId: { type: 'string', required: true, readOnly: true },
      resourceId: { type: 'string' },
      /** SHA-256 (base64url) of the channel token / clientState. */
      secretHash: { type: 'string', required: true, readOnly: true },
      expiresAt: { type: 'string', required: true },
      ttl,
    },
    indexes: {
      byChannel: {
        pk: { field: 'pk', composite: ['channelId'], casing: 'none' },
        sk: { field: 'sk', composite: [] },
      },
    },
  }, config);
export type PushChannel = ReturnType<typeof buildPushChannel>;
