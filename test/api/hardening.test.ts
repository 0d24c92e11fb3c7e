import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listRoutes } from '../../functions/routes.ts';
import { ROOT } from '../../local/runtime.ts';
import { openApiDocument } from '../../shared/api/openapi.ts';
import { sealedTokens } from '../../shared/calendar/session.ts';
import { findConnection, putConnection } from '../../shared/db/connections.ts';
import * as zod from 'zod';
import { getAppointment } from '../../shared/db/appointments.ts';
import { db } from '../../shared/db/service.ts';
import { getUser } from '../../shared/db/users.ts';
import { demoTokens, futureSlot, registeredUser, requestSlot } from '../helpers/fixtures.ts';
import { STANDING_READ, countDynamoDbRequests } from '../helpers/request-counter.ts';
import { call, idTokenFor, startTestStack, type TestStack } from '../helpers/stack.ts';

let stack: TestStack;
let tokens: Awaited<ReturnType<typeof demoTokens>>;
beforeAll(async () => {
  stack = await startTestStack();
  tokens = await demoTokens();
});
afterAll(() => stack.stop());

const api = (p: string, init: Parameters<typeof call>[1] = {}) => call(`${stack.url}/api${p}`, init);
const sampleBodies: Record<string, unknown> = {
  'PUT /api/appointments/{id}': { status: 'cancelled' },
};

describe('object-level authorisation, generated from the route manifest', () => {
  // Admin routes with an id (products, slots, exceptions) answer 403 to clients; their owner checks are in availability.test.ts.
  const idRoutes = listRoutes().filter((r) => r.path.includes('{id}') && r.access !== 'admin');

  it('covers at least the appointment routes', () => {
    expect(idRoutes.map((r) => r.key)).toEqual(expect.arrayContaining(['GET /api/appointments/{id}', 'PUT /api/appointments/{id}', 'DELETE /api/appointments/{id}']));
  });

  it.each(idRoutes.map((r) => [r.key, r]))("%s with another client's id: 404, nothing changed", async (_, route) => {
    const owner = await registeredUser(stack.url);
    const intruder = await registeredUser(stack.url);
    const created = await api('/appointments', { method: 'POST', token: owner.idToken, json: { title: 'Privé', ...requestSlot() } });
    const id = created.body.data.id;
    const before = await getAppointment(id);
    const result = await api(route.path.replace('/api', '').replace('{id}', id), {
      method: route.method,
      token: intruder.idToken,
      json: sampleBodies[route.key],
    });
    expect(result).toMatchObject({ status: 404, body: { success: false, error: 'Appointment not found' } });
    expect(await getAppointment(id)).toEqual(before);
  });

  // Routes that take the id in the query (the seed's `DELETE /api/calendar?id=`): found from their schemas.
  const queryIdRoutes = listRoutes().filter((r) => {
    const query = r.request?.query;
    return r.access !== 'admin' && query instanceof zod.core.$ZodObject && 'id' in query._zod.def.shape;
  });

  it('covers the calendar connection routes that take ?id=', () => {
    expect(queryIdRoutes.map((r) => r.key)).toEqual(expect.arrayContaining(['DELETE /api/calendar', 'POST /api/calendar/sync']));
  });

  it.each(queryIdRoutes.map((r) => [r.key, r]))("%s with another user's connection id: 404, nothing changed", async (_, route) => {
    const owner = await registeredUser(stack.url);
    const intruder = await registeredUser(stack.url);
    const key = { userId: owner.id, id: randomUUID(), provider: 'google' as const };
    await putConnection({
      ...key,
      email: 'owner@gmail.test',
      calendarId: 'owner@gmail.test',
      ...(await sealedTokens(key, { accessToken: 'access', refreshToken: 'refresh', expiresAt: new Date(Date.now() + 3_600_000).toISOString() })),
      isActive: true,
      status: 'active',
      createdAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
    });
    const before = await findConnection(owner.id, key.id);
    const result = await api(`${route.path.replace('/api', '')}?id=${key.id}`, { method: route.method, token: intruder.idToken });
    expect(result).toMatchObject({ status: 404, body: { success: false, error: 'Calendar connection not found' } });
    expect(await findConnection(owner.id, key.id)).toEqual(before);
  });

  it('every admin route answers 403 to a client', async () => {
    for (const route of listRoutes().filter((r) => r.access === 'admin')) {
      const result = await api(route.path.replace('/api', '').replace('{id}', '00000000-0000-4000-8000-000000000000'), {
        method: route.method,
        token: tokens.client,
        json: route.method === 'GET' ? undefined : { action: 'stats' },
      });
      expect(result.status, route.key).toBe(403);
    }
  });

  it('every non-public route answers 401 without a token', async () => {
    for (const route of listRoutes().filter((r) => r.access !== 'public')) {
      const result = await api(route.path.replace('/api', '').replace('{id}', '00000000-0000-4000-8000-000000000000'), { method: route.method });
      expect(result.status, route.key).toBe(401);
    }
  });
});

