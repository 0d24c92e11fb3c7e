import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpSecurityHeaders from '@middy/http-security-headers';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import * as z from 'zod/mini';
import { config } from '../config.ts';
import { logger } from '../logger.ts';
import { loadSecrets } from '../secrets.ts';
import { checkStanding } from '../accounts/standing.ts';
import { callerFromClaims, type Caller } from '../caller.ts';
import { errorResponse, successResponse, type Reply } from './envelope.ts';
import { validate } from '../api/validate.ts';
import { DomainError, Forbidden, InvalidInput, SERVICE_BUSY, ServiceBusy, Unauthenticated } from '../errors.ts';
import { STATUS_OF_KIND } from './errors.ts';
import type { Access, RequestSchemas, RouteDefinition } from '../../functions/manifest.ts';

export type ApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer;

type Parsed<S, K extends 'body' | 'query' | 'params'> = S extends { [P in K]: infer T extends z.ZodMiniType } ? z.output<T> : undefined;

type RequestOf<R> = R extends { request: infer S } ? S : undefined;

/** What a handler receives: the caller and the request parsed by the route's own schemas (functions/routes.ts). */
export interface ApiRequest<R extends RouteDefinition> {
  caller: R['access'] extends 'public' ? Caller | undefined : Caller;
  /** Left unparsed when the route's handler validates it (`bodyValidatedByHandler`). */
  body: RequestOf<R> extends { bodyValidatedByHandler: true } ? undefined : Parsed<RequestOf<R>, 'body'>;
  query: Parsed<RequestOf<R>, 'query'>;
  params: Parsed<RequestOf<R>, 'params'>;
  event: ApiEvent;
}

function readJsonBody(event: ApiEvent): unknown {
  if (event.body === undefined || event.body === null || event.body === '') {
    throw new InvalidInput('Request body is required (JSON)');
  }
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  const limit = config().MAX_BODY_BYTES;
  if (Buffer.byteLength(text, 'utf8') > limit) {
    throw new InvalidInput(`Request body is too large (at most ${limit} bytes)`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidInput('Request body must be valid JSON');
  }
}

function authorize(access: Access, caller: Caller | undefined): void {
  if (access === 'public') return;
  // The API Gateway authorizer already refused requests without a valid token; this guards
  // against a route deployed without one.
  if (!caller) throw new Unauthenticated();
  if (access === 'admin' && !caller.isAdmin) throw new Forbidden('Admin access required');
}

/**
 * The caller, from an ID token only. API Gateway's JWT authorizer also lets a Cognito ACCESS token
 * through (it checks `client_id` where an ID token has `aud`), and an access token carries no
 * e-mail or name: a profile made from it would be empty, an erasure would miss the sign-in. So any
 * other token is no caller at all (401 on every route that needs one).
 */
function callerOfIdToken(claims: Record<string, unknown> | undefined): Caller | undefined {
  return claims?.token_use === 'id' ? callerFromClaims(claims) : undefined;
}

/** Error names AWS uses when a request was refused for capacity (DynamoDB's among them). */
const THROTTLING = new Set(['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded', 'TooManyRequestsException', 'Throttling']);

/**
 * Whether `error` (or what it wraps: ElectroDB puts the SDK's error in `cause`) is AWS refusing a
 * request for capacity, after the SDK's own retries ran out (DynamoDB: 4 attempts, backing off).
 */
function isThrottling(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    const aws = current as Error & { $metadata?: { httpStatusCode?: number }; $retryable?: { throttling?: boolean } };
    if (THROTTLING.has(aws.name) || aws.$metadata?.httpStatusCode === 429 || aws.$retryable?.throttling) return true;
    current = aws.cause;
  }
  return false;
}

/**
 * The one middy chain every HTTP handler uses: request id in every log line, normalised headers,
 * security headers, access check from the route manifest, zod validation of path, query and body,
 * the response envelope, and error mapping (a client can cause a 4xx, never a 500; AWS throttling
 * that outlasted the SDK's retries is a 503 with Retry-After).
 */
export function httpHandler<R extends RouteDefinition>(route: R, fn: (request: ApiRequest<R>) => Promise<Reply>) {
  const schemas: RequestSchemas = route.request ?? {};
  const core = async (event: ApiEvent, _context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
    const caller = callerOfIdToken(event.requestContext?.authorizer?.jwt?.claims);
    authorize(route.access, caller);
    if (caller && route.access !== 'public') await checkStanding(caller);
    const request = {
      caller,
      event,
      params: schemas.params ? validate(schemas.params, event.pathParameters ?? {}, 'path') : undefined,
      query: schemas.query ? validate(schemas.query, event.queryStringParameters ?? {}, 'query') : undefined,
      body: schemas.body && !schemas.bodyValidatedByHandler ? validate(schemas.body, readJsonBody(event), 'body') : undefined,
    } as ApiRequest<R>;
    return successResponse(await fn(request));
  };

  return middy<ApiEvent, APIGatewayProxyStructuredResultV2>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(httpHeaderNormalizer())
    .use(httpSecurityHeaders())
    // Secrets named by SSM parameter (AWS) are in the environment before any handler code runs.
    .use({ before: () => loadSecrets() })
    .use({
      onError: async (request) => {
        const { error } = request;
        const busy = error instanceof ServiceBusy;
        if (error instanceof DomainError && !busy) {
          const status = STATUS_OF_KIND[error.kind];
          if (status >= 500) logger.error('request failed', { error });
          request.response = errorResponse(status, error.message, error.details);
          return;
        }
        if (busy || isThrottling(error)) {
          // Nothing was written by the refused request (a refused transaction applies nothing):
          // the caller may repeat it.
          logger.warn('throttled', { error: error as Error });
          const response = errorResponse(503, SERVICE_BUSY);
          request.response = { ...response, headers: { ...response.headers, 'retry-after': '1' } };
          return;
        }
        logger.error('unhandled error', { error: error as Error });
        request.response = errorResponse(500, 'Internal server error');
      },
    })
    .handler(core);
}
