import { AdminAddUserToGroupCommand } from '@aws-sdk/client-cognito-identity-provider';
import { SignJWT, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { listRoutes } from '../../functions/routes.ts';
import { cognitoClient, signIn } from '../../local/cognito-local.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../local/demo.ts';
import { REGION } from '../../local/runtime.ts';
import { getUser } from '../../shared/db/users.ts';
import { call, createTestUser, idTokenFor, startTestStack, type TestStack } from '../helpers/stack.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ site: true });
});
afterAll(() => stack.stop());

describe('GET /api/health', () => {
  it('answers 200 without a token', async () => {
    const result = await call(`${stack.url}/api/health`);
    expect(result).toMatchObject({ status: 200, body: { success: true, data: { status: 'ok' } } });
  });
});

describe('the JWT authorizer on user routes', () => {
  it('answers 401 without a token, as API Gateway does', async () => {
    const result = await call(`${stack.url}/api/me`);
    expect(result.status).toBe(401);
    expect(result.body).toEqual({ message: 'Unauthorized' });
  });

  it('answers 401 to a malformed token', async () => {
    expect((await call(`${stack.url}/api/me`, { token: 'not.a.jwt' })).status).toBe(401);
  });

  it('answers 401 to a well-formed token signed by someone else', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const pool = inject('pool');
    const forged = await new SignJWT({ sub: 'intruder', email: 'x@example.com', 'cognito:groups': ['admin'], token_use: 'id' })
      .setProtectedHeader({ alg: 'RS256', kid: 'CognitoLocal' })
      .setIssuer(`${inject('cognitoUrl')}/${pool.userPoolId}`)
      .setAudience(pool.userPoolClientId)
      .setExpirationTime('1h')
      .sign(privateKey);
    expect((await call(`${stack.url}/api/me`, { token: forged })).status).toBe(401);
  });
});

describe('access tokens', () => {
  it('are refused with 401 on every route that needs a caller, and make no profile', async () => {
    const pool = inject('pool');
    const user = await createTestUser({ admin: true });
    const { accessToken } = await signIn(cognitoClient(inject('cognitoUrl'), REGION), pool.userPoolClientId, user.email, DEMO_PASSWORD);
    const id = '6f1c2b9e-8a4d-4c3f-9b7a-2d5e8f1a0c3b';
    for (const route of listRoutes().filter((r) => r.access !== 'public')) {
      const url = `${stack.url}${route.path.replace(/\{\w+\}/g, route.path.includes('{provider}') ? 'google' : id)}`;
      const result = await call(url, { method: route.method, token: accessToken, ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { json: {} }) });
      expect(result.status, route.key).toBe(401);
    }
    expect(await getUser(user.id)).toBeNull();
    // The same user's ID token is a caller.
    expect((await call(`${stack.url}/api/me`, { token: user.idToken })).status).toBe(200);
  });
});

describe('GET /api/me', () => {
  it.each(DEMO_ACCOUNTS.map((a) => [a.email, a]))('returns the profile and role of %s', async (email, account) => {
    const result = await call(`${stack.url}/api/me`, { token: await idTokenFor(email) });
    expect(result.status).toBe(200);
    expect(result.body.data).toMatchObject({
      id: inject('demoUserIds')[account.email],
      email,
      role: account.admin ? 'admin' : 'client',
      timezone: 'Europe/Paris',
    });
  });

  it('creates the profile from the token on the first call, once, even when calls race', async () => {
    const user = await createTestUser();
    expect(await getUser(user.id)).toBeNull();
    const results = await Promise.all(Array.from({ length: 5 }, () => call(`${stack.url}/api/me`, { token: user.idToken })));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const stored = await getUser(user.id);
    expect(stored).toMatchObject({ id: user.id, email: user.email, role: 'client', locale: 'fr', timezone: 'Europe/Paris' });
    expect(new Set(results.map((r) => r.body.data.createdAt))).toEqual(new Set([stored!.createdAt]));
  });

  it('follows the Cognito admin group: a client promoted to admin is an admin at the next sign-in', async () => {
    const user = await createTestUser();
    expect((await call(`${stack.url}/api/me`, { token: user.idToken })).body.data.role).toBe('client');
    await cognitoClient(inject('cognitoUrl'), REGION).send(
      new AdminAddUserToGroupCommand({ UserPoolId: inject('pool').userPoolId, Username: user.email, GroupName: 'admin' }),
    );
    const promoted = await call(`${stack.url}/api/me`, { token: await idTokenFor(user.email) });
    expect(promoted.body.data.role).toBe('admin');
    expect((await getUser(user.id))?.role).toBe('admin');
  });
});

