import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpSecurityHeaders from '@middy/http-security-headers';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import * as z from 'zod';
import { config } from '../config.ts';
import { logger } from '../logger.ts';
import { loadSecrets } from '../secrets.ts';
import { callerFromClaims, type Caller } from './caller.ts';
import { errorResponse, successResponse, type Reply } from './envelope.ts';
import { HttpError, SERVICE_BUSY, badRequest, forbidden, unauthorized } from './errors.ts';
import type { Access, RouteDefinition } from './route.ts';

export type ApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer;

interface Schemas {
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
}

type Parsed<S, K extends keyof Schemas> = S extends { [P in K]: infer T extends z.ZodType } ? z.output<T> : undefined;

export interface ApiRequest<A extends Access, S extends Schemas> {
  caller: A extends 'public' ? Caller | undefined : Caller;
  body: Parsed<S, 'body'>;
  query: Parsed<S, 'query'>;
  params: Parsed<S, 'params'>;
  event: ApiEvent;
}

/** Zod issues as the `details` of a 400: where (body.title) and what is wrong. */
function issueDetails(where: string, error: z.ZodError) {
  return error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
}

/** Parses `value` or throws a 400 naming the first bad field (`where` prefixes the paths). */
export function validate<T extends z.ZodType>(schema: T, value: unknown, where: string): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details = issueDetails(where, result.error);
  const first = details[0]!;
  throw badRequest(`Invalid request: ${first.path}: ${first.message}`, details);
}

function readJsonBody(event: ApiEvent): unknown {
  if (event.body === undefined || event.body === null || event.body === '') {
    throw badRequest('Request body is required (JSON)');
  }
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  const limit = config().MAX_BODY_BYTES;
  if (Buffer.byteLength(text, 'utf8') > limit) {
    throw badRequest(`Request body is too large (at most ${limit} bytes)`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest('Request body must be valid JSON');
  }
}

function authorize(access: Access, caller: Caller | undefined): void {
  if (access === 'public') return;
  // The API Gateway authorizer already refused requests without a valid token; this guards
  // against a route deployed without one.
  if (!caller) throw unauthorized();
  if (access === 'admin' && !caller.isAdmin) throw forbidden('Admin access required');
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

export { SERVICE_BUSY };

/**
 * The one middy chain every HTTP handler uses: request id in every log line, normalised headers,
 * security headers, access check from the route manifest, zod validation of path, query and body,
 * the response envelope, and error mapping (a client can cause a 4xx, never a 500; AWS throttling
 * that outlasted the SDK's retries is a 503 with Retry-After).
 */
export function httpHandler<A extends Access, S extends Schemas>(
  route: RouteDefinition<A>,
  schemas: S,
  fn: (request: ApiRequest<A, S>) => Promise<Reply>,
) {
  const core = async (event: ApiEvent, _context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
    const caller = callerFromClaims(event.requestContext?.authorizer?.jwt?.claims);
    authorize(route.access, caller);
    const request = {
      caller,
      event,
      params: schemas.params ? validate(schemas.params, event.pathParameters ?? {}, 'path') : undefined,
      query: schemas.query ? validate(schemas.query, event.queryStringParameters ?? {}, 'query') : undefined,
      body: schemas.body ? validate(schemas.body, readJsonBody(event), 'body') : undefined,
    } as ApiRequest<A, S>;
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
        const busy = error instanceof HttpError && error.statusCode === 503 && error.message === SERVICE_BUSY;
        if (error instanceof HttpError && !busy) {
          if (error.statusCode >= 500) logger.error('request failed', { error });
          request.response = errorResponse(error.statusCode, error.message, error.details);
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
