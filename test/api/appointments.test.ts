import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAppointment } from '../../shared/db/appointments.ts';
import { onAppointmentChanged } from '../../shared/events/publisher.ts';
import type { AppointmentChangedDetail } from '../../shared/events/appointment-changed.ts';
import { demoTokens, futureSlot, registeredUser, requestSlot } from '../helpers/fixtures.ts';
import { call, createTestUser, startTestStack, type TestStack } from '../helpers/stack.ts';

let stack: TestStack;
let tokens: Awaited<ReturnType<typeof demoTokens>>;
const events: AppointmentChangedDetail[] = [];

beforeAll(async () => {
  stack = await startTestStack();
  tokens = await demoTokens();
  onAppointmentChanged((detail) => void events.push(detail));
});
afterAll(() => stack.stop());

const api = (path: string, init: Parameters<typeof call>[1] = {}) => call(`${stack.url}/api${path}`, init);

/** The seed's flow 1: the admin requests an appointment with Jean. */
async function adminRequest(overrides: Record<string, unknown> = {}, token = tokens.admin) {
  return api('/admin/appointments', {
    method: 'POST',
    token,
    json: {
      action: 'create',
      clientEmail: 'jean.dupont@example.com',
      title: 'Technical Consultation',
      description: 'Discuss project architecture',
      ...futureSlot(),
      type: 'free',
      location: 'Paris Office',
      meetingUrl: 'https://meet.google.com/xyz',
      notes: 'VIP client - prepare demo',
      ...overrides,
    },
  });
}

describe('the seed flows', () => {
  it('flow 1: an admin requests an appointment with a registered client', async () => {
    const result = await adminRequest();
    expect(result.status).toBe(201);
    expect(result.body).toMatchObject({
      success: true,
      message: 'Appointment request sent to client',
      data: {
        userId: tokens.jeanId,
        assignedAdminId: tokens.adminId,
        status: 'pending',
        title: 'Technical Consultation',
        attendeeEmail: 'jean.dupont@example.com',
        attendeeName: 'Jean Dupont',
        notes: 'VIP client - prepare demo',
        awaiting: 'client',
        version: 1,
      },
    });
    expect(events.at(-1)).toMatchObject({ change: 'created', appointmentId: result.body.data.id, actor: tokens.adminId, before: null });
  });

  it('flow 2: the client sees it, without the internal notes, and confirms it', async () => {
    const created = (await adminRequest()).body.data;
    const seen = await api(`/appointments/${created.id}`, { token: tokens.jean });
    expect(seen.status).toBe(200);
    expect(seen.body.data).not.toHaveProperty('notes');
    const listed = await api(`/appointments?status=pending&limit=200`, { token: tokens.jean });
    expect(listed.body.data.map((a: { id: string }) => a.id)).toContain(created.id);

    const confirmed = await api(`/appointments/${created.id}`, { method: 'PUT', token: tokens.jean, json: { status: 'confirmed' } });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.data).toMatchObject({ status: 'confirmed', awaiting: null, version: 2 });
    expect(confirmed.body.data).not.toHaveProperty('notes');
    expect(events.at(-1)).toMatchObject({ change: 'updated', before: { status: 'pending' }, after: { status: 'confirmed' } });

    const again = await api(`/appointments/${created.id}`, { method: 'PUT', token: tokens.jean, json: { status: 'confirmed' } });
    expect(again).toMatchObject({ status: 403, body: { success: false, error: 'You can only confirm your own pending appointments' } });
  });

  it("a client confirming someone else's appointment gets 404 Appointment not found", async () => {
    const created = (await adminRequest()).body.data;
    const result = await api(`/appointments/${created.id}`, { method: 'PUT', token: tokens.client, json: { status: 'confirmed' } });
    expect(result).toMatchObject({ status: 404, body: { success: false, error: 'Appointment not found' } });
    expect((await getAppointment(created.id))?.status).toBe('pending');
  });

  it('the seed curl example: a client creates a request, which is always pending and free', async () => {
    const client = await registeredUser(stack.url);
    const result = await api('/appointments', {
      method: 'POST',
      token: client.idToken,
      json: { title: 'Test Appointment', ...requestSlot(), type: 'paid', price: 5000, status: 'confirmed', notes: 'sneaky', assignedAdminId: tokens.adminId },
    });
    expect(result.status).toBe(201);
    expect(result.body.data).toMatchObject({
      userId: client.id,
      status: 'pending',
      type: 'free',
      price: 0,
      timezone: 'Europe/Paris',
      attendeeEmail: client.email,
      awaiting: 'admin',
      syncToCalendar: true,
    });
    expect(result.body.data).not.toHaveProperty('assignedAdminId');
    expect((await getAppointment(result.body.data.id))?.notes).toBeUndefined();
  });
});

