import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { inject } from 'vitest';
import { cognitoClient, ensureUser, signIn } from '../../local/cognito-local.ts';
import { DEMO_PASSWORD } from '../../local/demo.ts';
import { subscribeEventConsumers } from '../../local/jobs.ts';
import { REGION, startGateway } from '../../local/runtime.ts';
import type { ClientRateLimit } from '../../shared/http/client-rate-limit.ts';

export interface TestStack {
  url: string;
  /** With `consumers`: resolves once every AppointmentChanged consumer run so far has finished. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The gateway with this worker's handlers, on a free port, over the run's emulators. With
 * `consumers`, the manifest's AppointmentChanged jobs (notifications) run on every change, off
 * the request path as in AWS; files that count a route's own requests leave them out.
 */
export async function startTestStack(
  options: { site?: boolean; consumers?: boolean; publicRateLimit?: ClientRateLimit; embedOrigins?: string[] } = {},
): Promise<TestStack> {
  const { server, url } = await startGateway({
    cognitoUrl: inject('cognitoUrl'),
    pool: inject('pool'),
    port: 0,
    siteDir: options.site ? inject('siteDir') : undefined,
    // No per-IP limit unless a test asks: test files call public routes hundreds of times from 127.0.0.1.
    publicRateLimit: options.publicRateLimit,
    embedOrigins: options.embedOrigins,
  });
  const consumers = options.consumers
    ? subscribeEventConsumers((line) => console.error(`[consumers] ${line}`), { retryDelaysMs: [50, 100] })
    : undefined;
  return {
    url,
    settled: async () => consumers?.settled(),
    stop: async () => {
      await consumers?.settled();
      consumers?.stop();
      await close(server);
    },
  };
}

function close(server: http.Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

const cognito = () => cognitoClient(inject('cognitoUrl'), REGION);

export async function idTokenFor(email: string, password = DEMO_PASSWORD): Promise<string> {
  return (await signIn(cognito(), inject('pool').userPoolClientId, email, password)).idToken;
}

/** A fresh Cognito user, so a test owns its data; returns its sub, email and ID token. */
export async function createTestUser(options: { admin?: boolean; prefix?: string } = {}) {
  const email = `${options.prefix ?? 'user'}-${randomUUID()}@test.example.com`;
  const id = await ensureUser(cognito(), inject('pool'), { email, password: DEMO_PASSWORD, admin: options.admin });
  return { id, email, idToken: await idTokenFor(email) };
}

/** fetch + JSON for the API; returns status, headers and the parsed body. */
export async function call(url: string, init: RequestInit & { token?: string; json?: unknown } = {}) {
  const { token, json, headers, ...rest } = init;
  const response = await fetch(url, {
    ...rest,
    headers: {
      ...(json !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(headers as Record<string, string>),
    },
    body: json !== undefined ? JSON.stringify(json) : rest.body,
  });
  const text = await response.text();
  let body: any;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  return { status: response.status, headers: response.headers, body };
}
