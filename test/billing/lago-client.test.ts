import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LagoClient, LagoError, LagoUnavailableError } from '../../shared/billing/lago-client.ts';
import { startFakeLago, type FakeLago } from '../../local/sandbox/lago.ts';

/** The client and the fake Lago against each other: the protocol both follow, and the failure policy. */
let lago: FakeLago;
let client: LagoClient;

beforeAll(async () => {
  lago = await startFakeLago();
  client = new LagoClient(lago.url, lago.apiKey, 500);
});
afterAll(() => lago.stop());
beforeEach(() => Object.assign(lago.behaviour, { down: false, invoiceDelayMs: 0, noPaymentProvider: false }));

const since = (mark: number) => lago.requests.slice(mark).map((r) => `${r.method} ${r.path} ${r.status}`);

async function customerWithAddOn() {
  const externalId = randomUUID();
  await client.upsertCustomer({ external_id: externalId, name: 'Chloé Bernard', email: 'chloe@example.com', currency: 'EUR' });
  if (!lago.addOns.has('appointment')) await client.createAddOn({ code: 'appointment', name: 'Appointment', amount_cents: 0, amount_currency: 'EUR' });
  return externalId;
}

describe('the Lago protocol', () => {
  it('needs the bearer API key: a wrong one is a 401', async () => {
    const stranger = new LagoClient(lago.url, 'wrong-key', 500);
    const error = await stranger.upsertCustomer({ external_id: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LagoError);
    expect(error).toMatchObject({ status: 401, message: expect.stringContaining('Unauthorized') });
  });

  it('creates a customer once per external_id and updates it after', async () => {
    const externalId = randomUUID();
    const first = await client.upsertCustomer({ external_id: externalId, name: 'A', email: 'a@example.com', currency: 'EUR' });
    const second = await client.upsertCustomer({ external_id: externalId, name: 'B' });
    expect(second.lago_id).toBe(first.lago_id);
    expect(lago.customers.get(externalId)).toMatchObject({ name: 'B', email: 'a@example.com', currency: 'EUR' });
  });

  it('refuses a second add-on with the same code: 422 value_already_exist', async () => {
    const code = `code-${randomUUID()}`;
    await client.createAddOn({ code, name: 'One', amount_cents: 100, amount_currency: 'EUR' });
    const error = await client.createAddOn({ code, name: 'Two', amount_cents: 100, amount_currency: 'EUR' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 422, code: 'validation_errors', details: { code: ['value_already_exist'] } });
  });

  it('creates one-off invoices with numbered, priced fees; refuses missing fields with 422 and unknown objects with 404', async () => {
    const externalId = await customerWithAddOn();
    const fee = { add_on_code: 'appointment', unit_amount_cents: 4200, units: 1, description: 'Bilan — 2032-01-15 10:00 (Europe/Paris)' };
    const first = await client.createInvoice({ external_customer_id: externalId, currency: 'EUR', fees: [fee] });
    const second = await client.createInvoice({ external_customer_id: externalId, currency: 'EUR', fees: [{ ...fee, units: 2 }] });
    expect(first).toMatchObject({ status: 'finalized', payment_status: 'pending', currency: 'EUR', total_amount_cents: 4200 });
    expect(first.fees).toEqual([expect.objectContaining({ amount_cents: 4200, description: fee.description, item: expect.objectContaining({ code: 'appointment' }) })]);
    expect(second.total_amount_cents).toBe(8400);
    const sequence = (number: string) => Number(number.split('-').at(-1));
    expect(sequence(second.number)).toBe(sequence(first.number) + 1);

    await expect(client.createInvoice({ external_customer_id: externalId, currency: 'EUR', fees: [] })).rejects.toMatchObject({ status: 422, details: { fees: ['value_is_mandatory'] } });
    await expect(client.createInvoice({ external_customer_id: externalId, currency: 'EUR', fees: [{ ...fee, add_on_code: '' }] })).rejects.toMatchObject({ status: 422 });
    await expect(client.createInvoice({ external_customer_id: 'nobody', currency: 'EUR', fees: [fee] })).rejects.toMatchObject({ status: 404, code: 'customer_not_found' });
    await expect(client.createInvoice({ external_customer_id: externalId, currency: 'EUR', fees: [{ ...fee, add_on_code: 'missing' }] })).rejects.toMatchObject({ status: 404, code: 'add_on_not_found' });
    await expect(client.getInvoice(randomUUID())).rejects.toMatchObject({ status: 404, code: 'invoice_not_found' });
  });

  it("lists a customer's invoices without their fees, and gives a payment URL", async () => {
    const externalId = await customerWithAddOn();
    const invoice = await client.createInvoice({ external_customer_id: externalId, currency: 'EUR', fees: [{ add_on_code: 'appointment', unit_amount_cents: 100, units: 1 }] });
    const { invoices, nextPage } = await client.listInvoices({ external_customer_id: externalId, invoice_type: 'one_off' });
    expect(invoices.map((i) => i.lago_id)).toEqual([invoice.lago_id]);
    expect(invoices[0]!.fees).toBeUndefined();
    expect(nextPage).toBeUndefined();
    expect(await client.paymentUrl(invoice.lago_id)).toBe(`https://checkout.stripe.test/pay/${invoice.lago_id}`);
    lago.behaviour.noPaymentProvider = true;
    await expect(client.paymentUrl(invoice.lago_id)).rejects.toMatchObject({ status: 422, details: { base: ['no_linked_payment_provider'] } });
  });

  it("serves Lago's webhook public key as base64 of the PEM", async () => {
    expect(await client.webhookPublicKey()).toBe(lago.publicKeyPem);
  });
});

describe('failure policy', () => {
  it('retries a repeatable call on 503 with backoff, then reports Lago unavailable', async () => {
    lago.behaviour.down = true;
    const mark = lago.requests.length;
    const error = await client.getInvoice(randomUUID()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LagoUnavailableError);
    expect(error).toMatchObject({ outcomeUnknown: false });
    expect(since(mark)).toHaveLength(3);
  });

  it('never repeats an invoice creation: one attempt, outcome unknown', async () => {
    const externalId = await customerWithAddOn();
    lago.behaviour.down = true;
    const mark = lago.requests.length;
    const error = await client.createInvoice({ external_customer_id: externalId, currency: 'EUR', fees: [{ add_on_code: 'appointment', unit_amount_cents: 100, units: 1 }] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'LagoUnavailableError', outcomeUnknown: true });
    expect(since(mark)).toEqual(['POST /invoices 503']);
  });

  it('gives up after the timeout, and says a write may have happened', async () => {
    const externalId = await customerWithAddOn();
    lago.behaviour.invoiceDelayMs = 800;
    // The error itself says the client stopped waiting (an answer after 800 ms would have been a success).
    const error = await client.createInvoice({ external_customer_id: externalId, currency: 'EUR', fees: [{ add_on_code: 'appointment', unit_amount_cents: 100, units: 1 }] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'LagoUnavailableError', outcomeUnknown: true, message: expect.stringContaining('within 500 ms') });
    await lago.idle();
    // It did happen: the caller must look before creating again.
    expect([...lago.invoices.values()].filter((i) => i.customer.external_id === externalId)).toHaveLength(1);
  });

  it('reports an unreachable Lago without hanging', async () => {
    const closed = new LagoClient('http://127.0.0.1:9/api/v1', 'key', 500);
    await expect(closed.getInvoice('x')).rejects.toMatchObject({ name: 'LagoUnavailableError' });
  });
});