describe('admin request errors (the seed troubleshooting list)', () => {
  it('400 Missing required fields, naming them', async () => {
    const result = await api('/admin/appointments', { method: 'POST', token: tokens.admin, json: { action: 'create', title: 'x' } });
    expect(result.status).toBe(400);
    expect(result.body.error).toBe('Missing required fields: clientEmail, startTime, endTime');
  });

  it('404 Client not found with this email', async () => {
    const result = await adminRequest({ clientEmail: 'nobody@example.com' });
    expect(result).toMatchObject({ status: 404, body: { error: 'Client not found with this email' } });
  });

  it("404 Client not found for an admin's email: an appointment is never made for an admin as client", async () => {
    const admin = await registeredUser(stack.url, { admin: true });
    for (const clientEmail of [admin.email, admin.email.toUpperCase(), 'admin@example.com']) {
      const result = await adminRequest({ clientEmail });
      expect(result, clientEmail).toMatchObject({ status: 404, body: { success: false, error: 'Client not found with this email' } });
    }
    expect((await api('/appointments?limit=200', { token: admin.idToken })).body.data).toEqual([]);
  });

  it('the request dialog lookup lists clients only, and admins never take the places of its limit', async () => {
    const prefix = `lookup${Date.now().toString(36)}`;
    const [adminA, adminB, client] = await Promise.all([
      createTestUser({ prefix, admin: true }),
      createTestUser({ prefix, admin: true }),
      createTestUser({ prefix }),
    ]);
    for (const user of [adminA, adminB, client]) expect((await api('/me', { token: user.idToken })).status).toBe(200);
    const all = await api(`/admin/users?email=${prefix}`, { token: tokens.admin });
    expect(all.status).toBe(200);
    expect(all.body.data).toEqual([expect.objectContaining({ id: client.id, email: client.email, role: 'client' })]);
    // Whatever order the emails sort in, one place is enough for the one client.
    expect((await api(`/admin/users?email=${prefix}&limit=1`, { token: tokens.admin })).body.data.map((u: { id: string }) => u.id)).toEqual([client.id]);
    expect((await api(`/admin/users?email=${adminA.email}`, { token: tokens.admin })).body.data).toEqual([]);
    expect((await api('/admin/users?email=admin@', { token: tokens.admin })).body.data).toEqual([]);
  });

  it('400 on an unknown action, and 403 for a client on every admin action', async () => {
    expect((await api('/admin/appointments', { method: 'POST', token: tokens.admin, json: { action: 'explode' } })).status).toBe(400);
    expect((await adminRequest({}, tokens.client)).status).toBe(403);
    expect((await api('/admin/appointments', { token: tokens.client })).status).toBe(403);
  });
});

