import { createHash, randomUUID } from 'node:crypto';
import type { ManageBookingBody, PublicBookingBody } from '../api/public-booking.ts';
import { config } from '../config.ts';
import { countOpenRequests, getAppointment, type AppointmentItem } from '../db/appointments.ts';
import { slotToBook } from '../db/availability.ts';
import { getProduct } from '../db/products.ts';
import { commitPublicHold, getPublicHold, markTokenConfirmed, removePublicHold, type BookingTokenItem } from '../db/public-holds.ts';
import { createUser, findUserByEmail } from '../db/users.ts';
import { composeSlotBooking } from '../domain/appointments/compose.ts';
import { tooManyOpenRequests } from '../domain/appointments/request-limits.ts';
import { DEFAULT_CURRENCY } from '../domain/vocabulary.ts';
import { ChangedConcurrently, Expired, InvalidInput, NotFound, ProviderUnavailable, TooManyRequests } from '../errors.ts';
import { logger } from '../logger.ts';
import { composeTextAndHtml } from '../notify/mime.ts';
import { mailTransport } from '../notify/transport.ts';
import { payForAppointment } from '../appointments/pay-for-appointment.ts';
import { saveAppointment } from '../appointments/save-appointment.ts';
import { updateAppointment } from '../appointments/update-appointment.ts';
import { linkCaller, managedBooking, tokenFor } from './link-access.ts';
import { confirmLink, issueManageLink, linksLapseAt, newToken } from './links.ts';
import { renderHoldMessage } from './messages.ts';
import { CONFIRMATION_NOT_SENT, HOLD_LAPSED, LINK_NOT_VALID, NOT_PUBLIC, TOO_MANY_HOLDS } from './refusals.ts';

/**
 * Public booking: a visitor without an account holds a slot of a public product, confirms it from
 * the e-mail that asks them to (the address is then theirs), and manages it with a link.
 * Nothing here looks the e-mail address up before it is confirmed, so no answer and no timing
 * tells whether it has an account.
 */

const MINUTE_MS = 60_000;

/** Counters key on a digest, never on the address itself (no personal data in the table for it). */
const quotaKey = (kind: 'email' | 'address', value: string) => createHash('sha256').update(`${kind}:${value}`).digest('hex');

/**
 * POST /api/public/bookings: holds the slot for PUBLIC_HOLD_MINUTES and e-mails the link that
 * confirms it. A filled-in honeypot gets the same answer and nothing happens.
 */
export async function holdPublicBooking(input: PublicBookingBody, clientAddress: string, now: string): Promise<{ status: 'held'; expiresAt: string }> {
  const expiresAt = new Date(Date.parse(now) + config().PUBLIC_HOLD_MINUTES * MINUTE_MS).toISOString();
  if (input.website) {
    logger.info('public booking ignored: honeypot field filled in');
    return { status: 'held', expiresAt };
  }
  // Only a public product (an internal one is refused, not offered at some other time).
  const publicProduct = await getProduct(input.productId);
  if (!publicProduct?.active || !publicProduct.isPublic) throw new InvalidInput(`Invalid request: body.productId: ${NOT_PUBLIC}`, [{ path: 'body.productId', message: NOT_PUBLIC }]);
  const { product, slot } = await slotToBook({ productId: input.productId, startTime: input.startTime, now });
  if (input.endTime !== undefined && Date.parse(input.endTime) !== Date.parse(slot.endTime)) {
    throw new InvalidInput(`Invalid request: body.endTime: this product's slot ends at ${slot.endTime}; leave endTime out`, [{ path: 'body.endTime', message: `the slot ends at ${slot.endTime}` }]);
  }
  const id = randomUUID();
  const { token, tokenHash } = newToken();
  const ttl = Math.floor(Date.parse(expiresAt) / 1000) + 3600;
  const hour = now.slice(0, 13);
  const limit = config().PUBLIC_HOLDS_PER_HOUR;
  await commitPublicHold({
    hold: {
      id,
      productId: product.id,
      assignedAdminId: slot.adminId,
      startTime: slot.startTime,
      endTime: slot.endTime,
      adminCapacity: slot.capacity,
      ...(slot.bufferBefore ? { bufferBefore: slot.bufferBefore } : {}),
      ...(slot.bufferAfter ? { bufferAfter: slot.bufferAfter } : {}),
      expiresAt,
      createdAt: now,
      ttl,
    },
    token: {
      tokenHash,
      purpose: 'confirm',
      appointmentId: id,
      visitor: {
        name: input.name,
        email: input.email,
        ...(input.phone ? { phone: input.phone } : {}),
        ...(input.note ? { note: input.note } : {}),
        locale: input.locale,
        timezone: input.timezone,
      },
      expiresAt,
      createdAt: now,
      ttl,
    },
    quotas: [
      { key: quotaKey('email', input.email), hour, limit },
      { key: quotaKey('address', clientAddress), hour, limit },
    ],
    now,
    tooMany: TOO_MANY_HOLDS,
  });

  const { MAIL_FROM_ADDRESS, MAIL_FROM_NAME } = config();
  try {
    const rendered = renderHoldMessage({
      locale: input.locale,
      name: input.name,
      productName: product.name,
      startTime: slot.startTime,
      endTime: slot.endTime,
      timezone: input.timezone,
      expiresAt,
      confirmUrl: confirmLink(token, input.locale),
    });
    const raw = composeTextAndHtml({
      ...rendered,
      from: { name: MAIL_FROM_NAME, address: MAIL_FROM_ADDRESS },
      to: { name: input.name, address: input.email },
      messageId: `<${id}.hold@${MAIL_FROM_ADDRESS.split('@')[1]}>`,
      date: new Date(now),
    });
    await mailTransport().send({ from: MAIL_FROM_ADDRESS, to: input.email, raw });
  } catch (error) {
    // Without the e-mail nobody can confirm: the time is given back at once.
    // Its kind only: a provider's message can name the address (SES's "identities failed the check: …").
    logger.error('public booking: the confirmation e-mail could not be sent', { errorName: error instanceof Error ? error.name : typeof error });
    await removePublicHold(id).catch(() => undefined);
    throw new ProviderUnavailable(CONFIRMATION_NOT_SENT);
  }
  return { status: 'held', expiresAt };
}

