import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler as relayJob } from '../../functions/events/relay-appointment-events.ts';
import { getAppointment } from '../../shared/db/appointments.ts';
import { db } from '../../shared/db/service.ts';
import { RELAY_AFTER_MS } from '../../shared/events/publisher.ts';
import { useEnvironment } from '../../local/runtime.ts';
import { resetConfig } from '../../shared/config.ts';
import { startFakeEventBridge } from '../helpers/fake-eventbridge.ts';
import { requestSlot, registeredUser } from '../helpers/fixtures.ts';
import { call, startTestStack, type TestStack } from '../helpers/stack.ts';

/**
 * Issue 3's "every change publishes AppointmentChanged", made durable: the event is written in
 * the change's own transaction (the outbox) and published after it committed. Here the handlers
 * publish to EventBridge as in AWS, through the real SDK client, to a local EventBridge that can
 * go down; the relay job publishes what the bus refused.
 */
const BUS = 'booking-outbox-test';
let bus: Awaited<ReturnType<typeof startFakeEventBridge>>;
let stack: TestStack;
let client: Awaited<ReturnType<typeof registeredUser>>;

beforeAll(async () => {
  bus = await startFakeEventBridge();
  // The SDK's service-specific endpoint variable points the real EventBridge client at the fake.
  useEnvironment({ EVENT_BUS_NAME: BUS, AWS_ENDPOINT_URL_EVENTBRIDGE: bus.url });
  stack = await startTestStack();
  client = await registeredUser(stack.url);
});
afterAll(async () => {
  await stack?.stop();
  await bus?.stop();
  // The worker process may run other files next: they publish in process again.
  delete process.env.EVENT_BUS_NAME;
  delete process.env.AWS_ENDPOINT_URL_EVENTBRIDGE;
  resetConfig();
});

const api = (path: string, init: Parameters<typeof call>[1] = {}) => call(`${stack.url}/api${path}`, init);
const eventsFor = (id: string) =>
  bus.accepted.filter((entry) => JSON.parse(entry.Detail).appointmentId === id).map((entry) => ({ ...entry, detail: JSON.parse(entry.Detail) }));
async function outboxFor(id: string) {
  const { data } = await db().entities.pendingEvent.query.byTime({}).go({ pages: 'all' });
  return data.filter((item) => item.appointmentId === id);
}
/** The relay job as the scheduler runs it, a minute and more after `id`'s change was made. */
async function runRelayLater() {
  vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + RELAY_AFTER_MS + 1_000 });
  try {
    return await relayJob(undefined, {} as never);
  } finally {
    vi.useRealTimers();
  }
}

describe('AppointmentChanged through the outbox', () => {
  it('publishes each change to the bus once, and leaves nothing in the outbox', async () => {
    const created = await api('/appointments', { method: 'POST', token: client.idToken, json: { title: 'Bilan', ...requestSlot() } });
    expect(created.status).toBe(201);
    const id = created.body.data.id as string;
    const cancelled = await api(`/appointments/${id}`, { method: 'PUT', token: client.idToken, json: { status: 'cancelled' } });
    expect(cancelled.status).toBe(200);

    const events = eventsFor(id);
    expect(events.map((e) => [e.EventBusName, e.Source, e.DetailType, e.detail.change, e.detail.after?.status])).toEqual([
      [BUS, 'booking.appointments', 'AppointmentChanged', 'created', 'pending'],
      [BUS, 'booking.appointments', 'AppointmentChanged', 'updated', 'cancelled'],
    ]);
    expect(events[1]!.detail.before.status).toBe('pending');
    expect(await outboxFor(id)).toEqual([]);
  });

  it('keeps a change whose event the bus refused, and the relay publishes it exactly once when the bus is back', async () => {
    bus.set('down');
    const created = await api('/appointments', { method: 'POST', token: client.idToken, json: { title: 'Pendant la panne', ...requestSlot() } });
    // The booking stands: the bus being down is not the client's problem.
    expect(created.status).toBe(201);
    const id = created.body.data.id as string;
    expect((await getAppointment(id))?.title).toBe('Pendant la panne');
    expect(eventsFor(id)).toEqual([]);
    const [pending] = await outboxFor(id);
    expect(JSON.parse(pending!.detail)).toMatchObject({ change: 'created', appointmentId: id, after: { id, status: 'pending', version: 1 } });

    // Too early for the relay: the writer may still be publishing it.
    bus.set('up');
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 5_000 });
    try {
      expect(await relayJob(undefined, {} as never)).toMatchObject({ published: 0 });
    } finally {
      vi.useRealTimers();
    }

    // Still down a minute later: the run fails (alarm) and the event stays.
    bus.set('down');
    await expect(runRelayLater()).rejects.toThrow(/still not published/);
    expect(await outboxFor(id)).toHaveLength(1);

    bus.set('up');
    expect((await runRelayLater()).published).toBeGreaterThanOrEqual(1);
    expect(eventsFor(id).map((e) => [e.detail.change, e.detail.occurredAt])).toEqual([['created', JSON.parse(pending!.detail).occurredAt]]);
    expect(await outboxFor(id)).toEqual([]);
    // A later run has nothing left to send.
    await runRelayLater();
    expect(eventsFor(id)).toHaveLength(1);
  });

  it('treats an entry the bus took the call for but refused (FailedEntryCount) as not published', async () => {
    bus.set('refusing');
    const created = await api('/appointments', { method: 'POST', token: client.idToken, json: { title: 'Refusé', ...requestSlot() } });
    expect(created.status).toBe(201);
    const id = created.body.data.id as string;
    expect(await outboxFor(id)).toHaveLength(1);
    bus.set('up');
    await runRelayLater();
    expect(eventsFor(id)).toHaveLength(1);
    expect(await outboxFor(id)).toEqual([]);
  });
});
