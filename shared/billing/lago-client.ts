import * as z from 'zod/mini';
import { config } from '../config.ts';
import { logger } from '../logger.ts';

/**
 * A small typed client for the part of Lago's REST API this product uses (rather than the
 * generated lago-javascript-client: see README "Payments with Lago"). JSON roots and fields are
 * Lago's own (`{ customer: {...} }`, `lago_id`, errors `{ status, error, code, error_details }`).
 * Every call has a timeout; only calls that are safe to repeat are retried, with backoff, on
 * 429/5xx and connection failures. Responses are validated: a surprise is an error, not a crash.
 */

/** Lago answered with an error (4xx, or 5xx after the retries). */
export class LagoError extends Error {
  override name = 'LagoError';
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    readonly details: unknown,
    message: string,
  ) {
    super(message);
  }
}

/** Lago could not be reached, did not answer in time, or answered something unreadable. */
export class LagoUnavailableError extends Error {
  override name = 'LagoUnavailableError';
  constructor(
    message: string,
    /** True when a write may have been applied by Lago all the same (timeout, connection lost). */
    readonly outcomeUnknown: boolean,
  ) {
    super(message);
  }
}

const customerSchema = z.object({ lago_id: z.string(), external_id: z.string() });
const addOnSchema = z.object({ lago_id: z.string(), code: z.string() });
const feeSchema = z.object({
  lago_id: z.nullish(z.string()),
  amount_cents: z.nullish(z.number()),
  units: z.nullish(z.union([z.string(), z.number()])),
  description: z.nullish(z.string()),
  item: z.nullish(z.object({ type: z.nullish(z.string()), code: z.nullish(z.string()) })),
});
const invoiceSchema = z.object({
  lago_id: z.string(),
  number: z.string(),
  status: z.string(),
  payment_status: z.string(),
  currency: z.string(),
  total_amount_cents: z.number(),
  updated_at: z.nullish(z.string()),
  fees: z.nullish(z.array(feeSchema)),
});
const paginationSchema = z.object({ next_page: z.nullish(z.number()) });

export type LagoCustomer = z.infer<typeof customerSchema>;
export type LagoInvoice = z.infer<typeof invoiceSchema>;

export interface CustomerInput {
  external_id: string;
  name?: string;
  email?: string;
  currency?: string;
}

export interface AddOnInput {
  code: string;
  name: string;
  amount_cents: number;
  amount_currency: string;
  description?: string;
}

export interface OneOffInvoiceInput {
  external_customer_id: string;
  currency: string;
  fees: Array<{ add_on_code: string; unit_amount_cents: number; units: number; description?: string }>;
}

export interface InvoiceFilters {
  external_customer_id?: string;
  invoice_type?: 'one_off' | 'subscription' | 'add_on' | 'credit';
  issuing_date_from?: string;
  page?: number;
  per_page?: number;
}

const errorSchema = z.object({
  status: z.optional(z.number()),
  error: z.optional(z.string()),
  code: z.optional(z.string()),
  error_details: z.optional(z.unknown()),
});

const MAX_ATTEMPTS = 3;
const RETRIABLE = new Set([429, 500, 502, 503, 504]);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Call {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** Repeating it cannot create a second object (GET, upserts): it may be retried after a 5xx. */
  repeatable: boolean;
}

export class LagoClient {
  constructor(
    readonly baseUrl: string,
    private readonly apiKey: string,
    private readonly timeoutMs: number,
  ) {}

  /** POST /customers creates or updates by external_id. */
  async upsertCustomer(customer: CustomerInput): Promise<LagoCustomer> {
    const reply = await this.call(z.object({ customer: customerSchema }), { method: 'POST', path: '/customers', body: { customer }, repeatable: true });
    return reply.customer;
  }

  /** POST /add_ons; a code that exists already is a 422 `value_already_exist` (the caller decides). */
  async createAddOn(addOn: AddOnInput) {
    const reply = await this.call(z.object({ add_on: addOnSchema }), { method: 'POST', path: '/add_ons', body: { add_on: addOn }, repeatable: true });
    return reply.add_on;
  }

  /** POST /invoices (one-off). Never repeated here: a lost answer may hide a created invoice. */
  async createInvoice(invoice: OneOffInvoiceInput): Promise<LagoInvoice> {
    const reply = await this.call(z.object({ invoice: invoiceSchema }), { method: 'POST', path: '/invoices', body: { invoice }, repeatable: false });
    return reply.invoice;
  }

  async getInvoice(lagoId: string): Promise<LagoInvoice> {
    const reply = await this.call(z.object({ invoice: invoiceSchema }), { method: 'GET', path: `/invoices/${encodeURIComponent(lagoId)}`, repeatable: true });
    return reply.invoice;
  }

