import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetConfig } from '../../shared/config.ts';
import { getAppointment } from '../../shared/db/appointments.ts';
import { getPaymentClaim } from '../../shared/db/payments.ts';
import type { AppointmentChangedDetail } from '../../shared/events/appointment-changed.ts';
import { onAppointmentChanged } from '../../shared/events/publisher.ts';
import { logger } from '../../shared/logger.ts';
import { startFakeLago, type FakeLago } from '../../local/sandbox/lago.ts';
import { STANDING_READ, countDynamoDbRequests } from '../helpers/request-counter.ts';
import { demoTokens, registeredUser } from '../helpers/fixtures.ts';
import { call, startTestStack, type TestStack } from '../helpers/stack.ts';

let stack: TestStack;
let lago: FakeLago;
let tokens: Awaited<ReturnType<typeof demoTokens>>;
const events: AppointmentChangedDetail[] = [];

/** The handlers run in this worker: Lago's settings must be in place before the first request. */
function configureLago(overrides: Record<string, string | undefined> = {}) {
  const settings = {
    LAGO_API_URL: lago.url,
    LAGO_API_KEY: lago.apiKey,
    LAGO_WEBHOOK_HMAC_KEY: lago.hmacKey,
    LAGO_WEBHOOK_PUBLIC_KEY: lago.publicKeyPem,
    LAGO_TIMEOUT_MS: '1000',
    ...overrides,
  };
  for (const [name, value] of Object.entries(settings)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetConfig();
}

beforeAll(async () => {
  lago = await startFakeLago();
  configureLago();
  stack = await startTestStack();
  tokens = await demoTokens();
  onAppointmentChanged((detail) => void events.push(detail));
});
afterAll(async () => {
  await stack.stop();
  await lago.stop();
});
beforeEach(() => {
  configureLago();
  Object.assign(lago.behaviour, { down: false, invoiceDelayMs: 0, noPaymentProvider: false });
});

const api = (path: string, init: Parameters<typeof call>[1] = {}) => call(`${stack.url}/api${path}`, init);
const pay = (id: string, token: string) => api(`/appointments/${id}/pay`, { method: 'POST', token });
const deliver = (body: unknown, options: Parameters<FakeLago['deliver']>[2] = {}) =>
  lago.deliver(`${stack.url}/api/lago-webhook`, typeof body === 'string' ? body : JSON.stringify(body), options);

/** Years no other test file books in: this file's month statistics move only with its own writes. */
function paymentSlot() {
  const start = new Date(Date.UTC(2050, 0, 1, 9 + Math.floor(Math.random() * 8)) + Math.floor(Math.random() * 1800) * 86_400_000);
  return { startTime: start.toISOString(), endTime: new Date(start.getTime() + 3_600_000).toISOString() };
}

async function paidAppointment(overrides: Record<string, unknown> = {}) {
  const client = await registeredUser(stack.url);
  const created = await api('/admin/appointments', {
    method: 'POST',
    token: tokens.admin,
    json: { action: 'create', clientEmail: client.email, title: 'Consultation fiscale', ...paymentSlot(), type: 'paid', price: 5000, currency: 'EUR', ...overrides },
  });
  expect(created.status).toBe(201);
  return { client, appointment: created.body.data as { id: string; startTime: string; version: number } };
}

const invoicesOf = (externalCustomerId: string) => [...lago.invoices.values()].filter((i) => i.customer.external_id === externalCustomerId);

async function stats(startTime: string) {
  const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit' }).format(new Date(startTime));
  const result = await api('/admin/appointments', { method: 'POST', token: tokens.admin, json: { action: 'stats', month } });
  expect(result.status).toBe(200);
  return result.body.data as { paidAppointments: number; unpaidAppointments: number; totalRevenue: number; unpaidAmount: number };
}

describe('POST /api/appointments/{id}/pay', () => {
  it('end to end: invoice in Lago, signed webhook, appointment paid, revenue in the month statistics', async () => {
    lago.addOns.clear();
    const { client, appointment } = await paidAppointment();
    const before = await stats(appointment.startTime);

    const paid = await pay(appointment.id, client.idToken);
    expect(paid.status).toBe(201);
    const invoice = lago.invoices.get(paid.body.data.invoiceId)!;
    expect(paid.body).toEqual({
      success: true,
      data: {
        invoiceId: invoice.lago_id,
        invoiceNumber: invoice.number,
        amount: 5000,
        currency: 'EUR',
        status: 'finalized',
        paymentUrl: `https://checkout.stripe.test/pay/${invoice.lago_id}`,
      },
    });
    // The customer is our user; the add-on was created on first use; one fee at the appointment's price.
    expect(lago.customers.get(client.id)).toMatchObject({ external_id: client.id, email: client.email, currency: 'EUR' });
    expect(lago.addOns.get('appointment')).toMatchObject({ code: 'appointment' });
    expect(invoice.fees).toEqual([
      expect.objectContaining({ amount_cents: 5000, amount_currency: 'EUR', item: expect.objectContaining({ type: 'add_on', code: 'appointment' }) }),
    ]);
    expect(invoice.fees[0]!.description).toMatch(/^Consultation fiscale — .*\(Europe\/Paris\)$/);
    expect(await getAppointment(appointment.id)).toMatchObject({ lagoInvoiceId: invoice.lago_id, isPaid: false });
    expect(await getPaymentClaim(appointment.id)).toBeNull();

    const succeeded = lago.updateInvoice(invoice.lago_id, { payment_status: 'succeeded' });
    const hook = await deliver(lago.invoiceWebhook('invoice.payment_status_updated', succeeded));
    expect(hook).toMatchObject({ status: 200, body: { success: true, data: { status: 'processed' } } });
    const stored = await getAppointment(appointment.id);
    expect(stored).toMatchObject({ isPaid: true, paymentUpdatedAt: succeeded.updated_at });
    expect(events.at(-1)).toMatchObject({ change: 'updated', appointmentId: appointment.id, actor: 'system', before: { isPaid: false }, after: { isPaid: true } });

    const after = await stats(appointment.startTime);
    expect(after.totalRevenue - before.totalRevenue).toBe(5000);
    expect(after.unpaidAmount - before.unpaidAmount).toBe(-5000);
    expect(after.paidAppointments - before.paidAppointments).toBe(1);
    expect(after.unpaidAppointments - before.unpaidAppointments).toBe(-1);

    const seen = await api(`/appointments/${appointment.id}`, { token: client.idToken });
    expect(seen.body.data).toMatchObject({ isPaid: true, lagoInvoiceId: invoice.lago_id });
    expect(await pay(appointment.id, client.idToken)).toMatchObject({ status: 409, body: { error: 'This appointment is already paid' } });
  });

  it('is idempotent: two parallel pays make one invoice, and a later pay returns the same one', async () => {
    const { client, appointment } = await paidAppointment();
    // A slow invoice call keeps both requests inside the race window.
    lago.behaviour.invoiceDelayMs = 400;
    const [first, second] = await Promise.all([pay(appointment.id, client.idToken), pay(appointment.id, tokens.admin)]);
    expect([first.status, second.status].sort()).toEqual([200, 201]);
    expect(second.body.data).toEqual(first.body.data);
    expect(invoicesOf(client.id)).toHaveLength(1);

    const again = await pay(appointment.id, client.idToken);
    expect(again).toMatchObject({ status: 200, body: { data: first.body.data } });
    expect(invoicesOf(client.id)).toHaveLength(1);
  });

  it('refuses what cannot be paid with 409, and hides other clients’ appointments with 404', async () => {
    const free = await paidAppointment({ type: 'free', price: 0 });
    expect(await pay(free.appointment.id, free.client.idToken)).toMatchObject({ status: 409, body: { error: 'Only paid appointments can be paid' } });

    const cancelled = await paidAppointment();
    const cancel = await api(`/appointments/${cancelled.appointment.id}`, { method: 'PUT', token: tokens.admin, json: { status: 'cancelled' } });
    expect(cancel.status).toBe(200);
    expect(await pay(cancelled.appointment.id, cancelled.client.idToken)).toMatchObject({ status: 409, body: { error: 'A cancelled appointment cannot be paid' } });

    const other = await paidAppointment();
    expect(await pay(other.appointment.id, free.client.idToken)).toMatchObject({ status: 404, body: { error: 'Appointment not found' } });
    expect(invoicesOf(free.client.id)).toHaveLength(0);
    expect(invoicesOf(other.client.id)).toHaveLength(0);
  });

  it('answers 503 "Payments are not configured" without LAGO_API_KEY, and health tells the site', async () => {
    const { client, appointment } = await paidAppointment();
    expect((await api('/health')).body.data.payments).toBe(true);
    configureLago({ LAGO_API_KEY: undefined });
    expect(await pay(appointment.id, client.idToken)).toMatchObject({ status: 503, body: { success: false, error: 'Payments are not configured' } });
    expect((await api('/health')).body.data.payments).toBe(false);
    expect(invoicesOf(client.id)).toHaveLength(0);
  });

  it('Lago down (503): a clear 502 after the retries, nothing stored', async () => {
    const { client, appointment } = await paidAppointment();
    const stored = await getAppointment(appointment.id);
    const seen = lago.requests.length;
    lago.behaviour.down = true;
    expect(await pay(appointment.id, client.idToken)).toMatchObject({ status: 502, body: { success: false, error: 'Payment provider unavailable' } });
    // The customer upsert is safe to repeat: three attempts with backoff, then the 502.
    expect(lago.requests.slice(seen).map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(Array(3).fill('POST /customers 503'));
    expect(await getAppointment(appointment.id)).toEqual(stored);
    expect(await getPaymentClaim(appointment.id)).toBeNull();

    lago.behaviour.down = false;
    expect((await pay(appointment.id, client.idToken)).status).toBe(201);
    expect(invoicesOf(client.id)).toHaveLength(1);
  });

  it('Lago too slow: the invoice call times out (502, nothing stored); the retry finds the invoice Lago did create', async () => {
    const { client, appointment } = await paidAppointment();
    lago.behaviour.invoiceDelayMs = 1500;
    const slow = await pay(appointment.id, client.idToken);
    expect(slow).toMatchObject({ status: 502, body: { error: 'Payment provider unavailable' } });
    expect((await getAppointment(appointment.id))!.lagoInvoiceId).toBeUndefined();
    // Lago finishes the invoice after we gave up on it.
    await lago.idle();
    expect(invoicesOf(client.id)).toHaveLength(1);
    lago.behaviour.invoiceDelayMs = 0;

    // The claim is held a little longer (Lago might still be working); this call waits it out.
    const retry = await pay(appointment.id, client.idToken);
    expect(retry.status).toBe(200);
    expect(retry.body.data.invoiceId).toBe(invoicesOf(client.id)[0]!.lago_id);
    expect(invoicesOf(client.id)).toHaveLength(1);
    expect((await getAppointment(appointment.id))!.lagoInvoiceId).toBe(retry.body.data.invoiceId);
  });

  it('a wrong API key (Lago answers 401) is a 502 and stores nothing', async () => {
    const { client, appointment } = await paidAppointment();
    configureLago({ LAGO_API_KEY: 'not-the-key' });
    const error = vi.spyOn(logger, 'error');
    expect(await pay(appointment.id, client.idToken)).toMatchObject({ status: 502, body: { error: 'Payment provider unavailable' } });
    expect(error).toHaveBeenCalledWith(expect.stringContaining('check LAGO_API_KEY'), expect.anything());
    error.mockRestore();
    expect((await getAppointment(appointment.id))!.lagoInvoiceId).toBeUndefined();
  });

  it('returns the invoice without a payment URL when Lago has no payment provider', async () => {
    const { client, appointment } = await paidAppointment();
    lago.behaviour.noPaymentProvider = true;
    const paid = await pay(appointment.id, client.idToken);
    expect(paid.status).toBe(201);
    expect(Object.keys(paid.body.data).sort()).toEqual(['amount', 'currency', 'invoiceId', 'invoiceNumber', 'status']);
  });
});

describe('POST /api/lago-webhook', () => {
  /** An appointment with its invoice created through the API. */
  async function invoiced() {
    const setup = await paidAppointment();
    const paid = await pay(setup.appointment.id, setup.client.idToken);
    expect(paid.status).toBe(201);
    return { ...setup, invoiceId: paid.body.data.invoiceId as string };
  }

  it('verifies JWT signatures with LAGO_WEBHOOK_PUBLIC_KEY (PEM, or base64 as Lago serves it), never asking Lago for it', async () => {
    const { appointment, invoiceId } = await invoiced();
    const seen = lago.requests.length;
    // The webhook function holds no API key in AWS: here neither, so nothing could be fetched with one.
    configureLago({ LAGO_API_KEY: undefined });
    const failed = lago.updateInvoice(invoiceId, { payment_status: 'failed' });
    expect(await deliver(lago.invoiceWebhook('invoice.payment_status_updated', failed), { algorithm: 'jwt' })).toMatchObject({ status: 200, body: { data: { status: 'processed' } } });
    expect((await getAppointment(appointment.id))!.isPaid).toBe(false);
    // As GET /webhooks/json_public_key serves it: base64 of the PEM, folded.
    configureLago({ LAGO_API_KEY: undefined, LAGO_WEBHOOK_PUBLIC_KEY: Buffer.from(lago.publicKeyPem).toString('base64').replace(/(.{60})/g, '$1\n') });
    const succeeded = lago.updateInvoice(invoiceId, { payment_status: 'succeeded' });
    expect(await deliver(lago.invoiceWebhook('invoice.payment_status_updated', succeeded), { algorithm: 'jwt' })).toMatchObject({ status: 200, body: { data: { status: 'processed' } } });
    expect((await getAppointment(appointment.id))!.isPaid).toBe(true);
    expect(lago.requests.slice(seen)).toEqual([]);
  });

  it('refuses a JWT-signed webhook with 503 and an error log when LAGO_WEBHOOK_PUBLIC_KEY is not set (Lago retries), and never fetches the key', async () => {
    const { appointment, invoiceId } = await invoiced();
    const stored = await getAppointment(appointment.id);
    const seen = lago.requests.length;
    const message = lago.invoiceWebhook('invoice.payment_status_updated', lago.updateInvoice(invoiceId, { payment_status: 'succeeded' }));
    const error = vi.spyOn(logger, 'error');
    for (const [variable, overrides] of [
      ['unset', { LAGO_WEBHOOK_PUBLIC_KEY: undefined }],
      ['not a key', { LAGO_WEBHOOK_PUBLIC_KEY: 'bm90IGEga2V5' }],
    ] as const) {
      configureLago(overrides);
      error.mockClear();
      expect(await deliver(message, { algorithm: 'jwt' }), variable).toMatchObject({ status: 503, body: { success: false, error: 'Webhook verification is not configured; Lago will retry' } });
      expect(error, variable).toHaveBeenCalledWith('Lago webhook refused: its signature key is not configured', expect.objectContaining({ problem: expect.stringContaining('LAGO_WEBHOOK_PUBLIC_KEY') }));
    }
    // The same for an HMAC-signed webhook without LAGO_WEBHOOK_HMAC_KEY.
    configureLago({ LAGO_WEBHOOK_HMAC_KEY: undefined });
    error.mockClear();
    expect(await deliver(message, { algorithm: 'hmac' })).toMatchObject({ status: 503 });
    expect(error).toHaveBeenCalledWith('Lago webhook refused: its signature key is not configured', expect.objectContaining({ problem: expect.stringContaining('LAGO_WEBHOOK_HMAC_KEY') }));
    error.mockRestore();
    expect(lago.requests.slice(seen).map((r) => r.path)).not.toContain('/webhooks/json_public_key');
    expect(await getAppointment(appointment.id)).toEqual(stored);
  });

  it('refuses forged signatures with 401 and changes nothing', async () => {
    const { appointment, invoiceId } = await invoiced();
    const stored = await getAppointment(appointment.id);
    const body = JSON.stringify(lago.invoiceWebhook('invoice.payment_status_updated', lago.updateInvoice(invoiceId, { payment_status: 'succeeded' })));
    const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const unsigned = (claims: object) => `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
    const forgeries: Array<[string, Parameters<FakeLago['deliver']>[2]]> = [
      ['HMAC with another key', { algorithm: 'hmac', signature: lago.hmac(body, 'guessed-key') }],
      ['no signature', { algorithm: 'hmac', signature: null }],
      ['an empty signature', { algorithm: 'hmac', signature: '' }],
      ['JWT signed by another key', { algorithm: 'jwt', signature: lago.jwt(body, { key: otherKey }) }],
      ['JWT from another issuer', { algorithm: 'jwt', signature: lago.jwt(body, { iss: 'https://evil.example' }) }],
      ['JWT with alg none', { algorithm: 'jwt', signature: unsigned({ data: body, iss: lago.origin }) }],
      ['an unknown algorithm', { algorithm: 'sha1', signature: lago.hmac(body) }],
    ];
    for (const [name, options] of forgeries) {
      const result = await deliver(body, options);
      expect(result, name).toMatchObject({ status: 401, body: { success: false, error: 'Invalid webhook signature' } });
    }
    expect(await getAppointment(appointment.id)).toEqual(stored);
  });

  it('refuses a body changed by one byte after signing (HMAC and JWT)', async () => {
    const { appointment, invoiceId } = await invoiced();
    const stored = await getAppointment(appointment.id);
    const signedBody = JSON.stringify(lago.invoiceWebhook('invoice.payment_status_updated', lago.updateInvoice(invoiceId, { payment_status: 'failed' })));
    // "failed" → "fajled": the same length, one byte different, still valid JSON.
    const tampered = signedBody.replace('"payment_status":"failed"', '"payment_status":"fajled"');
    expect(Buffer.compare(Buffer.from(tampered), Buffer.from(signedBody))).not.toBe(0);
    expect(tampered.length).toBe(signedBody.length);
    for (const algorithm of ['hmac', 'jwt']) {
      expect(await deliver(tampered, { algorithm, signedBody }), algorithm).toMatchObject({ status: 401 });
    }
    expect(await getAppointment(appointment.id)).toEqual(stored);
  });

  it('acknowledges a replayed X-Lago-Unique-Key with 200 and changes nothing', async () => {
    const { appointment, invoiceId } = await invoiced();
    const uniqueKey = randomUUID();
    const paidEvent = lago.invoiceWebhook('invoice.payment_status_updated', lago.updateInvoice(invoiceId, { payment_status: 'succeeded' }));
    expect(await deliver(paidEvent, { uniqueKey })).toMatchObject({ status: 200, body: { data: { status: 'processed' } } });
    const paid = await getAppointment(appointment.id);
    expect(paid!.isPaid).toBe(true);

    // The same delivery again, then the same key on a newer (validly signed) message.
    expect(await deliver(paidEvent, { uniqueKey })).toMatchObject({ status: 200, body: { data: { status: 'duplicate' } } });
    const newer = lago.invoiceWebhook('invoice.payment_status_updated', lago.updateInvoice(invoiceId, { payment_status: 'pending' }));
    expect(await deliver(newer, { uniqueKey })).toMatchObject({ status: 200, body: { data: { status: 'duplicate' } } });
    expect(await getAppointment(appointment.id)).toEqual(paid);

    // Under a new key the same message is applied: it was the key that stopped it.
    expect(await deliver(newer)).toMatchObject({ status: 200, body: { data: { status: 'processed' } } });
    expect((await getAppointment(appointment.id))!.isPaid).toBe(false);
  });

  it('acknowledges unknown invoices and other webhook types with 200 and a log line', async () => {
    const warn = vi.spyOn(logger, 'warn');
    const unknown = { webhook_type: 'invoice.payment_status_updated', object_type: 'invoice', invoice: { lago_id: randomUUID(), payment_status: 'succeeded' } };
    expect(await deliver(unknown)).toMatchObject({ status: 200, body: { data: { status: 'ignored', reason: 'unknown invoice' } } });
    expect(warn).toHaveBeenCalledWith('Lago webhook ignored', expect.objectContaining({ reason: 'unknown invoice', invoiceId: unknown.invoice.lago_id }));
    const other = { webhook_type: 'customer.created', object_type: 'customer', customer: { lago_id: randomUUID() } };
    expect(await deliver(other)).toMatchObject({ status: 200, body: { data: { status: 'ignored' } } });
    expect(warn).toHaveBeenCalledWith('Lago webhook ignored', expect.objectContaining({ type: 'customer.created' }));
    warn.mockRestore();
  });

  it('answers 400 to a malformed body that carries a valid signature', async () => {
    const cases = ['{"webhook_type": "invoice.voided", ', '[]', JSON.stringify({ webhook_type: 'invoice.payment_status_updated', object_type: 'invoice', invoice: { payment_status: 'succeeded' } })];
    for (const body of cases) {
      const result = await deliver(body);
      expect(result.status, body).toBe(400);
      expect(result.body.success).toBe(false);
    }
  });

  it('invoice.voided: unpaid and without invoice; the next pay creates a new one', async () => {
    const { client, appointment, invoiceId } = await invoiced();
    // The invoice's number is on the appointment (the client's payments page shows it) until it is voided.
    expect((await getAppointment(appointment.id))!.invoiceNumber).toBe(lago.invoices.get(invoiceId)!.number);
    lago.updateInvoice(invoiceId, { payment_status: 'succeeded' });
    await deliver(lago.invoiceWebhook('invoice.payment_status_updated', lago.invoices.get(invoiceId)!));
    const voided = lago.updateInvoice(invoiceId, { status: 'voided' });
    expect(await deliver(lago.invoiceWebhook('invoice.voided', voided))).toMatchObject({ status: 200, body: { data: { status: 'processed' } } });
    const stored = await getAppointment(appointment.id);
    expect(stored!.isPaid).toBe(false);
    expect(stored!.lagoInvoiceId).toBeUndefined();
    expect(stored!.invoiceNumber).toBeUndefined();

    // A late message about the voided invoice no longer applies.
    expect(await deliver(lago.invoiceWebhook('invoice.payment_status_updated', voided))).toMatchObject({ status: 200, body: { data: { status: 'ignored' } } });
    const again = await pay(appointment.id, client.idToken);
    expect(again.status).toBe(201);
    expect(again.body.data.invoiceId).not.toBe(invoiceId);
    expect(invoicesOf(client.id)).toHaveLength(2);
  });

  it('invoice.payment_failure is logged and leaves a paid appointment paid; an older status is ignored', async () => {
    const { appointment, invoiceId } = await invoiced();
    const pending = lago.invoiceWebhook('invoice.payment_status_updated', structuredClone(lago.invoices.get(invoiceId)!));
    await deliver(lago.invoiceWebhook('invoice.payment_status_updated', lago.updateInvoice(invoiceId, { payment_status: 'succeeded' })));
    const paid = await getAppointment(appointment.id);
    expect(paid!.isPaid).toBe(true);

    const warn = vi.spyOn(logger, 'warn');
    const failure = {
      webhook_type: 'invoice.payment_failure',
      object_type: 'payment_provider_invoice_payment_error',
      payment_provider_invoice_payment_error: { lago_invoice_id: invoiceId, lago_customer_id: randomUUID(), provider_error: { message: 'card declined' } },
    };
    expect(await deliver(failure)).toMatchObject({ status: 200 });
    expect(warn).toHaveBeenCalledWith('Lago reports a failed payment attempt', expect.objectContaining({ invoiceId }));
    warn.mockRestore();
    // Lago retried an earlier delivery: older than what was applied, so ignored.
    expect(await deliver(pending)).toMatchObject({ status: 200, body: { data: { status: 'ignored', reason: 'older than the last payment event applied' } } });
    expect(await getAppointment(appointment.id)).toEqual(paid);
  });

  it('an event without updated_at is older than the state applied: it does not overwrite a paid appointment', async () => {
    const { appointment, invoiceId } = await invoiced();
    await deliver(lago.invoiceWebhook('invoice.payment_status_updated', lago.updateInvoice(invoiceId, { payment_status: 'succeeded' })));
    const paid = await getAppointment(appointment.id);
    expect(paid).toMatchObject({ isPaid: true, paymentUpdatedAt: expect.any(String) });

    // Lago's messages as they are, less the invoice's updated_at.
    const { updated_at: _dropped, ...undated } = structuredClone(lago.updateInvoice(invoiceId, { payment_status: 'pending' }));
    for (const type of ['invoice.payment_status_updated', 'invoice.voided']) {
      const message = { ...lago.invoiceWebhook(type, lago.invoices.get(invoiceId)!), invoice: type === 'invoice.voided' ? { ...undated, status: 'voided' } : undated };
      expect(await deliver(message), type).toMatchObject({ status: 200, body: { data: { status: 'ignored', reason: 'undated, so older than the last payment event applied' } } });
    }
    expect(await getAppointment(appointment.id)).toEqual(paid);
  });
});

describe('DynamoDB requests (as in docs/ACCESS_PATTERNS.md)', () => {
  let requestsOf: ReturnType<typeof countDynamoDbRequests>;
  beforeAll(() => {
    requestsOf = countDynamoDbRequests();
  });
  const during = (action: () => Promise<unknown>) => requestsOf(action);

  it('a first pay: read, claim, read under the claim, profile, schedule, one transaction, outbox cleared, release', async () => {
    const { client, appointment } = await paidAppointment();
    expect(await during(() => pay(appointment.id, client.idToken))).toEqual([
      STANDING_READ,
      'GetItem',
      'PutItem',
      'GetItem',
      'GetItem',
      'BatchGetItem',
      'TransactWriteItems',
      'DeleteItem',
      'DeleteItem',
    ]);
    expect(await during(() => pay(appointment.id, client.idToken))).toEqual([STANDING_READ, 'GetItem']);
  });

  it('a webhook: receipt, invoice link, appointment, schedule, one transaction, outbox cleared, receipt; a replay: one read', async () => {
    const { client, appointment } = await paidAppointment();
    const invoiceId = (await pay(appointment.id, client.idToken)).body.data.invoiceId as string;
    const message = lago.invoiceWebhook('invoice.payment_status_updated', lago.updateInvoice(invoiceId, { payment_status: 'succeeded' }));
    const uniqueKey = randomUUID();
    expect(await during(() => deliver(message, { uniqueKey }))).toEqual(['GetItem', 'GetItem', 'GetItem', 'BatchGetItem', 'TransactWriteItems', 'DeleteItem', 'PutItem']);
    expect(await during(() => deliver(message, { uniqueKey }))).toEqual(['GetItem']);
  });
});
