import type { EntityConfiguration } from 'electrodb';
import { Entity } from '../electrodb.ts';
import { ACCOUNT_CHANGES, LOCALES, ROLES } from '../../domain/vocabulary.ts';
import { SERVICE, createdAt, updatedAt } from '../attributes.ts';

/** A person's profile. id = Cognito `sub`; the role mirrors the Cognito `admin` group. */
export const buildUser = (config: EntityConfiguration) =>
  new Entity({
    model: { entity: 'user', version: '1', service: SERVICE },
    attributes: {
      id: { type: 'string', required: true, readOnly: true },
      /** Lower-cased; unique through the UserEmail claim written in the same transaction. */
      email: { type: 'string', required: true },
      firstName: { type: 'string' },
      lastName: { type: 'string' },
      phone: { type: 'string' },
      timezone: { type: 'string', required: true, default: 'Europe/Paris' },
      locale: { type: LOCALES, required: true, default: 'fr' },
      role: { type: ROLES, required: true, default: 'client' },
      emailNotifications: { type: 'boolean', required: true, default: true },
      /**
       * Made by a public booking for a visitor who has no sign-in: their e-mails carry links to
       * manage each booking. Signing up with the address later adopts the profile's appointments.
       */
      guest: { type: 'boolean' },
      /** Disabled by an admin: Cognito refuses their sign-in and the API their tokens. Absent: enabled. */
      disabled: { type: 'boolean' },
      /**
       * Epoch seconds of the last change to what the person may do (role, disabled): an ID token
       * issued before it is refused, so the next one carries the change (shared/accounts/standing.ts).
       */
      signInChangedAt: { type: 'number' },
      /** What admins changed on the account (invited, promoted, demoted, disabled, enabled), oldest first. */
      accountChanges: {
        type: 'list',
        items: {
          type: 'map',
          properties: {
            at: { type: 'string', required: true },
            action: { type: ACCOUNT_CHANGES, required: true },
            byId: { type: 'string', required: true },
            byName: { type: 'string', required: true },
          },
        },
      },
      createdAt,
      updatedAt,
    },
    indexes: {
      byId: {
        pk: { field: 'pk', composite: ['id'], casing: 'none' },
        sk: { field: 'sk', composite: [] },
      },
      /** Exact and prefix lookup by email (admin request dialog, "client exists?"). */
      byEmail: {
        index: 'gsi1',
        pk: { field: 'gsi1pk', composite: [] },
        sk: { field: 'gsi1sk', composite: ['email'] },
      },
      /**
       * Profiles by role: "every admin" for notifications of unassigned requests. The sort key has
       * no composite so that a role change (a patch of `role` alone) rewrites both keys.
       */
      byRole: {
        index: 'gsi3',
        pk: { field: 'gsi3pk', composite: ['role'] },
        sk: { field: 'gsi3sk', composite: [] },
      },
    },
  }, config);
export type User = ReturnType<typeof buildUser>;

/** Uniqueness claim on an email address: exists iff some profile uses it. */
export const buildUserEmail = (config: EntityConfiguration) =>
  new Entity({
    model: { entity: 'userEmail', version: '1', service: SERVICE },
    attributes: {
      email: { type: 'string', required: true, readOnly: true },
      userId: { type: 'string', required: true },
    },
    indexes: {
      byEmail: {
        pk: { field: 'pk', composite: ['email'] },
        sk: { field: 'sk', composite: [] },
      },
    },
  }, config);
export type UserEmail = ReturnType<typeof buildUserEmail>;
