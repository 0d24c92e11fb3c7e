import { createHmac, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import http from 'node:http';
import { checkoutPage } from './pages.ts';

/**
 * A local stand-in for Lago's REST API (the parts this product uses) on 127.0.0.1, following
 * Lago's protocol: bearer API key (401 otherwise), JSON roots (`{ customer: {...} }`), `lago_id`s,
 * errors `{ status, error, code, error_details }`, sequential invoice numbers, payment URLs, and
 * webhooks signed like Lago signs them (HMAC with the organisation key, or an RS256 JWT with a key
 * pair made here). Knobs make it fail the ways the real one can: down (503) or slow.
 */

interface Customer {
  lago_id: string;
  sequential_id: number;
  slug: string;
  external_id: string;
  name: string | null;
  email: string | null;
  currency: string | null;
  created_at: string;
  updated_at: string;
}

interface AddOn {
  lago_id: string;
  name: string;
  invoice_display_name: string | null;
  code: string;
  amount_cents: number;
  amount_currency: string;
  description: string | null;
  created_at: string;
  taxes: never[];
}

interface Fee {
  lago_id: string;
  amount_cents: number;
  amount_currency: string;
  taxes_amount_cents: number;
  total_amount_cents: number;
  units: string;
  precise_unit_amount: string;
  description: string | null;
  item: { type: 'add_on'; code: string; name: string; invoice_display_name: string; lago_item_id: string };
}

export interface Invoice {
  lago_id: string;
  sequential_id: number;
  number: string;
  issuing_date: string;
  invoice_type: 'one_off';
  status: 'finalized' | 'voided';
  payment_status: 'pending' | 'succeeded' | 'failed';
  currency: string;
  fees_amount_cents: number;
  taxes_amount_cents: number;
  sub_total_excluding_taxes_amount_cents: number;
  sub_total_including_taxes_amount_cents: number;
  total_amount_cents: number;
  created_at: string;
  updated_at: string;
  customer: Customer;
  fees: Fee[];
}

/** The sandbox checkout page of one invoice (its Lago id). */
const CHECKOUT_PATH = /^\/sandbox\/pay\/([^/]+)$/;

type Reply = { status: number; body?: unknown; html?: string; headers?: Record<string, string> };

const error = (status: number, message: string, code?: string, details?: Record<string, string[]>): Reply => ({
  status,
  body: { status, error: message, ...(code ? { code } : {}), ...(details ? { error_details: details } : {}) },
});
const invalid = (details: Record<string, string[]>) => error(422, 'Unprocessable Entity', 'validation_errors', details);
const notFound = (resource: string) => error(404, 'Not Found', `${resource}_not_found`);
const missingRoot = (root: string) => error(400, `BadRequest: param is missing or the value is empty: ${root}`);

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

export interface FakeLago {
  /** What LAGO_API_URL points at: `<origin>/api/v1`. */
  url: string;
  /** Lago's own LAGO_API_URL, the `iss` of its JWT signatures. */
  origin: string;
  apiKey: string;
  hmacKey: string;
  publicKeyPem: string;
  customers: Map<string, Customer>;
  addOns: Map<string, AddOn>;
  invoices: Map<string, Invoice>;
  requests: Array<{ method: string; path: string; status: number }>;
  behaviour: { down: boolean; invoiceDelayMs: number; noPaymentProvider: boolean };
  /** Resolves when every request received so far has been answered (slow ones included). */
  idle(): Promise<void>;
  /** Changes an invoice as Lago would (updated_at moves on) and returns it. */
  updateInvoice(lagoId: string, changes: Partial<Pick<Invoice, 'payment_status' | 'status'>>): Invoice;
  /** The message Lago sends for an invoice event. */
  invoiceWebhook(type: string, invoice: Invoice): Record<string, unknown>;
  hmac(body: string, key?: string): string;
  jwt(body: string, options?: { key?: KeyObject; iss?: string }): string;
  /** POSTs a webhook as Lago does; `signedBody` lets a test sign one body and send another. */
  deliver(
    target: string,
    body: string,
    options: { algorithm?: string; signature?: string | null; signedBody?: string; uniqueKey?: string | null },
  ): Promise<{ status: number; body: any }>;
  stop(): Promise<void>;
}

export interface FakeLagoOptions {
  /**
   * The local sandbox of `npm start`: payment URLs lead to a checkout page served here, whose
   * outcome marks the invoice and sends Lago's signed `invoice.payment_status_updated` webhook
   * to `webhookUrl`, then returns the payer to `returnUrl` (what the payment provider's success
   * URL does). Without it (tests), payment URLs point at a checkout nobody opens.
   */
  checkout?: { webhookUrl: string; returnUrl: string };
}

export async function startFakeLago(options: FakeLagoOptions = {}): Promise<FakeLago> {
  const apiKey = `lago-test-${randomUUID()}`;
  const hmacKey = `hmac-${randomUUID()}`;
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const customers = new Map<string, Customer>();
  const addOns = new Map<string, AddOn>();
  const invoices = new Map<string, Invoice>();
  const requests: FakeLago['requests'] = [];
  const behaviour = { down: false, invoiceDelayMs: 0, noPaymentProvider: false };
  const inflight = new Set<Promise<void>>();
  let invoiceSequence = 0;
  // Lago's timestamps have second precision; this clock never goes back nor repeats.
  let clock = 0;
  const now = () => {
    clock = Math.max(Date.now(), clock + 1000);
    return new Date(Math.floor(clock / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  };

  const upsertCustomer = (input: unknown): Reply => {
    if (!isObject(input)) return missingRoot('customer');
    if (typeof input.external_id !== 'string' || !input.external_id) return invalid({ external_id: ['value_is_mandatory'] });
    if (input.currency !== undefined && !/^[A-Z]{3}$/.test(String(input.currency))) return invalid({ currency: ['value_is_invalid'] });
    const existing = customers.get(input.external_id);
    const stamp = now();
    const customer: Customer = existing
      ? { ...existing, updated_at: stamp }
      : {
          lago_id: randomUUID(),
          sequential_id: customers.size + 1,
          slug: `RDV-${String(customers.size + 1).padStart(3, '0')}`,
          external_id: input.external_id,
          name: null,
          email: null,
          currency: null,
          created_at: stamp,
          updated_at: stamp,
        };
    if (typeof input.name === 'string') customer.name = input.name;
    if (typeof input.email === 'string') customer.email = input.email;
    if (typeof input.currency === 'string') {
      const hasInvoices = [...invoices.values()].some((i) => i.customer.external_id === customer.external_id);
      if (hasInvoices && customer.currency && customer.currency !== input.currency) return invalid({ currency: ['currencies_does_not_match'] });
      customer.currency = input.currency;
    }
    customers.set(customer.external_id, customer);
    return { status: 200, body: { customer } };
  };

  const createAddOn = (input: unknown): Reply => {
    if (!isObject(input)) return missingRoot('add_on');
    const details: Record<string, string[]> = {};
    for (const field of ['name', 'code', 'amount_currency']) if (typeof input[field] !== 'string' || !input[field]) details[field] = ['value_is_mandatory'];
    if (!Number.isInteger(input.amount_cents)) details.amount_cents = ['value_is_mandatory'];
    if (typeof input.code === 'string' && addOns.has(input.code)) details.code = ['value_already_exist'];
    if (Object.keys(details).length) return invalid(details);
    const addOn: AddOn = {
      lago_id: randomUUID(),
      name: String(input.name),
      invoice_display_name: null,
      code: String(input.code),
      amount_cents: Number(input.amount_cents),
      amount_currency: String(input.amount_currency),
      description: typeof input.description === 'string' ? input.description : null,
      created_at: now(),
      taxes: [],
    };
    addOns.set(addOn.code, addOn);
    return { status: 200, body: { add_on: addOn } };
  };

  const createInvoice = (input: unknown): Reply => {
    if (!isObject(input)) return missingRoot('invoice');
    const customer = typeof input.external_customer_id === 'string' ? customers.get(input.external_customer_id) : undefined;
    if (!customer) return notFound('customer');
    const currency = typeof input.currency === 'string' ? input.currency : customer.currency;
    if (!currency) return invalid({ currency: ['value_is_mandatory'] });
    if (customer.currency && customer.currency !== currency) return invalid({ currency: ['currencies_does_not_match'] });
    if (!Array.isArray(input.fees) || input.fees.length === 0) return invalid({ fees: ['value_is_mandatory'] });
    const fees: Fee[] = [];
    for (const fee of input.fees as unknown[]) {
      if (!isObject(fee) || typeof fee.add_on_code !== 'string' || !fee.add_on_code) return invalid({ add_on_code: ['value_is_mandatory'] });
      const addOn = addOns.get(fee.add_on_code);
      if (!addOn) return notFound('add_on');
      const unit = fee.unit_amount_cents ?? addOn.amount_cents;
      const units = Number(fee.units ?? 1);
      if (!Number.isInteger(unit) || !Number.isFinite(units) || units <= 0) return invalid({ unit_amount_cents: ['value_is_invalid'] });
      const amount = Math.round(Number(unit) * units);
      fees.push({
        lago_id: randomUUID(),
        amount_cents: amount,
        amount_currency: currency,
        taxes_amount_cents: 0,
        total_amount_cents: amount,
        units: units.toFixed(1),
        precise_unit_amount: (Number(unit) / 100).toFixed(2),
        description: typeof fee.description === 'string' ? fee.description : addOn.description,
        item: { type: 'add_on', code: addOn.code, name: addOn.name, invoice_display_name: addOn.invoice_display_name ?? addOn.name, lago_item_id: addOn.lago_id },
      });
    }
    customer.currency ??= currency;
    const total = fees.reduce((sum, fee) => sum + fee.amount_cents, 0);
    const stamp = now();
    invoiceSequence += 1;
    const invoice: Invoice = {
      lago_id: randomUUID(),
      sequential_id: invoiceSequence,
      number: `${customer.slug}-${String(invoiceSequence).padStart(3, '0')}`,
      issuing_date: stamp.slice(0, 10),
      invoice_type: 'one_off',
      status: 'finalized',
      payment_status: 'pending',
      currency,
      fees_amount_cents: total,
      taxes_amount_cents: 0,
      sub_total_excluding_taxes_amount_cents: total,
      sub_total_including_taxes_amount_cents: total,
      total_amount_cents: total,
      created_at: stamp,
      updated_at: stamp,
      customer: { ...customer },
      fees,
    };
    invoices.set(invoice.lago_id, invoice);
    return { status: 200, body: { invoice } };
  };

  const listInvoices = (query: URLSearchParams): Reply => {
    const page = Math.max(1, Number(query.get('page') ?? 1));
    const perPage = Math.min(100, Math.max(1, Number(query.get('per_page') ?? 20)));
    const from = query.get('issuing_date_from');
    const matching = [...invoices.values()]
      .filter((i) => !query.get('external_customer_id') || i.customer.external_id === query.get('external_customer_id'))
      .filter((i) => !query.get('invoice_type') || i.invoice_type === query.get('invoice_type'))
      .filter((i) => !query.get('status') || i.status === query.get('status'))
      .filter((i) => !from || i.issuing_date >= from)
      .reverse();
    const slice = matching.slice((page - 1) * perPage, page * perPage);
    const totalPages = Math.max(1, Math.ceil(matching.length / perPage));
    return {
      status: 200,
      body: {
        // Lago's list leaves the fees out.
        invoices: slice.map(({ fees: _fees, ...rest }) => rest),
        meta: { current_page: page, next_page: page < totalPages ? page + 1 : null, prev_page: page > 1 ? page - 1 : null, total_pages: totalPages, total_count: matching.length },
      },
    };
  };

  /** The sandbox checkout: a page per invoice, and its outcome sent to the product as Lago would. */
  const checkout = async (method: string, path: string, form: URLSearchParams, target: NonNullable<FakeLagoOptions['checkout']>): Promise<Reply> => {
    const invoice = invoices.get(decodeURIComponent(CHECKOUT_PATH.exec(path)![1]!));
    if (!invoice) return { status: 404, html: 'Facture inconnue · Unknown invoice' };
    const amount = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: invoice.currency }).format(invoice.total_amount_cents / 100);
    if (method === 'GET') return { status: 200, html: checkoutPage({ action: path, number: invoice.number, amount, status: invoice.payment_status }) };
    const outcome = form.get('outcome');
    if (method !== 'POST' || (outcome !== 'succeeded' && outcome !== 'failed')) return { status: 400, html: 'Choisissez Payer ou Refuser · Choose pay or decline' };
    if (invoice.payment_status !== 'succeeded') {
      Object.assign(invoice, { payment_status: outcome, updated_at: now() });
      const body = JSON.stringify({ webhook_type: 'invoice.payment_status_updated', object_type: 'invoice', organization_id: 'org-sandbox', invoice });
      // Lago retries a webhook the product refused; here the person sees it at once instead.
      const delivered = await deliver(target.webhookUrl, body, {}).catch((error: unknown) => ({ status: 0, body: String(error) }));
      if (delivered.status !== 200) return { status: 502, html: `L’application a refusé le webhook (${delivered.status}) · The product refused the webhook` };
    }
    return { status: 303, headers: { location: target.returnUrl } };
  };

  const route = async (method: string, path: string, query: URLSearchParams, body: Record<string, unknown>): Promise<Reply> => {
    let match: RegExpExecArray | null;
    if (method === 'POST' && path === '/customers') return upsertCustomer(body.customer);
    if (method === 'POST' && path === '/add_ons') return createAddOn(body.add_on);
    if (method === 'GET' && (match = /^\/add_ons\/([^/]+)$/.exec(path))) {
      const addOn = addOns.get(decodeURIComponent(match[1]!));
      return addOn ? { status: 200, body: { add_on: addOn } } : notFound('add_on');
    }
    if (method === 'POST' && path === '/invoices') {
      if (behaviour.invoiceDelayMs) await new Promise((resolve) => setTimeout(resolve, behaviour.invoiceDelayMs));
      return createInvoice(body.invoice);
    }
    if (method === 'GET' && path === '/invoices') return listInvoices(query);
    if (method === 'GET' && (match = /^\/invoices\/([^/]+)$/.exec(path))) {
      const invoice = invoices.get(match[1]!);
      return invoice ? { status: 200, body: { invoice } } : notFound('invoice');
    }
    if (method === 'POST' && (match = /^\/invoices\/([^/]+)\/payment_url$/.exec(path))) {
      const invoice = invoices.get(match[1]!);
      if (!invoice) return notFound('invoice');
      if (behaviour.noPaymentProvider) return invalid({ base: ['no_linked_payment_provider'] });
      return {
        status: 200,
        body: {
          invoice_payment_details: {
            lago_customer_id: invoice.customer.lago_id,
            lago_invoice_id: invoice.lago_id,
            external_customer_id: invoice.customer.external_id,
            payment_provider: 'stripe',
            payment_url: options.checkout ? `${origin}/sandbox/pay/${invoice.lago_id}` : `https://checkout.stripe.test/pay/${invoice.lago_id}`,
          },
        },
      };
    }
    if (method === 'GET' && path === '/webhooks/json_public_key') {
      // Lago serves Base64.encode64 of the PEM (with its line breaks).
      const encoded = Buffer.from(publicKeyPem).toString('base64').replace(/(.{60})/g, '$1\n');
      return { status: 200, body: { webhook: { public_key: encoded } } };
    }
    return error(404, 'Not Found');
  };

  const server = http.createServer((request, response) => {
    const work = (async () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const method = request.method ?? 'GET';
      const path = url.pathname.replace(/^\/api\/v1/, '');
      let reply: Reply;
      if (behaviour.down) {
        reply = { status: 503, body: { status: 503, error: 'Service Unavailable' } };
      } else if (options.checkout && CHECKOUT_PATH.test(url.pathname)) {
        reply = await checkout(method, url.pathname, new URLSearchParams(Buffer.concat(chunks).toString('utf8')), options.checkout);
      } else if (!url.pathname.startsWith('/api/v1/')) {
        reply = error(404, 'Not Found');
      } else if (request.headers.authorization !== `Bearer ${apiKey}`) {
        reply = error(401, 'Unauthorized');
      } else {
        let body: unknown = {};
        try {
          body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
        } catch {
          body = undefined;
        }
        reply = isObject(body) ? await route(method, path, url.searchParams, body) : error(400, 'BadRequest: invalid JSON');
      }
      requests.push({ method, path, status: reply.status });
      if (response.destroyed) return;
      response.writeHead(reply.status, { 'content-type': reply.html === undefined ? 'application/json; charset=utf-8' : 'text/html; charset=utf-8', ...reply.headers });
      response.end(reply.html ?? JSON.stringify(reply.body));
    })();
    inflight.add(work);
    void work.finally(() => inflight.delete(work));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

  const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');
  const hmac = (body: string, key = hmacKey) => createHmac('sha256', key).update(body).digest('base64');
  const jwt = (body: string, options: { key?: KeyObject; iss?: string } = {}) => {
    const head = base64url(JSON.stringify({ alg: 'RS256' }));
    const claims = base64url(JSON.stringify({ data: body, iss: options.iss ?? origin }));
    const signature = sign('RSA-SHA256', Buffer.from(`${head}.${claims}`), options.key ?? privateKey);
    return `${head}.${claims}.${base64url(signature)}`;
  };

  const deliver: FakeLago['deliver'] = async (target, body, options) => {
    const algorithm = options.algorithm ?? 'hmac';
    const signed = options.signedBody ?? body;
    const signature = options.signature === undefined ? (algorithm === 'jwt' ? jwt(signed) : hmac(signed)) : options.signature;
    const uniqueKey = options.uniqueKey === undefined ? randomUUID() : options.uniqueKey;
    const response = await fetch(target, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-lago-signature-algorithm': algorithm,
        ...(signature !== null ? { 'x-lago-signature': signature } : {}),
        ...(uniqueKey !== null ? { 'x-lago-unique-key': uniqueKey } : {}),
      },
      body,
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: kept as text
    }
    return { status: response.status, body: parsed };
  };

  return {
    url: `${origin}/api/v1`,
    origin,
    apiKey,
    hmacKey,
    publicKeyPem,
    customers,
    addOns,
    invoices,
    requests,
    behaviour,
    idle: async () => {
      while (inflight.size) await Promise.all([...inflight]);
    },
    updateInvoice(lagoId, changes) {
      const invoice = invoices.get(lagoId);
      if (!invoice) throw new Error(`no invoice ${lagoId}`);
      Object.assign(invoice, changes, { updated_at: now() });
      return invoice;
    },
    invoiceWebhook(type, invoice) {
      return { webhook_type: type, object_type: 'invoice', organization_id: 'org-fake', invoice };
    },
    hmac,
    jwt,
    deliver,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
