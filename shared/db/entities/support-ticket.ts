import type { EntityConfiguration } from 'electrodb';
import { Entity } from '../electrodb.ts';
import { SUPPORT_CATEGORIES } from '../../domain/vocabulary.ts';
import { SERVICE, createdAt } from '../attributes.ts';

/** A message to the support team from the help centre's contact form. */
export const buildSupportTicket = (config: EntityConfiguration) =>
  new Entity({
    model: { entity: 'supportTicket', version: '1', service: SERVICE },
    attributes: {
      id: { type: 'string', required: true, readOnly: true },
      userId: { type: 'string', required: true, readOnly: true },
      email: { type: 'string', required: true },
      category: { type: SUPPORT_CATEGORIES, required: true },
      subject: { type: 'string', required: true },
      message: { type: 'string', required: true },
      status: { type: ['open', 'closed'] as const, required: true, default: 'open' },
      createdAt,
    },
    indexes: {
      byId: {
        pk: { field: 'pk', composite: ['id'], casing: 'none' },
        sk: { field: 'sk', composite: [] },
      },
      /**
       * A user's tickets: what their data export contains and their erasure deletes. On gsi3, where
       * no other entity's partition is keyed by userId (appointment.byOwner's gsi1 partition would be).
       */
      byOwner: {
        index: 'gsi3',
        pk: { field: 'gsi3pk', composite: ['userId'], casing: 'none' },
        sk: { field: 'gsi3sk', composite: ['createdAt', 'id'], casing: 'none' },
      },
      /** Newest first for the admins' list (a static partition: tickets are few). */
      byTime: {
        index: 'gsi2',
        pk: { field: 'gsi2pk', composite: [] },
        sk: { field: 'gsi2sk', composite: ['createdAt', 'id'], casing: 'none' },
      },
    },
  }, config);
export type SupportTicket = ReturnType<typeof buildSupportTicket>;
