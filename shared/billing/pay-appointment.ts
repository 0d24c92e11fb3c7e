import { randomUUID } from 'node:crypto';
import type * as z from 'zod/mini';
import type { invoiceView } from '../api/appointment-view.ts';
import { config } from '../config.ts';
import { getAppointment, type AppointmentItem } from '../db/appointments.ts';
import { acquirePaymentClaim, releasePaymentClaim } from '../db/payments.ts';
import { getUser } from '../db/users.ts';
import { APPOINTMENT_ADD_ON, invoiceLineDescription, payRefusal } from '../domain/appointments/payment.ts';
import { APPOINTMENT_NOT_FOUND, Conflict, NotFound, ProviderUnavailable, Unavailable } from '../errors.ts';
import { logger } from '../logger.ts';
import { changeAppointment } from '../appointments/change-appointment.ts';
import { LagoError, LagoUnavailableError, lagoClient, type LagoClient, type LagoInvoice } from './lago-client.ts';

export const PAYMENTS_NOT_CONFIGURED = 'Payments are not configured';
export const PROVIDER_UNAVAILABLE = 'Payment provider unavailable';
export const INVOICE_IN_PROGRESS = 'An invoice for this appointment is being created; try again in a moment';

/** Longer than any one attempt can run (the function's timeout), so a live holder is never overtaken. */
const LEASE_MS = 30_000;
/** How long a second caller waits for the first one's invoice before a 409. */
const WAIT_FOR_HOLDER_MS = 8_000;
const POLL_MS = 150;

/** The seed's response, plus Lago's checkout link when it has one (documented by the route's response schema). */
export type InvoiceSummary = z.output<typeof invoiceView>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The invoice of a paid appointment, created in Lago on the first call and returned as it is on
 * every later one. Exactly one invoice per appointment, also under parallel calls: a conditional
 * claim is taken BEFORE calling Lago; a caller that finds it held waits for the holder's invoice.
 * Lago being down or slow is a 502 "Payment provider unavailable", and nothing half-done is stored.
 */
export async function payAppointment(appointment: AppointmentItem, actorId: string): Promise<{ created: boolean; invoice: InvoiceSummary }> {
  const client = lagoClient();
  if (!client) throw new Unavailable(PAYMENTS_NOT_CONFIGURED);
  try {
    return await pay(client, appointment, actorId);
  } catch (error) {
    throw asProviderError(error);
  }
}

async function pay(client: LagoClient, first: AppointmentItem, actorId: string) {
  const deadline = Date.now() + WAIT_FOR_HOLDER_MS;
  let appointment = first;
  for (;;) {
    assertPayable(appointment);
    if (appointment.lagoInvoiceId) return { created: false, invoice: await summarise(client, await client.getInvoice(appointment.lagoInvoiceId)) };
    const claim = await acquirePaymentClaim(appointment.id, randomUUID(), LEASE_MS);
    if (claim.acquired) return invoiceUnderClaim(client, appointment.id, claim, actorId);
    if (Date.now() >= deadline) throw new Conflict(INVOICE_IN_PROGRESS);
    await sleep(POLL_MS);
    const fresh = await getAppointment(appointment.id);
    if (!fresh) throw new NotFound(APPOINTMENT_NOT_FOUND);
    appointment = fresh;
  }
}

function assertPayable(appointment: AppointmentItem) {
  const refusal = payRefusal(appointment);
  if (refusal) throw new Conflict(refusal);
}

async function invoiceUnderClaim(client: LagoClient, id: string, claim: { token: string; previous: boolean }, actorId: string) {
  // Set once a call that may create an invoice has been sent: from then on a failure must leave
  // the claim for the next caller to look in Lago first.
  let invoiceRequested = false;
  try {
    // Read again under the claim: the previous holder may have stored its invoice meanwhile.
    const appointment = await getAppointment(id);
    if (!appointment) throw new NotFound(APPOINTMENT_NOT_FOUND);
    assertPayable(appointment);
    if (appointment.lagoInvoiceId) {
      await releasePaymentClaim(id, claim.token);
      return { created: false, invoice: await summarise(client, await client.getInvoice(appointment.lagoInvoiceId)) };
    }

    await ensureCustomer(client, appointment);
    const found = claim.previous ? await findInvoiceFor(client, appointment) : undefined;
    if (found) logger.info('reusing the invoice an unfinished attempt created in Lago', { appointmentId: id, invoiceId: found.lago_id });
    invoiceRequested = !found;
    const invoice = found ?? (await createInvoice(client, appointment));

    const stored = await changeAppointment(
      id,
      (current) => {
        if (current.lagoInvoiceId === invoice.lago_id) return undefined;
        if (current.lagoInvoiceId) {
          // Only possible when a holder outlived its lease; keep the stored one and say so.
          logger.error('a second Lago invoice was created for one appointment; void it in Lago', { appointmentId: id, kept: current.lagoInvoiceId, extra: invoice.lago_id });
          return undefined;
        }
        return { ...current, lagoInvoiceId: invoice.lago_id, invoiceNumber: invoice.number };
      },
      actorId,
      appointment,
    );
    invoiceRequested = false;
    await releasePaymentClaim(id, claim.token);
    const kept = stored?.after.lagoInvoiceId ?? invoice.lago_id;
    return { created: !found && kept === invoice.lago_id, invoice: await summarise(client, kept === invoice.lago_id ? invoice : await client.getInvoice(kept)) };
  } catch (error) {
    // A definite refusal by Lago created nothing; a timeout or a lost answer may have.
    const mayExistInLago = invoiceRequested && !(error instanceof LagoError);
    const holdMs = error instanceof LagoUnavailableError && error.outcomeUnknown ? 3 * config().LAGO_TIMEOUT_MS : 0;
    await releasePaymentClaim(id, claim.token, mayExistInLago ? { holdMs } : undefined).catch((releaseError: unknown) =>
      logger.error('payment claim not released; it expires by itself', { appointmentId: id, error: releaseError as Error }),
    );
    throw error;
  }
}