describe('bad input: a clear 400, never a 500, nothing written', () => {
  const slot = futureSlot();
  const cases: Array<[string, string, RequestInit & { json?: unknown }, RegExp]> = [
    ['malformed JSON', '/appointments', { method: 'POST', body: '{"title": "x", ', headers: { 'content-type': 'application/json' } }, /valid JSON/],
    ['a wrong type', '/appointments', { method: 'POST', json: { title: 42, ...slot } }, /body\.title/],
    ['end before start', '/appointments', { method: 'POST', json: { title: 'x', startTime: slot.endTime, endTime: slot.startTime } }, /body\.endTime: must be after startTime/],
    ['a time without offset', '/appointments', { method: 'POST', json: { title: 'x', startTime: '2032-01-01T10:00:00', endTime: slot.endTime } }, /body\.startTime/],
    ['an invalid time zone', '/appointments', { method: 'POST', json: { title: 'x', ...slot, timezone: 'Europe/Atlantis' } }, /IANA/],
    ['a javascript: meeting link', '/appointments', { method: 'POST', json: { title: 'x', ...slot, meetingUrl: 'javascript:alert(1)' } }, /http\(s\) URL/],
    ['a 1 MB string', '/appointments', { method: 'POST', json: { title: 'x'.repeat(1024 * 1024), ...slot } }, /too large/],
    ['an unknown status filter', '/appointments?status=maybe', {}, /query\.status/],
    ['a limit of 5000', '/appointments?limit=5000', {}, /query\.limit/],
    ['an invalid cursor', '/appointments?cursor=not-a-cursor', {}, /Invalid cursor/],
    ['a cursor into another partition', `/appointments?cursor=${Buffer.from(JSON.stringify({ gsi1pk: '$booking#userId_someone-else', gsi1sk: 'x', pk: 'x', sk: 'y' })).toString('base64url')}`, {}, /Invalid cursor/],
    ['a non-UUID id', '/appointments/not-a-uuid', {}, /path\.id/],
    ['an unknown status', '/admin/appointments', { method: 'POST', json: { action: 'create', clientEmail: 'jean.dupont@example.com', title: 'x', ...slot, status: 'maybe' } }, /body\.status/],
    ['an unknown field in PUT', '/appointments/00000000-0000-4000-8000-000000000000', { method: 'PUT', json: { colour: 'red' } }, /colour/],
  ];

  it.each(cases)('%s', async (_, path, init, message) => {
    const before = await api('/appointments?limit=200', { token: tokens.client });
    const result = await api(path, { token: path.startsWith('/admin') ? tokens.admin : tokens.client, ...init });
    expect(result.status).toBe(400);
    expect(result.body.success).toBe(false);
    expect(result.body.error).toMatch(message);
    const after = await api('/appointments?limit=200', { token: tokens.client });
    expect(after.body.data.length).toBe(before.body.data.length);
  });
});