describe('the gateway', () => {
  it("forwards to Cognito only the operations a browser may call without AWS credentials", async () => {
    const user = await createTestUser();
    const cognito = (operation: string, body: object) =>
      fetch(`${stack.url}/cognito`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${operation}` },
        body: JSON.stringify(body),
      });
    const promote = await cognito('AdminAddUserToGroup', { UserPoolId: inject('pool').userPoolId, Username: user.email, GroupName: 'admin' });
    expect(promote.status).toBe(400);
    expect(await promote.json()).toMatchObject({ __type: 'MissingAuthenticationTokenException' });
    for (const operation of ['AdminCreateUser', 'AdminSetUserPassword', 'AdminDeleteUser', 'ListUsers', 'AdminConfirmSignUp', '']) {
      expect((await cognito(operation, {})).status, operation).toBe(400);
    }
    // Still a client: the refused call changed nothing.
    expect((await call(`${stack.url}/api/me`, { token: await idTokenFor(user.email) })).body.data.role).toBe('client');
    const signedIn = await cognito('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: inject('pool').userPoolClientId, AuthParameters: { USERNAME: user.email, PASSWORD: DEMO_PASSWORD } });
    expect(signedIn.status).toBe(200);
    expect((await signedIn.json()).AuthenticationResult.IdToken).toEqual(expect.any(String));
  });

  it('serves /config.json with the pool the site signs in against', async () => {
    const result = await call(`${stack.url}/config.json`);
    expect(result.body).toEqual({
      apiUrl: '/api',
      region: REGION,
      userPoolId: inject('pool').userPoolId,
      userPoolClientId: inject('pool').userPoolClientId,
      cognitoEndpoint: '/cognito',
    });
  });

  it('serves the sign-in page and a 404 page for unknown paths', async () => {
    const page = await call(`${stack.url}/signin/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.body).toContain('<title>Connexion');
    const missing = await call(`${stack.url}/nowhere/`);
    expect(missing.status).toBe(404);
    expect(missing.body).toContain('Page introuvable');
  });

  it('never serves files outside the site', async () => {
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/..%2f..%2fpackage.json']) {
      const result = await call(`${stack.url}${path}`);
      expect(result.status, path).toBe(404);
      expect(String(result.body)).not.toContain('"devDependencies"');
    }
  });

  it('answers 404 for an unknown API route and 413 past the API Gateway payload limit', async () => {
    expect((await call(`${stack.url}/api/nothing-here`)).status).toBe(404);
    const huge = await call(`${stack.url}/api/health`, { method: 'POST', body: 'x'.repeat(11 * 1024 * 1024) });
    expect(huge.status).toBe(413);
  });

  it('signs in through the Cognito proxy the way the site does', async () => {
    const pool = inject('pool');
    const initiateAuth = (password: string) =>
      call(`${stack.url}/cognito`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
        body: JSON.stringify({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: pool.userPoolClientId,
          AuthParameters: { USERNAME: 'client@example.com', PASSWORD: password },
        }),
      });
    const good = await initiateAuth('Demo-Passw0rd!');
    expect(good.status).toBe(200);
    const me = await call(`${stack.url}/api/me`, { token: good.body.AuthenticationResult.IdToken });
    expect(me.body.data.email).toBe('client@example.com');
    const wrong = await initiateAuth('wrong-password');
    expect(wrong.status).toBe(400);
    // Cognito says NotAuthorizedException; cognito-local says InvalidPasswordException.
    expect(wrong.body.__type ?? wrong.body.code).toMatch(/NotAuthorized|InvalidPassword/);
  });
});
