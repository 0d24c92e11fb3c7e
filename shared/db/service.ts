import { Service } from 'electrodb';
import { config } from '../config.ts';
import { dynamoDb } from './client.ts';
import { Appointment } from './entities/appointment.ts';
import { AppointmentHistory } from './entities/appointment-history.ts';
import { MonthStats, ScheduleDay } from './entities/schedule.ts';
import { AppointmentException, AppointmentSlot, BusyBlock, Product } from './entities/availability.ts';
import { CalendarConnection } from './entities/calendar-connection.ts';
import { EventLink, OAuthState, PushChannel } from './entities/calendar-sync.ts';
import { SupportTicket } from './entities/support-ticket.ts';
import { InvoiceLink, PaymentClaim, WebhookReceipt } from './entities/payment.ts';
import { NotificationMarker } from './entities/notification.ts';
import { PendingEvent } from './entities/outbox.ts';
import { BookingToken, PublicHold, PublicHoldQuota } from './entities/public-booking.ts';
import { User, UserEmail } from './entities/user.ts';

const entities = {
  user: User,
  userEmail: UserEmail,
  appointment: Appointment,
  appointmentHistory: AppointmentHistory,
  scheduleDay: ScheduleDay,
  monthStats: MonthStats,
  appointmentSlot: AppointmentSlot,
  appointmentException: AppointmentException,
  product: Product,
  busyBlock: BusyBlock,
  calendarConnection: CalendarConnection,
  oauthState: OAuthState,
  eventLink: EventLink,
  pushChannel: PushChannel,
  supportTicket: SupportTicket,
  paymentClaim: PaymentClaim,
  invoiceLink: InvoiceLink,
  webhookReceipt: WebhookReceipt,
  notificationMarker: NotificationMarker,
  pendingEvent: PendingEvent,
  publicHold: PublicHold,
  bookingToken: BookingToken,
  publicHoldQuota: PublicHoldQuota,
};

function connect() {
  return new Service(entities, { table: config().TABLE_NAME, client: dynamoDb() });
}

export type Db = ReturnType<typeof connect>;

let connected: Db | undefined;

/** The service bound to the configured table and DynamoDB client, created on first use. */
export function db(): Db {
  connected ??= connect();
  return connected;
}
