import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { VIEWER_ADDRESS_HEADER } from '../shared/http/client-address.ts';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import type { ManifestRoute } from '../functions/routes.ts';
import { inlineScriptHashes } from '../infra/site/content-security-policy.ts';
import { embeddableSecurityHeaders, isEmbeddablePath, siteSecurityHeaders } from '../infra/site/security-headers.ts';
import {
  RATE_LIMITED_BODY,
  RATE_LIMITED_STATUS,
  matchesAnyPath,
  publicPathMatchers,
  type ClientRateLimit,
} from '../shared/http/client-rate-limit.ts';

/** The same document the CDK site stack writes from its outputs. */
export interface PublicConfig {
  apiUrl: string;
  region: string;
  userPoolId: string;
  userPoolClientId: string;
  cognitoEndpoint?: string;
  /** Providers that are local sandboxes under `npm start` (never in AWS): the site says so. */
  sandboxes?: Array<'payments' | 'google' | 'microsoft'>;
}

export interface GatewayOptions {
  routes: ManifestRoute[];
  /** Repository root: handler paths in the manifest are relative to it. */
  root: string;
  /** The built site (site/dist); omitted in API-only tests. */
  siteDir?: string;
  publicConfig: PublicConfig;
  /** The JWT authorizer's settings, as on the HttpApi: issuer, audience (app client id), JWKS. */
  jwt: { issuer: string; audience: string; jwksUrl: string };
  /** cognito-local's URL; proxied at /cognito so the browser talks to one origin. */
  cognitoUrl?: string;
  /**
   * Per-client-IP limit on the public routes, as the WAF's strict rule in AWS
   * (shared/http/client-rate-limit.ts: PUBLIC_ROUTES_RATE_LIMIT); absent: no limit (tests and
   * benchmarks that call public routes hundreds of times from one address).
   */
  publicRateLimit?: ClientRateLimit;
  /**
   * The origins that may frame the public booking pages besides the site (BOOKING_EMBED_ORIGINS, as
   * CloudFront's /book/* behavior allows them); absent: the site only.
   */
  embedOrigins?: readonly string[];
}

const rewriteSource = readFileSync(path.join(import.meta.dirname, '..', 'infra', 'site', 'rewrite.js'), 'utf8');
const rewriteHandler = vm.runInNewContext(`${rewriteSource}\nhandler;`, {}) as (event: { request: { uri: string } }) => { uri: string };
const cloudFrontRewrite = (uri: string) => rewriteHandler({ request: { uri } }).uri;

/** API Gateway's own limits and answers (not our envelope: these never reach a Lambda). */
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
const INTEGRATION_TIMEOUT_MS = 29_000;
const gatewayReply = (status: number, message: string) => ({
  statusCode: status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ message }),
});

interface CompiledRoute extends ManifestRoute {
  pattern: RegExp;
  paramNames: string[];
}

function compile(route: ManifestRoute): CompiledRoute {
  const paramNames: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      const match = /^\{(\w+)(\+?)\}$/.exec(segment);
      if (!match) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      paramNames.push(match[1]!);
      return match[2] ? '(.+)' : '([^/]+)';
    })
    .join('/');
  return { ...route, pattern: new RegExp(`^${source}$`), paramNames };
}

/** The HTTP API JWT authorizer hands claims to Lambda as strings; arrays become "[a b]". */
function stringifyClaims(payload: JWTPayload): Record<string, string> {
  return Object.fromEntries(
    Object.entries(payload).map(([name, value]) => [
      name,
      Array.isArray(value) ? `[${value.join(' ')}]` : typeof value === 'object' ? JSON.stringify(value) : String(value),
    ]),
  );
}

const TEXT_TYPES = /^(text\/|application\/(json|.*\+json|xml|javascript|x-www-form-urlencoded))/;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

