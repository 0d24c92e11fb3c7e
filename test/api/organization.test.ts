import { AdminGetUserCommand, AdminListGroupsForUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cognitoClient, signIn } from '../../local/cognito-local.ts';
import { REGION } from '../../local/runtime.ts';
import { ACCOUNT_DISABLED, SESSION_OUTDATED } from '../../shared/accounts/standing-messages.ts';
import { LAST_ADMIN, NOT_YOURSELF } from '../../shared/accounts/organization.ts';
import { outboxFor } from '../helpers/outbox.ts';
import { call, createTestUser, idTokenFor, startTestStack, type TestStack } from '../helpers/stack.ts';
import { ensureTable } from '../../local/table.ts';
import { resetConfig } from '../../shared/config.ts';

let stack: TestStack;
let admin: Awaited<ReturnType<typeof createTestUser>>;

beforeAll(async () => {
  // An empty table of its own: the "only admin" rule counts every admin profile of the table, and
  // the demo admin (whom other files sign in as) must stay an admin.
  process.env.TABLE_NAME = `organization-${randomUUID()}`;
  await ensureTable(inject('env').DYNAMODB_ENDPOINT!, process.env.TABLE_NAME);
  resetConfig();
  stack = await startTestStack();
  admin = await createTestUser({ admin: true, prefix: 'org-admin' });
  await call(`${stack.url}/api/me`, { token: admin.idToken });
});
afterAll(async () => stack?.stop());