describe('rules of PUT for clients', () => {
  it('a client cancels their own appointment with a reason, and cannot reopen it', async () => {
    const created = (await adminRequest()).body.data;
    const cancelled = await api(`/appointments/${created.id}`, {
      method: 'PUT',
      token: tokens.jean,
      json: { status: 'cancelled', cancellationReason: 'Empêchement' },
    });
    expect(cancelled.body.data).toMatchObject({ status: 'cancelled', cancellationReason: 'Empêchement' });
    const reopen = await api(`/appointments/${created.id}`, { method: 'PUT', token: tokens.jean, json: { status: 'pending' } });
    expect(reopen.status).toBe(403);
  });

  it('a client edits the text of a pending request but nothing else', async () => {
    const { idToken: clientToken } = await registeredUser(stack.url);
    const created = (await api('/appointments', { method: 'POST', token: clientToken, json: { title: 'Avant', ...requestSlot() } })).body.data;
    const edited = await api(`/appointments/${created.id}`, { method: 'PUT', token: clientToken, json: { title: 'Après', clientNote: 'Merci' } });
    expect(edited.body.data).toMatchObject({ title: 'Après', clientNote: 'Merci' });
    // Moving it is theirs to do too ("clients moving their own appointment" below); the rest is the team's.
    for (const json of [{ price: 100 }, { notes: 'x' }, { isPaid: true }, { assignedAdminId: tokens.adminId }, { startTime: requestSlot().startTime, price: 0 }]) {
      const refused = await api(`/appointments/${created.id}`, { method: 'PUT', token: clientToken, json });
      expect(refused.status, JSON.stringify(json)).toBe(403);
    }
    const done = await api(`/appointments/${created.id}`, { method: 'PUT', token: clientToken, json: { status: 'completed' } });
    expect(done).toMatchObject({ status: 403, body: { error: 'Only admins can mark appointments as completed or no-show' } });
    // Their own request waits for the team: confirming it themselves is not theirs to do.
    const selfConfirm = await api(`/appointments/${created.id}`, { method: 'PUT', token: clientToken, json: { status: 'confirmed' } });
    expect(selfConfirm).toMatchObject({ status: 403, body: { error: 'This request is waiting for confirmation by the team' } });
    expect((await getAppointment(created.id))?.title).toBe('Après');
  });

  it('a client deletes only their own pending request', async () => {
    const client = await registeredUser(stack.url);
    const own = (await api('/appointments', { method: 'POST', token: client.idToken, json: { title: 'À supprimer', ...requestSlot() } })).body.data;
    const proposed = (await adminRequest({ clientEmail: client.email })).body.data;
    expect((await api(`/appointments/${proposed.id}`, { method: 'DELETE', token: client.idToken })).status).toBe(403);
    expect((await api(`/appointments/${own.id}`, { method: 'DELETE', token: client.idToken })).body).toEqual({ success: true, data: { id: own.id, deleted: true } });
    expect(await getAppointment(own.id)).toBeNull();
    expect(events.at(-1)).toMatchObject({ change: 'deleted', after: null, appointmentId: own.id });
  });
});

describe('clients moving their own appointment', () => {
  it('a confirmed free-form one goes back to the team (pending, awaiting the team); so does the team’s proposal', async () => {
    // Their own admin: the demo admin's time is booked by every test file.
    const [client, admin] = await Promise.all([registeredUser(stack.url), registeredUser(stack.url, { admin: true })]);
    const request = (await api('/appointments', { method: 'POST', token: client.idToken, json: { title: 'À déplacer', ...requestSlot() } })).body.data;
    const confirmed = (await api(`/appointments/${request.id}`, { method: 'PUT', token: admin.idToken, json: { status: 'confirmed' } })).body.data;
    const later = requestSlot();
    const moved = await api(`/appointments/${request.id}`, { method: 'PUT', token: client.idToken, json: { ...later, version: confirmed.version } });
    expect(moved.status).toBe(200);
    expect(moved.body.data).toMatchObject({ status: 'pending', awaiting: 'admin', startTime: later.startTime, endTime: later.endTime });
    // The client cannot confirm their own new time: the team does.
    expect((await api(`/appointments/${request.id}`, { method: 'PUT', token: client.idToken, json: { status: 'confirmed' } })).status).toBe(403);

    const proposal = (await adminRequest({ clientEmail: client.email }, admin.idToken)).body.data;
    expect(proposal.awaiting).toBe('client');
    const counter = await api(`/appointments/${proposal.id}`, { method: 'PUT', token: client.idToken, json: { startTime: requestSlot().startTime } });
    expect(counter.body.data).toMatchObject({ status: 'pending', awaiting: 'admin' });
  });

  it('is refused less than CLIENT_CHANGE_NOTICE_HOURS before the start, or onto a time that close (403, saying why)', async () => {
    const client = await registeredUser(stack.url);
    const soon = new Date(Date.now() + 5 * 3_600_000);
    const close = (await api('/appointments', {
      method: 'POST',
      token: client.idToken,
      json: { title: 'Bientôt', startTime: soon.toISOString(), endTime: new Date(soon.getTime() + 3_600_000).toISOString() },
    })).body.data;
    const refused = await api(`/appointments/${close.id}`, { method: 'PUT', token: client.idToken, json: requestSlot() });
    expect(refused).toMatchObject({ status: 403, body: { error: 'Changes are possible up to 24 hours before the start: contact the team to change this appointment' } });
    const far = (await api('/appointments', { method: 'POST', token: client.idToken, json: { title: 'Loin', ...requestSlot() } })).body.data;
    const tooClose = await api(`/appointments/${far.id}`, {
      method: 'PUT',
      token: client.idToken,
      json: { startTime: soon.toISOString(), endTime: new Date(soon.getTime() + 3_600_000).toISOString() },
    });
    expect(tooClose.status).toBe(403);
    // Onto a time they already have: 409, as any double booking.
    // Two days after the other one: two random request slots of the same client can overlap (about 1 in 300).
    const twoDaysLater = (iso: string) => new Date(Date.parse(iso) + 2 * 86_400_000).toISOString();
    const mine = (await api('/appointments', { method: 'POST', token: client.idToken, json: { title: 'Mien', startTime: twoDaysLater(far.startTime), endTime: twoDaysLater(far.endTime) } })).body.data;
    const onOwn = await api(`/appointments/${mine.id}`, { method: 'PUT', token: client.idToken, json: { startTime: far.startTime, endTime: far.endTime } });
    expect(onOwn).toMatchObject({ status: 409, body: { error: 'Time slot is not available' } });
  });
});