/**
 * POST /api/public/bookings/confirm: the held slot becomes an appointment of the client this
 * e-mail address belongs to (a profile is made for a new one): pending for the team when the
 * product asks for confirmation, confirmed otherwise, with the usual e-mails and calendar push.
 * A second use answers the same appointment; a hold that lapsed is 410.
 */
export async function confirmPublicBooking(token: string, now: string): Promise<{ appointment: AppointmentItem; manageToken: string }> {
  const record = await tokenFor(token, 'confirm');
  if (record.confirmedAt) {
    const appointment = await getAppointment(record.appointmentId);
    if (!appointment) throw new NotFound(LINK_NOT_VALID);
    return { appointment, manageToken: await issueManageLink(appointment, now) };
  }
  const hold = await getPublicHold(record.appointmentId);
  if (!record.visitor || !record.expiresAt || Date.parse(record.expiresAt) <= Date.parse(now) || !hold) throw new Expired(HOLD_LAPSED);
  const visitor = record.visitor;

  const { product, slot } = await slotToBook({ productId: hold.productId, startTime: hold.startTime, adminId: hold.assignedAdminId, now, holdId: hold.id });
  const client = await clientProfile(visitor, now);
  const status = product.requiresConfirmation ? 'pending' : 'confirmed';
  if (status === 'pending') {
    const { MAX_OPEN_REQUESTS_PER_CLIENT } = config();
    if ((await countOpenRequests(client.id, now, MAX_OPEN_REQUESTS_PER_CLIENT)) >= MAX_OPEN_REQUESTS_PER_CLIENT) throw new TooManyRequests(tooManyOpenRequests(MAX_OPEN_REQUESTS_PER_CLIENT));
  }
  const caller = linkCaller(client.id, client.email);
  const composed = composeSlotBooking(
    { startTime: slot.startTime, timezone: visitor.timezone, ...(visitor.note ? { clientNote: visitor.note } : {}) },
    { product, slot },
    { id: hold.id, now, actor: caller, owner: client, defaultTimezone: config().DEFAULT_TIMEZONE, defaultCurrency: DEFAULT_CURRENCY },
  );
  let appointment: AppointmentItem;
  try {
    appointment = (await saveAppointment(undefined, { ...composed, status } as AppointmentItem, { change: 'created', actor: client.id }))!;
  } catch (error) {
    // The same link opened twice at once: the other request made it.
    if (!(error instanceof ChangedConcurrently)) throw error;
    const made = await getAppointment(hold.id);
    if (!made) throw error;
    appointment = made;
  }
  await markTokenConfirmed(record.tokenHash, now, Math.floor(linksLapseAt(appointment.endTime) / 1000));
  await removePublicHold(hold.id);
  return { appointment, manageToken: await issueManageLink(appointment, now) };
}

/** The profile of the confirmed address: the existing one, or a new client profile without sign-in. */
async function clientProfile(visitor: NonNullable<BookingTokenItem['visitor']>, now: string) {
  const existing = await findUserByEmail(visitor.email);
  if (existing) return existing;
  const [firstName, ...rest] = visitor.name.trim().split(/\s+/);
  const created = await createUser({
    id: randomUUID(),
    email: visitor.email,
    ...(firstName ? { firstName } : {}),
    ...(rest.length ? { lastName: rest.join(' ') } : {}),
    ...(visitor.phone ? { phone: visitor.phone } : {}),
    timezone: visitor.timezone,
    locale: visitor.locale,
    role: 'client',
    emailNotifications: true,
    guest: true,
    createdAt: now,
  } as Parameters<typeof createUser>[0]).catch(async (error: unknown) => {
    // Made at the same moment by another confirmation of this address: theirs is the profile.
    const raced = await findUserByEmail(visitor.email);
    if (raced) return raced;
    throw error;
  });
  return created ?? (await findUserByEmail(visitor.email))!;
}



/**
 * POST /api/public/bookings/manage: cancel (with a reason), move to another offered slot of its
 * product, or pay, by the same rules and with the same answers as the signed-in routes.
 */
export async function manageBooking(body: ManageBookingBody, now: string) {
  const { appointment, caller } = await managedBooking(body.token, now);
  switch (body.action) {
    case 'cancel':
      return { appointment: await updateAppointment(appointment.id, { status: 'cancelled', ...(body.reason ? { cancellationReason: body.reason } : {}) }, caller, now) };
    case 'reschedule':
      return {
        appointment: await updateAppointment(appointment.id, { startTime: body.startTime, ...(body.endTime ? { endTime: body.endTime } : {}) }, caller, now),
      };
    case 'pay':
      return { payment: await payForAppointment(appointment.id, caller) };
  }
}