const cognito = () => cognitoClient(inject('cognitoUrl'), REGION);
const users = (path = '') => `${stack.url}/api/admin/organization/users${path}`;
const address = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}@exemple.test`;

async function invite(body: object, token = admin.idToken) {
  return call(users(), { method: 'POST', token, json: body });
}

describe('inviting people (POST /api/admin/organization/users)', () => {
  it('creates the sign-in account and the profile; the invitation (French for a client) carries the temporary password', async () => {
    const email = address('invitee');
    const answer = await invite({ email: email.toUpperCase(), firstName: 'Inès', lastName: 'Moreau', role: 'client' });
    expect(answer.status).toBe(201);
    expect(answer.body.data).toMatchObject({ email, firstName: 'Inès', lastName: 'Moreau', role: 'client', status: 'active' });
    const [mail] = await outboxFor(inject('env').OUTBOX_DIR!, email);
    expect(mail!.subject).toBe('Votre invitation');
    const temporary = /Mot de passe temporaire (\S+)/.exec(mail!.text)![1]!;
    // The invitee signs in with it and is asked for their own password.
    await expect(signIn(cognito(), inject('pool').userPoolClientId, email, temporary)).rejects.toThrow(/no tokens/);
    const detail = await call(users(`/${answer.body.data.id}`), { token: admin.idToken });
    expect(detail.body.data.accountChanges).toEqual([{ at: expect.any(String), action: 'invited', byId: admin.id, byName: admin.email }]);
  });

  it('invites an admin in English, in the admin group', async () => {
    const email = address('colleague');
    const answer = await invite({ email, role: 'admin' });
    expect(answer.status).toBe(201);
    const [mail] = await outboxFor(inject('env').OUTBOX_DIR!, email);
    expect(mail!.subject).toBe('Your invitation');
    const groups = await cognito().send(new AdminListGroupsForUserCommand({ UserPoolId: inject('pool').userPoolId, Username: answer.body.data.id }));
    expect(groups.Groups?.map((g) => g.GroupName)).toEqual(['admin']);
  });

  it('refuses an address that already has an account (409), bad input (400), and anyone but an admin (403)', async () => {
    const email = address('twice');
    expect((await invite({ email, role: 'client' })).status).toBe(201);
    expect(await invite({ email, role: 'client' })).toMatchObject({ status: 409, body: { error: 'An account with this email already exists' } });
    // An account that has no profile here yet (signed up, never signed in) is found by Cognito.
    const unseen = await createTestUser({ prefix: 'org-unseen' });
    expect((await invite({ email: unseen.email, role: 'client' })).status).toBe(409);
    const bad = await invite({ email: 'not-an-email', role: 'boss' });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { path: string }) => d.path).sort()).toEqual(['body.email', 'body.role']);
    const client = await createTestUser({ prefix: 'org-client' });
    expect((await invite({ email: address('x'), role: 'client' }, client.idToken)).status).toBe(403);
    expect((await call(users(), { token: client.idToken })).status).toBe(403);
  });
});

describe('the list (GET /api/admin/organization/users)', () => {
  it('finds people by part of a name or e-mail whatever the case and accents, filters by role and status, and pages', async () => {
    const accents = await invite({ email: address('zoe'), firstName: 'Zoé', lastName: 'Lefèvre', role: 'client' });
    const found = await call(users('?q=LEFEVRE'), { token: admin.idToken });
    expect(found.body.data.map((u: { id: string }) => u.id)).toEqual([accents.body.data.id]);
    const admins = await call(users('?role=admin&limit=200'), { token: admin.idToken });
    expect(admins.body.data.length).toBeGreaterThan(0);
    expect(admins.body.data.every((u: { role: string }) => u.role === 'admin')).toBe(true);

    // Every account once, in e-mail order, however small the pages.
    const all = await call(users('?limit=200'), { token: admin.idToken });
    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await call(users(`?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`), { token: admin.idToken });
      expect(page.body.data.length).toBeLessThanOrEqual(2);
      paged.push(...page.body.data.map((u: { email: string }) => u.email));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all.body.data.map((u: { email: string }) => u.email));
    expect(paged).toEqual([...paged].sort());
    expect((await call(users('?cursor=bm9wZQ'), { token: admin.idToken })).status).toBe(400);
  });
});

describe('roles and access (PUT …/{id}/role, …/{id}/enabled)', () => {
  it('promotes and demotes; the old token stops working (401, renewed it carries the new role) and the change is recorded', async () => {
    const person = await createTestUser({ prefix: 'org-promote' });
    await call(`${stack.url}/api/me`, { token: person.idToken });
    // Token times are whole seconds: the change comes in a later second than the token.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const promoted = await call(users(`/${person.id}/role`), { method: 'PUT', token: admin.idToken, json: { role: 'admin' } });
    expect(promoted.body.data.role).toBe('admin');
    // The token from before says "client": refused as outdated, whatever the route.
    expect(await call(`${stack.url}/api/me`, { token: person.idToken })).toMatchObject({ status: 401, body: { error: SESSION_OUTDATED } });
    const fresh = await idTokenFor(person.email);
    expect((await call(users(), { token: fresh })).status).toBe(200);

    await new Promise((resolve) => setTimeout(resolve, 1100));
    await call(users(`/${person.id}/role`), { method: 'PUT', token: admin.idToken, json: { role: 'client' } });
    expect((await call(users(), { token: fresh })).status).toBe(401);
    expect((await call(users(), { token: await idTokenFor(person.email) })).status).toBe(403);
    const detail = await call(users(`/${person.id}`), { token: admin.idToken });
    expect(detail.body.data.accountChanges.map((c: { action: string }) => c.action)).toEqual(['promoted', 'demoted']);
  });

  it('disables an account: no sign-in, its token refused (403), its appointments kept and flagged; enabled again it signs in', async () => {
    const person = await createTestUser({ prefix: 'org-disable' });
    const start = new Date(Date.now() + 3 * 86_400_000);
    start.setUTCHours(9, 0, 0, 0);
    const booked = await call(`${stack.url}/api/appointments`, {
      method: 'POST',
      token: person.idToken,
      json: { title: 'Bilan', startTime: start.toISOString(), endTime: new Date(start.getTime() + 3_600_000).toISOString() },
    });
    expect(booked.status).toBe(201);

    const disabled = await call(users(`/${person.id}/enabled`), { method: 'PUT', token: admin.idToken, json: { enabled: false } });
    expect(disabled.body.data.status).toBe('disabled');
    expect(await call(`${stack.url}/api/appointments`, { token: person.idToken })).toMatchObject({ status: 403, body: { error: ACCOUNT_DISABLED } });
    await expect(idTokenFor(person.email)).rejects.toThrow(/disabled/);
    const user = await cognito().send(new AdminGetUserCommand({ UserPoolId: inject('pool').userPoolId, Username: person.id }));
    expect(user.Enabled).toBe(false);

    const rows = await call(`${stack.url}/api/admin/appointments?q=${encodeURIComponent(person.email)}`, { token: admin.idToken });
    expect(rows.body.data).toEqual([expect.objectContaining({ id: booked.body.data.id, user: expect.objectContaining({ disabled: true }) })]);
    expect((await call(users(`/${person.id}`), { token: admin.idToken })).body.data.upcomingAppointments).toBe(1);

    await call(users(`/${person.id}/enabled`), { method: 'PUT', token: admin.idToken, json: { enabled: true } });
    const again = await idTokenFor(person.email);
    expect((await call(`${stack.url}/api/appointments`, { token: again })).status).toBe(200);
  });

  it('never leaves the organization without an admin, nor lets an admin disable themselves (409)', async () => {
    const solo = await createTestUser({ admin: true, prefix: 'org-solo' });
    await call(`${stack.url}/api/me`, { token: solo.idToken });
    expect(await call(users(`/${solo.id}/enabled`), { method: 'PUT', token: solo.idToken, json: { enabled: false } })).toMatchObject({
      status: 409,
      body: { error: NOT_YOURSELF },
    });
    // Two admins here (this one and the file's): one may step down, the last one may not.
    const stepDown = await call(users(`/${solo.id}/role`), { method: 'PUT', token: solo.idToken, json: { role: 'client' } });
    expect(stepDown.status).toBe(200);
    const admins = await call(users('?role=admin&status=active&limit=200'), { token: admin.idToken });
    for (const other of admins.body.data.filter((u: { id: string }) => u.id !== admin.id)) {
      await call(users(`/${other.id}/role`), { method: 'PUT', token: admin.idToken, json: { role: 'client' } });
    }
    expect(await call(users(`/${admin.id}/role`), { method: 'PUT', token: admin.idToken, json: { role: 'client' } })).toMatchObject({
      status: 409,
      body: { error: LAST_ADMIN },
    });
  });

  it('answers 404 for an unknown account and 400 for a malformed id', async () => {
    expect((await call(users(`/${randomUUID()}`), { token: admin.idToken })).status).toBe(404);
    expect((await call(users(`/${randomUUID()}/role`), { method: 'PUT', token: admin.idToken, json: { role: 'admin' } })).status).toBe(404);
    expect((await call(users('/not-a-uuid'), { token: admin.idToken })).status).toBe(400);
  });
});