async function readBody(request: http.IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_PAYLOAD_BYTES) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The Lambda context a function gets (Powertools reads the request id and names from it). */
export function lambdaContext(handlerPath: string, requestId: string, deadline: number): Context {
  const functionName = `local-${handlerPath.replace(/[^A-Za-z0-9]+/g, '-')}`;
  return {
    awsRequestId: requestId,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '256',
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Payload 2.0 lets a handler return a bare value: API Gateway then answers 200 with it as JSON. */
function normaliseResult(result: unknown): APIGatewayProxyStructuredResultV2 {
  if (result && typeof result === 'object' && 'statusCode' in result) return result as APIGatewayProxyStructuredResultV2;
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: typeof result === 'string' ? result : JSON.stringify(result),
  };
}

/**
 * The Cognito operations a browser may call without AWS credentials (the user pool's public API:
 * sign-in, sign-up, codes, password and attribute changes with the user's own token). cognito-local
 * checks no credentials at all, so the proxy forwards only these: an anonymous caller must not
 * reach AdminAddUserToGroup or any other Admin* operation through the site's origin.
 */
export const PUBLIC_COGNITO_OPERATIONS = new Set([
  'InitiateAuth',
  'RespondToAuthChallenge',
  'SignUp',
  'ConfirmSignUp',
  'ResendConfirmationCode',
  'ForgotPassword',
  'ConfirmForgotPassword',
  'ChangePassword',
  'GetUser',
  'UpdateUserAttributes',
  'VerifyUserAttribute',
  'GetUserAttributeVerificationCode',
  'GlobalSignOut',
  'RevokeToken',
]);

/** The operations that send an e-mail to the address given: bounded per address and per caller, as Cognito bounds them. */
const CODE_SENDING_OPERATIONS = new Set(['SignUp', 'ResendConfirmationCode', 'ForgotPassword']);
export const CODE_LIMITS = {
  perAddress: { max: 5, windowMs: 60 * 60_000 },
  perCaller: { max: 30, windowMs: 10 * 60_000 },
};

/** Counts attempts per key in fixed windows; `allow` says whether one more fits. */
function attemptCounter(limit: { max: number; windowMs: number }) {
  const windows = new Map<string, { start: number; count: number }>();
  return (key: string, now = Date.now()): boolean => {
    if (windows.size > 10_000) for (const [k, w] of windows) if (now - w.start >= limit.windowMs) windows.delete(k);
    const window = windows.get(key);
    if (!window || now - window.start >= limit.windowMs) {
      windows.set(key, { start: now, count: 1 });
      return true;
    }
    window.count += 1;
    return window.count <= limit.max;
  };
}

/**
 * Counts requests per client in fixed windows of `windowSeconds` (AWS WAF counts over a trailing
 * window: the same limit, slightly more forgiving at a window's edge). Says, when refusing, how many
 * seconds are left until the client's window ends.
 */
export function clientRateLimiter(limit: ClientRateLimit) {
  const windowMs = limit.windowSeconds * 1000;
  const windows = new Map<string, { start: number; count: number }>();
  return (client: string, now = Date.now()): { allowed: true } | { allowed: false; retryAfterSeconds: number } => {
    if (windows.size > 10_000) for (const [key, window] of windows) if (now - window.start >= windowMs) windows.delete(key);
    let window = windows.get(client);
    if (!window || now - window.start >= windowMs) {
      window = { start: now, count: 0 };
      windows.set(client, window);
    }
    window.count += 1;
    if (window.count <= limit.limit) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((window.start + windowMs - now) / 1000)) };
  };
}

/**
 * A local stand-in for API Gateway HTTP API + CloudFront: serves the manifest's routes as Lambda
 * invocations with payload 2.0 events and the JWT authorizer, /config.json, and the static site.
 */
