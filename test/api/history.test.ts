import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listJobs } from '../../functions/routes.ts';
import { invokeJob } from '../../local/jobs.ts';
import { REGION } from '../../local/runtime.ts';
import { listHistory } from '../../shared/db/history.ts';
import { APPOINTMENT_CHANGED, type AppointmentChangedDetail } from '../../shared/events/appointment-changed.ts';
import { onAppointmentChanged } from '../../shared/events/publisher.ts';
import { requestSlot, registeredUser } from '../helpers/fixtures.ts';
import { call, startTestStack, type TestStack } from '../helpers/stack.ts';

let stack: TestStack;
const events: AppointmentChangedDetail[] = [];
let stopListening: () => void;

beforeAll(async () => {
  // The manifest's AppointmentChanged jobs run on every change, as the EventBridge rules do in AWS.
  stack = await startTestStack({ consumers: true });
  stopListening = onAppointmentChanged((detail) => void events.push(detail));
});
afterAll(async () => {
  stopListening?.();
  await stack?.stop();
});

const api = (p: string, init: Parameters<typeof call>[1] = {}) => call(`${stack.url}/api${p}`, init);
const historyJob = listJobs().find((job) => job.name === 'record-appointment-history')!;
type User = Awaited<ReturnType<typeof registeredUser>>;

async function person(profile: Record<string, unknown>, options: { admin?: boolean } = {}): Promise<User> {
  const user = await registeredUser(stack.url, options);
  expect((await api('/me', { method: 'PUT', token: user.idToken, json: profile })).status).toBe(200);
  return user;
}

async function put(id: string, token: string, json: Record<string, unknown>) {
  const result = await api(`/appointments/${id}`, { method: 'PUT', token, json });
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  await stack.settled();
  return result.body.data as { version: number };
}

/** The event as an EventBridge rule hands it to its target (a second delivery of the same detail). */
const redelivery = (detail: AppointmentChangedDetail) => ({
  version: '0',
  id: randomUUID(),
  'detail-type': APPOINTMENT_CHANGED.detailType,
  source: APPOINTMENT_CHANGED.source,
  account: '000000000000',
  time: new Date().toISOString(),
  region: REGION,
  resources: [],
  detail,
});