  /** One page of GET /invoices (Lago's list leaves the fees out). */
  async listInvoices(filters: InvoiceFilters): Promise<{ invoices: LagoInvoice[]; nextPage?: number }> {
    const reply = await this.call(z.object({ invoices: z.array(invoiceSchema), meta: paginationSchema }), {
      method: 'GET',
      path: '/invoices',
      query: { ...filters },
      repeatable: true,
    });
    return { invoices: reply.invoices, nextPage: reply.meta.next_page ?? undefined };
  }

  /** POST /invoices/{id}/payment_url: a checkout link (generating another one is harmless). */
  async paymentUrl(lagoId: string): Promise<string> {
    const reply = await this.call(z.object({ invoice_payment_details: z.object({ payment_url: z.string() }) }), {
      method: 'POST',
      path: `/invoices/${encodeURIComponent(lagoId)}/payment_url`,
      repeatable: true,
    });
    return reply.invoice_payment_details.payment_url;
  }

  /** GET /webhooks/json_public_key: the RSA key that signs `jwt` webhooks, as PEM. */
  async webhookPublicKey(): Promise<string> {
    const reply = await this.call(z.object({ webhook: z.object({ public_key: z.string() }) }), { method: 'GET', path: '/webhooks/json_public_key', repeatable: true });
    return Buffer.from(reply.webhook.public_key, 'base64').toString('utf8');
  }

  private async call<T>(schema: z.ZodMiniType<T>, call: Call): Promise<T> {
    const url = new URL(`${this.baseUrl.replace(/\/+$/, '')}${call.path}`);
    for (const [name, value] of Object.entries(call.query ?? {})) if (value !== undefined) url.searchParams.set(name, String(value));

    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(url, {
          method: call.method,
          headers: {
            authorization: `Bearer ${this.apiKey}`,
            accept: 'application/json',
            ...(call.body !== undefined ? { 'content-type': 'application/json' } : {}),
          },
          body: call.body !== undefined ? JSON.stringify(call.body) : undefined,
          signal: AbortSignal.timeout(this.timeoutMs),
        });
      } catch (error) {
        const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
        // A timeout already spent the caller's patience: it is not retried, even when it could be.
        if (!timedOut && call.repeatable && attempt < MAX_ATTEMPTS) {
          await sleep(backoff(attempt));
          continue;
        }
        throw new LagoUnavailableError(
          timedOut ? `Lago did not answer ${call.method} ${call.path} within ${this.timeoutMs} ms` : `Lago is unreachable (${call.method} ${call.path}): ${(error as Error).message}`,
          !call.repeatable,
        );
      }

      const text = await response.text().catch(() => '');
      if (response.ok) {
        const parsed = schema.safeParse(parseJson(text));
        if (parsed.success) return parsed.data;
        throw new LagoUnavailableError(`Lago answered ${call.method} ${call.path} with an unexpected body`, false);
      }
      // 429 is refused before any work, so even a create may repeat it; a 5xx only when repeatable.
      if (RETRIABLE.has(response.status) && (call.repeatable || response.status === 429) && attempt < MAX_ATTEMPTS) {
        logger.warn('Lago call will be retried', { method: call.method, path: call.path, status: response.status, attempt });
        await sleep(retryAfter(response) ?? backoff(attempt));
        continue;
      }
      const error = errorSchema.safeParse(parseJson(text));
      const body = error.success ? error.data : {};
      if (response.status >= 500 || response.status === 429) {
        throw new LagoUnavailableError(`Lago answered ${response.status} to ${call.method} ${call.path}`, !call.repeatable && response.status !== 429);
      }
      throw new LagoError(response.status, body.code, body.error_details, `Lago answered ${response.status} to ${call.method} ${call.path}: ${body.error ?? response.statusText}${body.code ? ` (${body.code})` : ''}`);
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** 250 ms, 500 ms… with jitter. */
const backoff = (attempt: number) => 250 * 2 ** (attempt - 1) * (0.75 + Math.random() / 2);

/** Lago's Retry-After on a 429, capped so a request stays within the function's time. */
function retryAfter(response: Response): number | undefined {
  const seconds = Number(response.headers.get('retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 2) * 1000 : undefined;
}

/** The configured client, or undefined when LAGO_API_KEY is unset (payments are off). */
export function lagoClient(): LagoClient | undefined {
  const { LAGO_API_KEY, LAGO_API_URL, LAGO_TIMEOUT_MS } = config();
  return LAGO_API_KEY ? new LagoClient(LAGO_API_URL, LAGO_API_KEY, LAGO_TIMEOUT_MS) : undefined;
}