/** The Lago customer is our user: external_id = user id, with name, email and currency. */
async function ensureCustomer(client: LagoClient, appointment: AppointmentItem) {
  const owner = await getUser(appointment.userId);
  const name = [owner?.firstName, owner?.lastName].filter(Boolean).join(' ') || appointment.attendeeName;
  const email = owner?.email ?? appointment.attendeeEmail;
  await client.upsertCustomer({
    external_id: appointment.userId,
    ...(name ? { name } : {}),
    ...(email ? { email } : {}),
    currency: appointment.currency,
  });
}

function invoiceInput(appointment: AppointmentItem) {
  return {
    external_customer_id: appointment.userId,
    currency: appointment.currency,
    fees: [{ add_on_code: APPOINTMENT_ADD_ON.code, unit_amount_cents: appointment.price, units: 1, description: invoiceLineDescription(appointment) }],
  };
}

/** A one-off invoice with one fee; the add-on is created in Lago the first time it is missing. */
async function createInvoice(client: LagoClient, appointment: AppointmentItem): Promise<LagoInvoice> {
  try {
    return await client.createInvoice(invoiceInput(appointment));
  } catch (error) {
    // Lago checked the add-on before creating anything: creating it and asking again is safe.
    if (!(error instanceof LagoError && error.status === 404 && error.code === 'add_on_not_found')) throw error;
  }
  try {
    await client.createAddOn({
      ...APPOINTMENT_ADD_ON,
      amount_cents: appointment.price,
      amount_currency: appointment.currency,
      description: 'A paid appointment; each invoice sets its own price',
    });
  } catch (error) {
    // Another request created it first.
    if (!(error instanceof LagoError && error.status === 422 && JSON.stringify(error.details ?? {}).includes('value_already_exist'))) throw error;
  }
  return client.createInvoice(invoiceInput(appointment));
}

/**
 * An invoice Lago created for this appointment in an attempt that did not store it: a one-off
 * invoice of the owner, not voided, whose appointment fee carries this appointment's line.
 */
async function findInvoiceFor(client: LagoClient, appointment: AppointmentItem): Promise<LagoInvoice | undefined> {
  const line = invoiceLineDescription(appointment);
  const since = new Date(Date.parse(appointment.createdAt) - 86_400_000).toISOString().slice(0, 10);
  for (let page = 1; page <= 5; page++) {
    const { invoices, nextPage } = await client.listInvoices({ external_customer_id: appointment.userId, invoice_type: 'one_off', issuing_date_from: since, page, per_page: 50 });
    for (const candidate of invoices) {
      if (candidate.status === 'voided' || candidate.currency !== appointment.currency) continue;
      // The list leaves fees out: read the candidate itself.
      const invoice = await client.getInvoice(candidate.lago_id);
      if (invoice.fees?.some((fee) => fee.item?.code === APPOINTMENT_ADD_ON.code && fee.description === line)) return invoice;
    }
    if (!nextPage) return undefined;
  }
  return undefined;
}

async function summarise(client: LagoClient, invoice: LagoInvoice): Promise<InvoiceSummary> {
  // No payment provider linked in Lago (a 422), or Lago slow: the invoice stands without a link.
  const paymentUrl = await client.paymentUrl(invoice.lago_id).catch((error: unknown) => {
    logger.info('no payment URL for the invoice', { invoiceId: invoice.lago_id, reason: (error as Error).message });
    return undefined;
  });
  return {
    invoiceId: invoice.lago_id,
    invoiceNumber: invoice.number,
    amount: invoice.total_amount_cents,
    currency: invoice.currency,
    status: invoice.status,
    ...(paymentUrl ? { paymentUrl } : {}),
  };
}

function asProviderError(error: unknown): unknown {
  if (error instanceof LagoError || error instanceof LagoUnavailableError) {
    const hint = error instanceof LagoError && error.status === 401 ? ' (check LAGO_API_KEY)' : '';
    logger.error(`Lago call failed${hint}`, { error });
    return new ProviderUnavailable(PROVIDER_UNAVAILABLE);
  }
  return error;
}