describe('status history (GET /api/appointments/{id}/history)', () => {
  let admin: User;
  let client: User;
  let other: User;
  beforeAll(async () => {
    [admin, client, other] = await Promise.all([
      person({ firstName: 'Hélène', lastName: 'Historique' }, { admin: true }),
      person({ firstName: 'Camille', lastName: 'Client' }),
      person({ firstName: 'Otto', lastName: 'Other' }),
    ]);
  });

  it('create → confirm → reschedule → cancel: four entries in order, named for admins, "Vous" / "L’équipe" for the client', async () => {
    const slot = requestSlot();
    const created = await api('/appointments', { method: 'POST', token: client.idToken, json: { title: 'Bilan annuel', ...slot } });
    expect(created.status).toBe(201);
    const id = created.body.data.id as string;
    await stack.settled();
    await put(id, admin.idToken, { status: 'confirmed', assignedAdminId: admin.id });
    const moved = requestSlot(90);
    await put(id, admin.idToken, { startTime: moved.startTime, endTime: moved.endTime });
    await put(id, client.idToken, { status: 'cancelled', cancellationReason: 'Empêchement' });

    const mine = await api(`/appointments/${id}/history`, { token: client.idToken });
    expect(mine.status).toBe(200);
    expect(mine.body.data).toHaveLength(4);
    expect(mine.body.data.map((e: { event: string }) => e.event)).toEqual(['created', 'confirmed', 'rescheduled', 'cancelled']);
    expect(mine.body.data.map((e: { version: number }) => e.version)).toEqual([1, 2, 3, 4]);
    const times = mine.body.data.map((e: { occurredAt: string }) => e.occurredAt);
    expect([...times].sort()).toEqual(times);
    expect(mine.body.data[0]).toMatchObject({ change: 'created', statusAfter: 'pending', changedFields: [], actor: { kind: 'you', label: 'Vous' } });
    expect(mine.body.data[1]).toMatchObject({ change: 'updated', statusBefore: 'pending', statusAfter: 'confirmed', changedFields: [], actor: { kind: 'team', label: 'L’équipe' } });
    expect(mine.body.data[2]).toMatchObject({ statusBefore: 'confirmed', statusAfter: 'confirmed', changedFields: ['endTime', 'startTime'], actor: { kind: 'team' } });
    expect(mine.body.data[3]).toMatchObject({ statusBefore: 'confirmed', statusAfter: 'cancelled', changedFields: ['cancellationReason'], actor: { kind: 'you' } });
    // A client never learns an admin's identity from the history.
    expect(JSON.stringify(mine.body.data)).not.toContain(admin.id);
    expect(JSON.stringify(mine.body.data)).not.toContain('Hélène');

    const theirs = await api(`/appointments/${id}/history`, { token: admin.idToken });
    expect(theirs.status).toBe(200);
    expect(theirs.body.data.map((e: { actor: { label: string } }) => e.actor.label)).toEqual(['Camille Client', 'Hélène Historique', 'Hélène Historique', 'Camille Client']);
    expect(theirs.body.data[1]).toMatchObject({ event: 'confirmed', changedFields: ['assignedAdminId'], actor: { kind: 'admin', id: admin.id, label: 'Hélène Historique' } });
    expect(theirs.body.data[0].actor).toEqual({ kind: 'client', id: client.id, label: 'Camille Client' });

    // Every delivery of these four events again: nothing new is written.
    const delivered = events.filter((e) => e.appointmentId === id);
    expect(delivered).toHaveLength(4);
    for (const detail of delivered) expect(await invokeJob(historyJob, redelivery(detail))).toEqual({ recorded: false });
    expect(await listHistory(id)).toHaveLength(4);
    expect((await api(`/appointments/${id}/history`, { token: client.idToken })).body.data).toHaveLength(4);

    // Another client (and a made-up id) gets the 404 of GET /api/appointments/{id}.
    const stranger = await api(`/appointments/${id}/history`, { token: other.idToken });
    expect(stranger.status).toBe(404);
    expect(stranger.body).toEqual({ success: false, error: 'Appointment not found' });
    expect((await api(`/appointments/${randomUUID()}/history`, { token: client.idToken })).status).toBe(404);
    expect((await api(`/appointments/${id}/history`)).status).toBe(401);
    expect((await api('/appointments/not-a-uuid/history', { token: client.idToken })).status).toBe(400);
  });

  it('an internal-note edit is in the admins’ history only; the client does not see that anything happened', async () => {
    const created = await api('/admin/appointments', {
      method: 'POST',
      token: admin.idToken,
      json: { action: 'create', clientEmail: client.email, title: 'Suivi', ...requestSlot() },
    });
    expect(created.status).toBe(201);
    const id = created.body.data.id as string;
    await stack.settled();
    await put(id, admin.idToken, { notes: 'VIP: prepare the demo' });
    await put(id, admin.idToken, { title: 'Suivi trimestriel', notes: 'VIP' });

    const adminView = (await api(`/appointments/${id}/history`, { token: admin.idToken })).body.data;
    expect(adminView.map((e: { event: string; changedFields: string[] }) => [e.event, e.changedFields])).toEqual([
      ['created', []],
      ['edited', ['notes']],
      ['edited', ['notes', 'title']],
    ]);
    const clientView = (await api(`/appointments/${id}/history`, { token: client.idToken })).body.data;
    expect(clientView.map((e: { event: string; changedFields: string[] }) => [e.event, e.changedFields])).toEqual([
      ['created', []],
      ['edited', ['title']],
    ]);
    expect(clientView[0].actor).toEqual({ kind: 'team', label: 'L’équipe' });
    expect(JSON.stringify(clientView)).not.toContain('notes');
  });

  it('an appointment from before the history existed shows its creation, derived from the appointment', async () => {
    const created = await api('/appointments', { method: 'POST', token: client.idToken, json: { title: 'Ancien', ...requestSlot() } });
    const id = created.body.data.id as string;
    await stack.settled();
    // As if the job had never run for it.
    const { db } = await import('../../shared/db/service.ts');
    for (const record of await listHistory(id)) await db().entities.appointmentHistory.delete(record).go();
    const view = (await api(`/appointments/${id}/history`, { token: admin.idToken })).body.data;
    expect(view).toEqual([
      { occurredAt: created.body.data.createdAt, version: 1, change: 'created', event: 'created', statusAfter: 'pending', changedFields: [], actor: { kind: 'client', id: client.id, label: 'Camille Client' }, inferred: true },
    ]);
  });
});

describe('GET /api/admin/admins', () => {
  it('lists every admin (id, name, email) for admins; 403 for clients', async () => {
    const second = await person({ firstName: 'Zoé', lastName: `Zadmin ${randomUUID().slice(0, 4)}` }, { admin: true });
    const client = await registeredUser(stack.url);
    const listed = await api('/admin/admins', { token: second.idToken });
    expect(listed.status).toBe(200);
    const admins = listed.body.data as Array<{ id: string; name: string; email: string }>;
    expect(admins).toContainEqual({ id: second.id, name: expect.stringMatching(/^Zoé Zadmin /), email: second.email });
    expect(admins).toContainEqual(expect.objectContaining({ name: 'Alice Martin', email: 'admin@example.com' }));
    expect(admins.every((a) => Object.keys(a).sort().join() === 'email,id,name')).toBe(true);
    expect(admins.some((a) => a.email === client.email)).toBe(false);
    const names = admins.map((a) => a.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en')));
    expect((await api('/admin/admins', { token: client.idToken })).status).toBe(403);
  });

  it("an admin confirms a pending request and assigns it to another admin through PUT /api/appointments/{id}", async () => {
    const [assigner, assignee] = await Promise.all([person({ firstName: 'Ana' }, { admin: true }), person({ firstName: 'Bruno' }, { admin: true })]);
    const client = await registeredUser(stack.url);
    const created = await api('/appointments', { method: 'POST', token: client.idToken, json: { title: 'À assigner', ...requestSlot() } });
    const id = created.body.data.id as string;
    const confirmed = await put(id, assigner.idToken, { status: 'confirmed', assignedAdminId: assignee.id, version: created.body.data.version });
    expect(confirmed).toMatchObject({ status: 'confirmed', assignedAdminId: assignee.id });
    const history = (await api(`/appointments/${id}/history`, { token: assigner.idToken })).body.data;
    expect(history.at(-1)).toMatchObject({ event: 'confirmed', changedFields: ['assignedAdminId'], actor: { id: assigner.id, label: 'Ana' } });
  });
});