/** `count` times a day apart, from a random time a client may also request: what an admin proposes. */
function daysApart(count: number) {
  const first = requestSlot();
  return Array.from({ length: count }, (_, days) => ({
    startTime: new Date(Date.parse(first.startTime) + days * 86_400_000).toISOString(),
    endTime: new Date(Date.parse(first.endTime) + days * 86_400_000).toISOString(),
  }));
}

describe('proposing several times (the seed: "Admin wants to propose multiple time slots to a client")', () => {
  it('holds every proposed time for the client and the admin until the client picks one; the others are then released', async () => {
    const admin = await registeredUser(stack.url, { admin: true });
    const client = await registeredUser(stack.url);
    const times = daysApart(3);
    // Given out of order, with the first choice in the middle: stored in time order.
    const created = await adminRequest({ clientEmail: client.email, ...times[1]!, proposedTimes: [times[2], times[0], times[1]] }, admin.idToken);
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ status: 'pending', awaiting: 'client', startTime: times[1]!.startTime, proposedTimes: times });
    const seen = await api(`/appointments/${created.body.data.id}`, { token: client.idToken });
    expect(seen.body.data.proposedTimes).toEqual(times);

    // Every proposed time holds the client's time and the admin's.
    for (const time of times) {
      const other = await registeredUser(stack.url);
      expect((await api('/appointments', { method: 'POST', token: client.idToken, json: { title: 'Autre', ...time } })).status).toBe(409);
      expect((await adminRequest({ clientEmail: other.email, ...time }, admin.idToken)).status).toBe(409);
    }

    const id = created.body.data.id;
    const withoutChoice = await api(`/appointments/${id}`, { method: 'PUT', token: client.idToken, json: { status: 'confirmed' } });
    expect(withoutChoice).toMatchObject({ status: 400, body: { error: 'Invalid request: body.status: Several times are proposed for this appointment: choose one of them to confirm it' } });
    const otherTime = await api(`/appointments/${id}`, { method: 'PUT', token: client.idToken, json: { status: 'confirmed', ...futureSlot() } });
    expect(otherTime).toMatchObject({ status: 400, body: { error: 'Invalid request: body.startTime: must be one of the proposed times' } });
    const otherEnd = await api(`/appointments/${id}`, { method: 'PUT', token: client.idToken, json: { status: 'confirmed', startTime: times[2]!.startTime, endTime: times[1]!.endTime } });
    expect(otherEnd.status).toBe(400);

    const chosen = await api(`/appointments/${id}`, { method: 'PUT', token: client.idToken, json: { status: 'confirmed', ...times[2]! } });
    expect(chosen.status).toBe(200);
    expect(chosen.body.data).toMatchObject({ status: 'confirmed', awaiting: null, ...times[2]! });
    expect(chosen.body.data).not.toHaveProperty('proposedTimes');
    expect(events.at(-1)).toMatchObject({ change: 'updated', before: { status: 'pending' }, after: { status: 'confirmed', startTime: times[2]!.startTime } });

    // The chosen time stays held; the two others are free again, for the client and for the admin.
    expect((await api('/appointments', { method: 'POST', token: client.idToken, json: { title: 'Autre', ...times[2]! } })).status).toBe(409);
    expect((await api('/appointments', { method: 'POST', token: client.idToken, json: { title: 'Autre', ...times[0]! } })).status).toBe(201);
    expect((await adminRequest({ clientEmail: (await registeredUser(stack.url)).email, ...times[1]! }, admin.idToken)).status).toBe(201);
  });

  it('cancelling the request releases every proposed time', async () => {
    const admin = await registeredUser(stack.url, { admin: true });
    const client = await registeredUser(stack.url);
    const times = daysApart(2);
    const created = (await adminRequest({ clientEmail: client.email, ...times[0]!, proposedTimes: times }, admin.idToken)).body.data;
    const cancelled = await api(`/appointments/${created.id}`, { method: 'PUT', token: client.idToken, json: { status: 'cancelled', cancellationReason: 'Aucun ne me convient' } });
    expect(cancelled.status).toBe(200);
    for (const time of times) expect((await api('/appointments', { method: 'POST', token: client.idToken, json: { title: 'Libre', ...time } })).status).toBe(201);
  });

  it('refuses what cannot be proposed: one time, six, a first choice not among them, twice the same, a passed time, a confirmed status (400)', async () => {
    const client = await registeredUser(stack.url);
    const times = daysApart(6);
    const refused = async (fields: Record<string, unknown>) => {
      const result = await adminRequest({ clientEmail: client.email, ...times[0]!, ...fields });
      expect(result.status, JSON.stringify(result.body)).toBe(400);
      return result.body.details as Array<{ path: string; message: string }>;
    };
    expect(await refused({ proposedTimes: times.slice(0, 1) })).toContainEqual({ path: 'body.proposedTimes', message: 'propose at least 2 times, or leave it out' });
    expect(await refused({ proposedTimes: times })).toContainEqual({ path: 'body.proposedTimes', message: 'propose at most 5 times' });
    expect(await refused({ proposedTimes: times.slice(1, 3) })).toContainEqual({ path: 'body.proposedTimes', message: 'must include the first choice (startTime and endTime)' });
    expect(await refused({ proposedTimes: [times[0], times[0]] })).toContainEqual({ path: 'body.proposedTimes.1', message: 'is proposed twice' });
    expect(await refused({ proposedTimes: [times[0], { startTime: times[1]!.endTime, endTime: times[1]!.startTime }] })).toContainEqual({ path: 'body.proposedTimes.1.endTime', message: 'must be after startTime' });
    expect(await refused({ proposedTimes: times.slice(0, 2), status: 'confirmed' })).toContainEqual({ path: 'body.status', message: 'a request proposing several times is pending until the client picks one' });
    const past = { startTime: '2020-01-01T09:00:00.000Z', endTime: '2020-01-01T10:00:00.000Z' };
    expect(await refused({ proposedTimes: [times[0], past] })).toContainEqual({ path: 'body.proposedTimes.1.startTime', message: 'must be in the future' });
  });

  it('is race-free: a proposal and ten requests competing for one of its times, all at once, leave exactly one of them', async () => {
    const admin = await registeredUser(stack.url, { admin: true });
    const client = await registeredUser(stack.url);
    const times = daysApart(2);
    const results = await Promise.all([
      adminRequest({ clientEmail: client.email, ...times[0]!, proposedTimes: times }, admin.idToken),
      ...Array.from({ length: 10 }, () => api('/appointments', { method: 'POST', token: client.idToken, json: { title: 'Concurrente', ...times[1]! } })),
    ]);
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(10);
  });
});

