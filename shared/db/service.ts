import type { EntityConfiguration } from 'electrodb';
import { config } from '../config.ts';
import { dynamoDb } from './client.ts';
import { buildAppointment } from './entities/appointment.ts';
import { buildAppointmentHistory } from './entities/appointment-history.ts';
import { buildMonthStats, buildScheduleDay } from './entities/schedule.ts';
import { buildAppointmentException, buildAppointmentSlot, buildBusyBlock, buildProduct } from './entities/availability.ts';
import { buildCalendarConnection } from './entities/calendar-connection.ts';
import { buildEventLink, buildOAuthState, buildPushChannel } from './entities/calendar-sync.ts';
import { buildSupportTicket } from './entities/support-ticket.ts';
import { buildInvoiceLink, buildPaymentClaim, buildWebhookReceipt } from './entities/payment.ts';
import { buildNotificationMarker } from './entities/notification.ts';
import { buildPendingEvent } from './entities/outbox.ts';
import { buildBookingToken, buildPublicHold, buildPublicHoldQuota } from './entities/public-booking.ts';
import { buildUser, buildUserEmail } from './entities/user.ts';

/**
 * Every entity of the single table, by the name the code uses. Each is built on first use: building
 * an ElectroDB entity parses (and, outside production bundles, validates) its model, which costs a
 * cold start a few milliseconds per entity, and a handler uses one to five of the twenty.
 */
export const ENTITY_BUILDERS = {
  user: buildUser,
  userEmail: buildUserEmail,
  appointment: buildAppointment,
  appointmentHistory: buildAppointmentHistory,
  scheduleDay: buildScheduleDay,
  monthStats: buildMonthStats,
  appointmentSlot: buildAppointmentSlot,
  appointmentException: buildAppointmentException,
  product: buildProduct,
  busyBlock: buildBusyBlock,
  calendarConnection: buildCalendarConnection,
  oauthState: buildOAuthState,
  eventLink: buildEventLink,
  pushChannel: buildPushChannel,
  supportTicket: buildSupportTicket,
  paymentClaim: buildPaymentClaim,
  invoiceLink: buildInvoiceLink,
  webhookReceipt: buildWebhookReceipt,
  notificationMarker: buildNotificationMarker,
  pendingEvent: buildPendingEvent,
  publicHold: buildPublicHold,
  bookingToken: buildBookingToken,
  publicHoldQuota: buildPublicHoldQuota,
};

export type Entities = { [K in keyof typeof ENTITY_BUILDERS]: ReturnType<(typeof ENTITY_BUILDERS)[K]> };
export type EntityName = keyof Entities;

function pick<K extends EntityName>(entities: Entities, names: readonly K[]): Pick<Entities, K> {
  return Object.fromEntries(names.map((name) => [name, entities[name]])) as Pick<Entities, K>;
}

function connect() {
  const options: EntityConfiguration = { table: config().TABLE_NAME, client: dynamoDb() };
  const built: Partial<Entities> = {};
  const entities = {} as Entities;
  for (const name of Object.keys(ENTITY_BUILDERS) as EntityName[]) {
    Object.defineProperty(entities, name, {
      enumerable: true,
      get: () => (built[name] ??= ENTITY_BUILDERS[name](options) as never),
    });
  }
  return {
    entities,
    /** The table and client the entities are bound to (a collection's Service is made with them: shared/db/collections.ts). */
    options,
    /**
     * The named entities only, for a transaction (`createWriteTransaction(db().pick('user', 'userEmail'), ...)`):
     * a Service's own `transaction` hands its callback every entity of the Service, and so would build all twenty.
     */
    pick: <K extends EntityName>(...names: K[]) => pick(entities, names),
  };
}

export type Db = ReturnType<typeof connect>;

let connected: Db | undefined;

/** The table's entities bound to the configured table and DynamoDB client, each built on first use. */
export function db(): Db {
  connected ??= connect();
  return connected;
}