describe('more routes', () => {
  it('exports the admin list as CSV with formula cells neutralised', async () => {
    const slot = futureSlot();
    const created = await api('/admin/appointments', {
      method: 'POST',
      token: tokens.admin,
      json: { action: 'create', clientEmail: 'jean.dupont@example.com', title: '=HYPERLINK("http://evil")', ...slot },
    });
    expect(created.status).toBe(201);
    const day = slot.startTime.slice(0, 10);
    const response = await fetch(`${stack.url}/api/admin/appointments/export?startDate=${day}&endDate=${day}T23:59:59Z`, {
      headers: { authorization: `Bearer ${tokens.admin}` },
    });
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/attachment; filename="appointments-/);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM for spreadsheets
    const csv = bytes.subarray(3).toString('utf8');
    // Every cell quoted (RFC 4180), so a spreadsheet splitting on another separator cannot cut one.
    expect(csv.split('\r\n')[0]).toBe('"id","title","status","type","price","currency","isPaid","startTime","endTime","timezone","clientName","clientEmail","assignedAdmin","product","location","meetingUrl","createdAt"');
    expect(csv).toContain(`"${created.body.data.id}","'=HYPERLINK(""http://evil"")","pending","free","0","EUR","false"`);
    expect(csv).toContain('"Jean Dupont","jean.dupont@example.com","admin@example.com"');
  });

  it('writes every time of the CSV in one format, ISO 8601 in UTC, whatever offset it was stored with', async () => {
    const slot = futureSlot();
    const created = (await api('/admin/appointments', { method: 'POST', token: tokens.admin, json: { action: 'create', clientEmail: 'jean.dupont@example.com', title: `Fuseau ${randomUUID()}`, ...slot } })).body.data;
    // As data written before every writer normalised to UTC (the demo seed did): the same instants with an offset.
    const stored = (await getAppointment(created.id))!;
    const withOffset = (iso: string) => new Date(Date.parse(iso) + 3_600_000).toISOString().replace('Z', '+01:00');
    await db().entities.appointment.patch({ id: created.id }).set({ startTime: withOffset(stored.startTime), endTime: withOffset(stored.endTime) }).go();
    const day = slot.startTime.slice(0, 10);
    const response = await fetch(`${stack.url}/api/admin/appointments/export?startDate=${day}&endDate=${day}T23:59:59Z&q=${encodeURIComponent(created.title)}`, { headers: { authorization: `Bearer ${tokens.admin}` } });
    const row = (await response.text()).split('\r\n').find((line) => line.startsWith(`"${created.id}"`))!;
    // No cell of this appointment holds a comma: splitting and unquoting reads it.
    const cells = row.split(',').map((cell) => cell.slice(1, -1));
    expect([cells[7], cells[8]]).toEqual([slot.startTime, slot.endTime]);
    expect(cells.at(-1)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('looks up registered users by email prefix for admins', async () => {
    const result = await api('/admin/users?email=JEAN.', { token: tokens.admin });
    expect(result.body.data).toEqual([expect.objectContaining({ email: 'jean.dupont@example.com', firstName: 'Jean', role: 'client' })]);
    expect((await api('/admin/users', { token: tokens.admin })).status).toBe(400);
  });

  it("exports the caller's own data without internal notes or tokens", async () => {
    const result = await api('/me/export', { token: tokens.client });
    expect(result.status).toBe(200);
    expect(result.body.data.profile.email).toBe('client@example.com');
    expect(result.body.data.appointments.length).toBeGreaterThan(0);
    expect(result.body.data.appointments.every((a: { userId: string }) => a.userId === tokens.clientId)).toBe(true);
    expect(JSON.stringify(result.body.data)).not.toMatch(/"notes"|accessToken|refreshToken/);
  });

  it('erases an account: profile and sign-in gone, appointments kept without personal data, upcoming ones cancelled', async () => {
    const user = await registeredUser(stack.url);
    const booked = await api('/appointments', {
      method: 'POST',
      token: user.idToken,
      json: { title: 'Consultation', description: 'Mes détails personnels', clientNote: 'Mon numéro: 06…', ...requestSlot() },
    });
    const erased = await api('/me', { method: 'DELETE', token: user.idToken });
    expect(erased.body).toEqual({ success: true, data: { deleted: true, appointmentsAnonymised: 1, calendarConnectionsDeleted: 0, supportTicketsDeleted: 0 } });
    expect(await getUser(user.id)).toBeNull();
    const kept = await getAppointment(booked.body.data.id);
    expect(kept).toMatchObject({ status: 'cancelled', title: 'Consultation', cancellationReason: 'Account deleted' });
    expect(kept).not.toHaveProperty('description');
    expect(kept).not.toHaveProperty('clientNote');
    expect(kept).not.toHaveProperty('attendeeEmail');
    await expect(idTokenFor(user.email)).rejects.toThrow();
  });

  it('support tickets: in the export of their author only, and deleted by the erasure', async () => {
    const user = await registeredUser(stack.url);
    const other = await registeredUser(stack.url);
    const ticket = (message: string) => ({ category: 'appointments', subject: 'Mon rendez-vous', message });
    const sent = await api('/support/tickets', { method: 'POST', token: user.idToken, json: ticket('Mon numéro est le 06 12 34 56 78, rappelez-moi') });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    await api('/support/tickets', { method: 'POST', token: user.idToken, json: ticket('Un second message personnel') });
    const others = await api('/support/tickets', { method: 'POST', token: other.idToken, json: ticket("Le message de quelqu'un d'autre") });

    const exported = (await api('/me/export', { token: user.idToken })).body.data;
    expect(exported.supportTickets).toHaveLength(2);
    expect(exported.supportTickets.find((t: { id: string }) => t.id === sent.body.data.id)).toEqual({
      id: sent.body.data.id,
      email: user.email,
      category: 'appointments',
      subject: 'Mon rendez-vous',
      message: 'Mon numéro est le 06 12 34 56 78, rappelez-moi',
      status: 'open',
      createdAt: sent.body.data.createdAt,
    });
    expect(JSON.stringify(exported)).not.toContain("quelqu'un d'autre");

    const erased = await api('/me', { method: 'DELETE', token: user.idToken });
    expect(erased.body.data).toMatchObject({ deleted: true, supportTicketsDeleted: 2 });
    expect((await db().entities.supportTicket.get({ id: sent.body.data.id }).go()).data).toBeNull();
    const adminList = await api('/admin/support/tickets?limit=200', { token: tokens.admin });
    expect(JSON.stringify(adminList.body.data)).not.toContain(user.email);
    // Someone else's ticket is untouched.
    expect((await db().entities.supportTicket.get({ id: others.body.data.id }).go()).data).toMatchObject({ userId: other.id });
  });

  it('serves the OpenAPI document of every route, and docs/openapi.json is current', async () => {
    const result = await api('/openapi.json');
    expect(result.status).toBe(200);
    expect(result.body.openapi).toBe('3.1.0');
    for (const route of listRoutes()) expect(result.body.paths[route.path]?.[route.method.toLowerCase()], route.key).toBeDefined();
    // A free-form request, or the booking of an offered slot: one enforced schema, its two shapes described.
    const create = result.body.paths['/api/appointments'].post.requestBody.content['application/json'].schema;
    expect(create.required).toEqual(['startTime']);
    expect(create.description).toMatch(/title, startTime and endTime are required.*productId and startTime are required/);
    // Admins' deliberate booking outside the offered slots is documented on the PUT body.
    const put = result.body.paths['/api/appointments/{id}'].put.requestBody.content['application/json'].schema;
    expect(put.properties.overrideAvailability).toMatchObject({ type: 'boolean', description: expect.stringMatching(/^Admins only .*This time is no longer available.*capacity 1/) });
    const committed = JSON.parse(readFileSync(path.join(ROOT, 'docs', 'openapi.json'), 'utf8'));
    expect(committed, 'run `npm run build` to refresh docs/openapi.json').toEqual(JSON.parse(JSON.stringify(openApiDocument())));
  });
});

describe('DynamoDB requests per route (as in docs/ACCESS_PATTERNS.md)', () => {
  let requestsOf: ReturnType<typeof countDynamoDbRequests>;
  beforeAll(() => {
    requestsOf = countDynamoDbRequests();
  });
  const during = (action: () => Promise<unknown>) => requestsOf(action);

  it("a list page is one Query; a client's create counts their open requests (one Query), then one read (profile and schedule together), one transaction, and the outbox cleared", async () => {
    expect(await during(() => api('/appointments?limit=20', { token: tokens.client }))).toEqual([STANDING_READ, 'Query']);
    // Low-level names: ElectroDB's document-client commands map 1:1 onto them.
    const client = await registeredUser(stack.url);
    expect(await during(() => api('/appointments', { method: 'POST', token: client.idToken, json: { title: 'Compté', ...requestSlot() } }))).toEqual([
      STANDING_READ,
      'Query',
      'BatchGetItem',
      'TransactWriteItems',
      'DeleteItem',
    ]);
    // An admin naming another admin: that profile is read in the same BatchGetItem.
    const other = await registeredUser(stack.url, { admin: true });
    expect(
      await during(() => api('/appointments', { method: 'POST', token: tokens.admin, json: { title: 'Assignée', ...futureSlot(), assignedAdminId: other.id } })),
    ).toEqual([STANDING_READ, 'BatchGetItem', 'TransactWriteItems', 'DeleteItem']);
  });

  it('stats read one item, never the appointments', async () => {
    expect(await during(() => api('/admin/appointments', { method: 'POST', token: tokens.admin, json: { action: 'stats' } }))).toEqual([STANDING_READ, 'GetItem']);
  });

  it('the admin list is one Query plus one BatchGet for the people', async () => {
    const requests = await during(() => api('/admin/appointments?limit=10', { token: tokens.admin }));
    expect(requests.slice(0, 3)).toEqual([STANDING_READ, 'Query', 'BatchGetItem']);
    expect(requests.length).toBeLessThanOrEqual(4);
  });
});