describe('searching the admin list', () => {
  it('finds a match however many appointments come before it (a page holds matches, not just what was read)', async () => {
    const title = `Recherche ${Date.now()}`;
    // Far in the list's order: after everything the other files book in 2032–2040.
    const created = (await adminRequest({ title, startTime: '2049-06-01T09:00:00.000Z', endTime: '2049-06-01T10:00:00.000Z' })).body.data;
    const found = await api(`/admin/appointments?q=${encodeURIComponent(title.toLowerCase())}&limit=1`, { token: tokens.admin });
    expect(found.body.data.map((a: { id: string }) => a.id)).toEqual([created.id]);
  });

  it('ignores accents and case: "eleonore" and "ÉLÉONORE" find "Éléonore"', async () => {
    const unique = `Bilan Éléonore ${Date.now()}`;
    const created = (await adminRequest({ title: unique, startTime: '2049-07-01T09:00:00.000Z', endTime: '2049-07-01T10:00:00.000Z' })).body.data;
    for (const query of [unique.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase(), unique.toUpperCase(), unique]) {
      const found = await api(`/admin/appointments?q=${encodeURIComponent(query)}&limit=5`, { token: tokens.admin });
      expect(found.body.data.map((a: { id: string }) => a.id), query).toEqual([created.id]);
    }
  });
});

