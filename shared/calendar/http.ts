import { config } from '../config.ts';

/**
 * How a call to Google or Microsoft failed, in the terms the sync acts on (docs/CALENDAR_SYNC.md,
 * "Faults"). The message never contains a token.
 */
export type ProviderFailure =
  /** 401 on an API call: the access token is no longer accepted (refresh and repeat once). */
  | 'unauthorized'
  /** The grant is gone (revoked, expired consent, password change): the user must reconnect. */
  | 'invalid_grant'
  /** 429, or Google's 403 rateLimitExceeded / userRateLimitExceeded. */
  | 'rate_limited'
  /** 5xx, timeout, connection refused, unreadable answer. */
  | 'unavailable'
  /** 410 on a sync cursor: a full sync is required. */
  | 'gone'
  | 'not_found'
  /** Google 409 duplicate: the client-supplied id exists already. */
  | 'conflict'
  /** Any other 4xx: our request or configuration is wrong. */
  | 'rejected';

export class ProviderError extends Error {
  override name = 'ProviderError';
  constructor(
    readonly failure: ProviderFailure,
    message: string,
    readonly status?: number,
    /** From Retry-After, when the provider said how long to wait. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/**
 * Runs a provider call whose listed failures mean "already done" (deleting what is gone, stopping
 * what has stopped): those end quietly, every other failure is thrown.
 */
export async function unlessAlready(failures: readonly ProviderFailure[], call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (error) {
    if (!(error instanceof ProviderError && failures.includes(error.failure))) throw error;
  }
}

/** A rate limit longer than this is not waited out inside a run: the run fails and is retried later. */
export const MAX_RETRY_AFTER_SECONDS = 30;
const MAX_ATTEMPTS = 3;
const BACKOFF_MS = [250, 1000];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface ProviderRequest {
  /** For messages and logs: "Google events.insert". */
  what: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  /** JSON (an object) or a form (URLSearchParams). */
  body?: unknown;
  /**
   * Whether repeating the call after a 5xx or a timeout cannot do anything twice. Inserts with a
   * client-supplied id or transactionId are repeatable; everything else that writes is not.
   */
  repeatable: boolean;
}

export interface ProviderResponse {
  status: number;
  headers: Headers;
  json: unknown;
}

/** Reads Retry-After (seconds, or an HTTP date) as whole seconds. */
export function retryAfterSeconds(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** The provider's error code and message from Google's `{error:{errors:[{reason}]}}`, OAuth's `{error}` or Graph's `{error:{code}}`. */
export function errorReason(json: unknown): { code?: string; message?: string } {
  const body = json as { error?: unknown; error_description?: string } | undefined;
  if (!body || body.error === undefined) return {};
  if (typeof body.error === 'string') return { code: body.error, message: body.error_description };
  const error = body.error as { code?: unknown; message?: string; errors?: Array<{ reason?: string }>; status?: string };
  const reason = error.errors?.[0]?.reason ?? (typeof error.code === 'string' ? error.code : error.status);
  return { code: reason, message: error.message };
}

function failureFor(status: number, code: string | undefined): ProviderFailure {
  if (code === 'invalid_grant') return 'invalid_grant';
  if (status === 429 || (status === 403 && (code === 'rateLimitExceeded' || code === 'userRateLimitExceeded'))) return 'rate_limited';
  if (status === 401) return 'unauthorized';
  if (status === 410) return 'gone';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status >= 500) return 'unavailable';
  return 'rejected';
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * One call to a provider: a timeout on every attempt (CALENDAR_TIMEOUT_MS); 429 waited out when
 * the provider asks for at most MAX_RETRY_AFTER_SECONDS; 5xx and timeouts retried with backoff
 * only when the call is repeatable. Anything but 2xx ends as a ProviderError.
 */
export async function providerCall(request: ProviderRequest): Promise<ProviderResponse> {
  const isForm = request.body instanceof URLSearchParams;
  const body = request.body === undefined ? undefined : isForm ? String(request.body) : JSON.stringify(request.body);
  const headers = {
    accept: 'application/json',
    ...(body !== undefined ? { 'content-type': isForm ? 'application/x-www-form-urlencoded' : 'application/json' } : {}),
    ...request.headers,
  };
  for (let attempt = 1; ; attempt++) {
    let response: Response;
    try {
      response = await fetch(request.url, { method: request.method, headers, body, signal: AbortSignal.timeout(config().CALENDAR_TIMEOUT_MS) });
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      if (request.repeatable && attempt < MAX_ATTEMPTS) {
        await sleep(BACKOFF_MS[attempt - 1]!);
        continue;
      }
      throw new ProviderError('unavailable', `${request.what}: ${timedOut ? 'no answer in time' : 'could not connect'}`);
    }
    if (response.ok) return { status: response.status, headers: response.headers, json: await readJson(response) };

    const json = await readJson(response);
    const { code, message } = errorReason(json);
    const failure = failureFor(response.status, code);
    const wait = retryAfterSeconds(response.headers.get('retry-after'));
    const retriable =
      attempt < MAX_ATTEMPTS &&
      ((failure === 'rate_limited' && (wait ?? 1) <= MAX_RETRY_AFTER_SECONDS) || (failure === 'unavailable' && request.repeatable));
    if (retriable) {
      await sleep(failure === 'rate_limited' ? (wait ?? 1) * 1000 : BACKOFF_MS[attempt - 1]!);
      continue;
    }
    throw new ProviderError(failure, `${request.what} answered ${response.status}${code ? ` ${code}` : ''}${message ? `: ${message}` : ''}`, response.status, wait);
  }
}
