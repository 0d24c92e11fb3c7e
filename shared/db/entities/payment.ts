import type { EntityConfiguration } from 'electrodb';
import { Entity } from '../electrodb.ts';
import { SERVICE, createdAt, ttl } from '../attributes.ts';

/**
 * "An invoice for this appointment is being created in Lago." Put on a condition BEFORE calling
 * Lago, so of two parallel pays only one creates an invoice. The item outlives a failed attempt
 * whose invoice call may have reached Lago: whoever takes the claim next looks in Lago first.
 */
export const buildPaymentClaim = (config: EntityConfiguration) =>
  new Entity({
    model: { entity: 'paymentClaim', version: '1', service: SERVICE },
    attributes: {
      appointmentId: { type: 'string', required: true, readOnly: true },
      /** The holder's random id: only the holder releases the claim. */
      token: { type: 'string', required: true },
      /** Epoch ms; after it another request may take the claim over. */
      heldUntil: { type: 'number', required: true },
      ttl,
    },
    indexes: {
      byAppointment: {
        pk: { field: 'pk', composite: ['appointmentId'], casing: 'none' },
        sk: { field: 'sk', composite: [] },
      },
    },
  }, config);
export type PaymentClaim = ReturnType<typeof buildPaymentClaim>;

/**
 * Lago invoice id → appointment id, written in the transaction that stores the id on the
 * appointment (shared/db/appointments.ts): the webhook finds its appointment with one GetItem.
 */
export const buildInvoiceLink = (config: EntityConfiguration) =>
  new Entity({
    model: { entity: 'invoiceLink', version: '1', service: SERVICE },
    attributes: {
      lagoInvoiceId: { type: 'string', required: true, readOnly: true },
      appointmentId: { type: 'string', required: true, readOnly: true },
      createdAt,
    },
    indexes: {
      byInvoice: {
        pk: { field: 'pk', composite: ['lagoInvoiceId'], casing: 'none' },
        sk: { field: 'sk', composite: [] },
      },
    },
  }, config);
export type InvoiceLink = ReturnType<typeof buildInvoiceLink>;

/** A Lago webhook already handled, by its X-Lago-Unique-Key; kept 30 days (Lago retries for far less). */
export const buildWebhookReceipt = (config: EntityConfiguration) =>
  new Entity({
    model: { entity: 'webhookReceipt', version: '1', service: SERVICE },
    attributes: {
      uniqueKey: { type: 'string', required: true, readOnly: true },
      webhookType: { type: 'string', required: true },
      /** processed | ignored */
      outcome: { type: 'string', required: true },
      createdAt,
      ttl,
    },
    indexes: {
      byKey: {
        pk: { field: 'pk', composite: ['uniqueKey'], casing: 'none' },
        sk: { field: 'sk', composite: [] },
      },
    },
  }, config);
export type WebhookReceipt = ReturnType<typeof buildWebhookReceipt>;