describe('admins', () => {
  it('confirm an unassigned client request, taking it; complete it once started; the graph refuses the rest with 409', async () => {
    const [admin, client] = await Promise.all([registeredUser(stack.url, { admin: true }), registeredUser(stack.url)]);
    const request = (await api('/appointments', { method: 'POST', token: client.idToken, json: { title: 'Demande', ...requestSlot() } })).body.data;
    const confirmed = await api(`/appointments/${request.id}`, { method: 'PUT', token: admin.idToken, json: { status: 'confirmed', type: 'paid', price: 5000 } });
    expect(confirmed.body.data).toMatchObject({ status: 'confirmed', assignedAdminId: admin.id, type: 'paid', price: 5000 });
    // Not before it has started (409); once its time has passed (an admin moves it there), yes.
    const early = await api(`/appointments/${request.id}`, { method: 'PUT', token: admin.idToken, json: { status: 'completed' } });
    expect(early).toMatchObject({ status: 409, body: { error: 'An appointment can be marked completed or no-show only once it has started' } });
    const past = Date.now() - 2 * 3_600_000 - Math.floor(Math.random() * 1000) * 3_600_000;
    const moved = await api(`/appointments/${request.id}`, {
      method: 'PUT',
      token: admin.idToken,
      json: { startTime: new Date(past).toISOString(), endTime: new Date(past + 3_600_000).toISOString() },
    });
    expect(moved.status).toBe(200);
    const completed = await api(`/appointments/${request.id}`, { method: 'PUT', token: admin.idToken, json: { status: 'completed' } });
    expect(completed.body.data.status).toBe('completed');
    const invalid = await api(`/appointments/${request.id}`, { method: 'PUT', token: admin.idToken, json: { status: 'pending' } });
    expect(invalid.status).toBe(409);
    expect(invalid.body.error).toBe('Cannot change status from completed to pending; allowed: no_show');
    expect(invalid.body.details).toEqual([{ from: 'completed', to: 'pending', allowed: ['no_show'] }]);
  });

  it('reschedule: 409 "Time slot is not available" onto taken time, success onto free time', async () => {
    const admin = await registeredUser(stack.url, { admin: true });
    const client = await registeredUser(stack.url);
    const first = futureSlot();
    const second = futureSlot();
    const a = (await api('/appointments', { method: 'POST', token: admin.idToken, json: { title: 'A', ...first } })).body.data;
    const b = (await adminRequest({ clientEmail: client.email, ...second }, admin.idToken)).body.data;
    const clash = await api(`/appointments/${b.id}`, { method: 'PUT', token: admin.idToken, json: first });
    expect(clash).toMatchObject({ status: 409, body: { error: 'Time slot is not available' } });
    const moved = await api(`/appointments/${b.id}`, { method: 'PUT', token: admin.idToken, json: futureSlot() });
    expect(moved.status).toBe(200);
    expect(a.assignedAdminId).toBe(admin.id);
  });

  it('optimistic locking: a stale version is refused with 409', async () => {
    const created = (await adminRequest()).body.data;
    await api(`/appointments/${created.id}`, { method: 'PUT', token: tokens.admin, json: { title: 'New', version: 1 } });
    const stale = await api(`/appointments/${created.id}`, { method: 'PUT', token: tokens.admin, json: { title: 'Old', version: 1 } });
    expect(stale.status).toBe(409);
    expect((await getAppointment(created.id))?.title).toBe('New');
  });

  it('list every appointment with user, assigned admin and product embedded; search by client name', async () => {
    const created = (await adminRequest({ title: 'Recherche unique zx81' })).body.data;
    const { startTime } = created;
    const day = startTime.slice(0, 10);
    const result = await api(`/admin/appointments?startDate=${day}&endDate=${day}T23:59:59Z&q=DUPONT`, { token: tokens.admin });
    expect(result.status).toBe(200);
    const row = result.body.data.find((a: { id: string }) => a.id === created.id);
    expect(row).toMatchObject({
      user: { id: tokens.jeanId, firstName: 'Jean', lastName: 'Dupont', email: 'jean.dupont@example.com' },
      assignedAdmin: { id: tokens.adminId, firstName: 'Alice', email: 'admin@example.com' },
      product: null,
      notes: 'VIP client - prepare demo',
    });
    const none = await api(`/admin/appointments?startDate=${day}&endDate=${day}T23:59:59Z&q=nobody-matches-this`, { token: tokens.admin });
    expect(none.body.data).toEqual([]);
  });

  it('stats: the seed fields for a month, from counters', async () => {
    const admin = await registeredUser(stack.url, { admin: true });
    const client = await registeredUser(stack.url);
    const month = '2045-03';
    const before = (await api('/admin/appointments', { method: 'POST', token: admin.idToken, json: { action: 'stats', month } })).body.data;
    const slot = { startTime: '2045-03-14T09:00:00.000Z', endTime: '2045-03-14T10:00:00.000Z' };
    const paid = (await adminRequest({ clientEmail: client.email, ...slot, type: 'paid', price: 7000 }, admin.idToken)).body.data;
    await api(`/appointments/${paid.id}`, { method: 'PUT', token: admin.idToken, json: { status: 'confirmed', isPaid: true } });
    const after = await api('/admin/appointments', { method: 'POST', token: admin.idToken, json: { action: 'stats', month } });
    expect(Object.keys(after.body.data).sort()).toEqual(
      ['month', 'total', 'pending', 'confirmed', 'completed', 'cancelled', 'noShow', 'paidAppointments', 'unpaidAppointments', 'totalRevenue', 'unpaidAmount'].sort(),
    );
    expect(after.body.data.total - before.total).toBe(1);
    expect(after.body.data.confirmed - before.confirmed).toBe(1);
    expect(after.body.data.totalRevenue - before.totalRevenue).toBe(7000);
    const badMonth = await api('/admin/appointments', { method: 'POST', token: admin.idToken, json: { action: 'stats', month: '2045-13' } });
    expect(badMonth.status).toBe(400);
  });
});