export function createGateway(options: GatewayOptions): http.Server {
  // API Gateway picks the most specific route: literal segments win over {params}.
  const compiled = options.routes.map(compile).sort((a, b) => a.paramNames.length - b.paramNames.length);
  const jwks = createRemoteJWKSet(new URL(options.jwt.jwksUrl));
  const handlers = new Map<string, Promise<(event: unknown, context: Context) => Promise<unknown>>>();

  const loadHandler = (route: CompiledRoute) => {
    let loaded = handlers.get(route.handler);
    if (!loaded) {
      loaded = import(pathToFileURL(path.join(options.root, route.handler)).href).then((module) => {
        if (typeof module.handler !== 'function') throw new Error(`${route.handler} exports no handler`);
        return module.handler;
      });
      handlers.set(route.handler, loaded);
    }
    return loaded;
  };

  /** Returns the claims, or a reason for a 401 as API Gateway words it. */
  const authorizeJwt = async (header: string | undefined): Promise<{ claims: Record<string, string> } | { reason: string }> => {
    if (!header) return { reason: 'missing token' };
    const token = header.replace(/^Bearer\s+/i, '').trim();
    try {
      const { payload } = await jwtVerify(token, jwks, { issuer: options.jwt.issuer });
      const audiences = [payload.aud, payload.client_id].flat().filter(Boolean);
      if (!audiences.includes(options.jwt.audience)) return { reason: 'the token does not have a valid audience' };
      return { claims: stringifyClaims(payload) };
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) return { reason: 'the token has expired' };
      return { reason: 'the token is not valid' };
    }
  };

  const invoke = async (
    route: CompiledRoute,
    match: RegExpExecArray,
    request: http.IncomingMessage,
    url: URL,
    body: Buffer,
  ): Promise<APIGatewayProxyStructuredResultV2> => {
    const requestId = randomUUID();
    let authorizer: APIGatewayProxyEventV2WithJWTAuthorizer['requestContext']['authorizer'] | undefined;
    if (route.access !== 'public') {
      const verdict = await authorizeJwt(request.headers.authorization);
      if ('reason' in verdict) {
        const reply = gatewayReply(401, 'Unauthorized');
        return {
          ...reply,
          headers: { ...reply.headers, 'www-authenticate': `Bearer scope="" error="invalid_token" error_description="${verdict.reason}"` },
        };
      }
      authorizer = { principalId: '', integrationLatency: 0, jwt: { claims: verdict.claims, scopes: [] } };
    }
    const headers = Object.fromEntries(
      Object.entries(request.headers)
        .filter(([name]) => name !== 'cookie')
        .map(([name, value]) => [name, Array.isArray(value) ? value.join(',') : (value ?? '')]),
    );
    // What CloudFront's viewer-request function on /api/* does (infra/site/viewer-address.js): the
    // caller's own address, whatever header they sent under that name.
    headers[VIEWER_ADDRESS_HEADER] = request.socket.remoteAddress ?? '127.0.0.1';
    const query: Record<string, string> = {};
    for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;
    const pathParameters = Object.fromEntries(route.paramNames.map((name, i) => [name, decodeURIComponent(match[i + 1]!)]));
    const isText = TEXT_TYPES.test(request.headers['content-type'] ?? 'application/json');
    const now = new Date();
    const event = {
      version: '2.0',
      routeKey: route.key,
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      cookies: request.headers.cookie?.split(/;\s*/),
      headers,
      queryStringParameters: Object.keys(query).length ? query : undefined,
      pathParameters: route.paramNames.length ? pathParameters : undefined,
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: request.headers.host ?? 'localhost',
        domainPrefix: 'localhost',
        http: {
          method: request.method ?? 'GET',
          path: url.pathname,
          protocol: `HTTP/${request.httpVersion}`,
          sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
          userAgent: request.headers['user-agent'] ?? '',
        },
        requestId,
        routeKey: route.key,
        stage: '$default',
        time: now.toISOString(),
        timeEpoch: now.getTime(),
        authorizer,
      },
      body: body.length ? (isText ? body.toString('utf8') : body.toString('base64')) : undefined,
      isBase64Encoded: body.length > 0 && !isText,
    };
    const deadline = Date.now() + INTEGRATION_TIMEOUT_MS;
    try {
      const handler = await loadHandler(route);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), INTEGRATION_TIMEOUT_MS);
      });
      const result = await Promise.race([handler(event, lambdaContext(route.handler, requestId, deadline)), timeout]);
      clearTimeout(timer);
      if (result === 'timeout') return gatewayReply(503, 'Service Unavailable');
      return normaliseResult(result);
    } catch (error) {
      // What API Gateway answers when the function itself fails.
      console.error(`[gateway] ${route.key} failed:`, error);
      return gatewayReply(500, 'Internal Server Error');
    }
  };

  // What CloudFront adds to every site response (its response headers policies), from the same
  // definition: the public booking pages get their own, as they have their own behavior there.
  const policy = options.siteDir ? { region: options.publicConfig.region, inlineScriptHashes: inlineScriptHashes(options.siteDir) } : undefined;
  const securityHeaders = policy ? siteSecurityHeaders(policy) : {};
  const embeddableHeaders = policy ? embeddableSecurityHeaders({ ...policy, embedOrigins: options.embedOrigins ?? [] }) : {};
  const headersFor = (url: URL) => (isEmbeddablePath(url.pathname) ? embeddableHeaders : securityHeaders);

  const serveStatic = async (url: URL, response: http.ServerResponse) => {
    const siteDir = options.siteDir;
    if (!siteDir) return send(response, gatewayReply(404, 'Not Found'));
    // The very CloudFront Function the site stack deploys decides which file a path means.
    const target = cloudFrontRewrite(decodeURIComponent(url.pathname));
    const file = path.join(siteDir, path.normalize(target));
    if (file.startsWith(siteDir + path.sep) && existsSync(file) && statSync(file).isFile()) {
      const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
      const immutable = file.includes(`${path.sep}_astro${path.sep}`);
      response.writeHead(200, { ...headersFor(url), 'content-type': type, 'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache' });
      return response.end(await readFile(file));
    }
    const notFoundPage = path.join(siteDir, '404.html');
    response.writeHead(404, { ...headersFor(url), 'content-type': 'text/html; charset=utf-8' });
    response.end(existsSync(notFoundPage) ? await readFile(notFoundPage) : 'Not found');
  };

  const allowForAddress = attemptCounter(CODE_LIMITS.perAddress);
  const allowForCaller = attemptCounter(CODE_LIMITS.perCaller);
  /** Cognito's own limit on e-mails sent to one address or from one caller; the same answer locally. */
  const overCodeLimit = (operation: string, body: Buffer, caller: string): boolean => {
    if (!CODE_SENDING_OPERATIONS.has(operation)) return false;
    let address = '';
    try {
      address = String((JSON.parse(body.toString('utf8')) as { Username?: unknown }).Username ?? '').trim().toLowerCase();
    } catch {
      // cognito-local answers a body that does not parse
    }
    const callerAllowed = allowForCaller(caller);
    const addressAllowed = address === '' || allowForAddress(address);
    return !callerAllowed || !addressAllowed;
  };

  const proxyCognito = async (request: http.IncomingMessage, body: Buffer, response: http.ServerResponse) => {
    const operation = String(request.headers['x-amz-target'] ?? '').replace(/^AWSCognitoIdentityProviderService\./, '');
    const refuse = (type: string, message: string) => {
      response.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
      return response.end(JSON.stringify({ __type: type, message }));
    };
    if (!PUBLIC_COGNITO_OPERATIONS.has(operation)) {
      // What Cognito answers an unsigned call to an operation that needs AWS credentials.
      return refuse('MissingAuthenticationTokenException', `${operation.slice(0, 60) || 'This operation'} needs AWS credentials`);
    }
    if (overCodeLimit(operation, body, request.socket.remoteAddress ?? '')) {
      return refuse('LimitExceededException', 'Attempt limit exceeded, please try after some time.');
    }
    const upstream = await fetch(options.cognitoUrl!, {
      method: 'POST',
      headers: {
        'content-type': request.headers['content-type'] ?? 'application/x-amz-json-1.1',
        'x-amz-target': String(request.headers['x-amz-target'] ?? ''),
      },
      body: new Uint8Array(body),
    });
    response.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
    response.end(Buffer.from(await upstream.arrayBuffer()));
  };

  // The WAF's strict rule: the same paths (the manifest's public routes) and the same answer.
  const publicPaths = publicPathMatchers(options.routes);
  const allowPublicCall = options.publicRateLimit ? clientRateLimiter(options.publicRateLimit) : undefined;

  return http.createServer(async (request, response) => {
    try {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const method = request.method ?? 'GET';
      if (allowPublicCall && matchesAnyPath(publicPaths, url.pathname)) {
        // The client is the socket's address: this gateway is the edge, as CloudFront is in AWS, where
        // WAF counts the viewer's address. X-Forwarded-For is whatever the caller wrote: not trusted.
        const verdict = allowPublicCall(request.socket.remoteAddress ?? 'unknown');
        if (!verdict.allowed) {
          request.resume();
          return send(response, {
            statusCode: RATE_LIMITED_STATUS,
            headers: { 'content-type': 'application/json', 'retry-after': String(verdict.retryAfterSeconds) },
            body: RATE_LIMITED_BODY,
          });
        }
      }
      if (url.pathname === '/config.json' && method === 'GET') {
        // In AWS an S3 object behind the same CloudFront behaviour as the pages: the same headers.
        return send(response, { statusCode: 200, headers: { ...securityHeaders, 'content-type': 'application/json', 'cache-control': 'no-cache' }, body: JSON.stringify(options.publicConfig) });
      }
      const body = await readBody(request);
      if (body === 'too-large') {
        // Answer at once and close: the rest of the upload is not worth reading.
        request.resume();
        const reply = gatewayReply(413, 'Request Entity Too Large');
        return send(response, { ...reply, headers: { ...reply.headers, connection: 'close' } });
      }
      if (url.pathname === '/cognito' && method === 'POST' && options.cognitoUrl) {
        return await proxyCognito(request, body, response);
      }
      if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
        for (const route of compiled) {
          const match = route.pattern.exec(url.pathname);
          if (match && route.method === method) return send(response, await invoke(route, match, request, url, body));
        }
        return send(response, gatewayReply(404, 'Not Found'));
      }
      if (method !== 'GET' && method !== 'HEAD') return send(response, gatewayReply(405, 'Method Not Allowed'));
      return await serveStatic(url, response);
    } catch (error) {
      console.error('[gateway] request failed:', error);
      if (!response.headersSent) send(response, gatewayReply(500, 'Internal Server Error'));
    }
  });
}

function send(response: http.ServerResponse, result: APIGatewayProxyStructuredResultV2) {
  // Lambda's response crosses JSON on its way to API Gateway: undefined header values vanish.
  const headers: http.OutgoingHttpHeaders = Object.fromEntries(
    Object.entries(result.headers ?? {})
      .filter(([, value]) => value !== undefined && value !== null)
      .map(([name, value]) => [name, String(value)]),
  );
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  response.writeHead(result.statusCode ?? 200, headers);
  const body = result.body ?? '';
  response.end(result.isBase64Encoded ? Buffer.from(body, 'base64') : body);
}

export async function listen(server: http.Server, port: number, host = '127.0.0.1'): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return (server.address() as { port: number }).port;
}