describe('no double booking through the API', () => {
  it('50 parallel requests for one admin slot: one 201, 49 × 409, and one appointment stored', async () => {
    const admin = await registeredUser(stack.url, { admin: true });
    const clients = await Promise.all(Array.from({ length: 5 }, () => registeredUser(stack.url)));
    const slot = futureSlot();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => adminRequest({ clientEmail: clients[i % 5]!.email, ...slot }, admin.idToken)),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.error === 'Time slot is not available')).toBe(true);
    expect(results.filter((r) => r.status === 409)).toHaveLength(49);
    const day = slot.startTime.slice(0, 10);
    const listed = await api(`/admin/appointments?assignedAdminId=${admin.id}&startDate=${day}&endDate=${day}T23:59:59Z`, { token: tokens.admin });
    expect(listed.body.data).toHaveLength(1);
  });

  it('20 overlapping pending requests confirmed in parallel: exactly one becomes confirmed', async () => {
    const admin = await registeredUser(stack.url, { admin: true });
    const clients = await Promise.all(Array.from({ length: 20 }, () => registeredUser(stack.url)));
    const slot = requestSlot();
    // Unassigned client requests for the same time hold only each client's time.
    const requests = await Promise.all(
      clients.map((c) => api('/appointments', { method: 'POST', token: c.idToken, json: { title: 'Même créneau', ...slot } })),
    );
    expect(requests.every((r) => r.status === 201)).toBe(true);
    const confirmations = await Promise.all(
      requests.map((r) => api(`/appointments/${r.body.data.id}`, { method: 'PUT', token: admin.idToken, json: { status: 'confirmed' } })),
    );
    expect(confirmations.filter((r) => r.status === 200)).toHaveLength(1);
    expect(confirmations.filter((r) => r.status === 409)).toHaveLength(19);
    const stored = await Promise.all(requests.map((r) => getAppointment(r.body.data.id)));
    expect(stored.filter((a) => a?.status === 'confirmed' && a.assignedAdminId === admin.id)).toHaveLength(1);
  });
});
