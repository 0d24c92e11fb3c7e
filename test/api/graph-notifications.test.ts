import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { putPushChannel } from '../../shared/db/connections.ts';
import { logger } from '../../shared/logger.ts';
import { countDynamoDbRequests } from '../helpers/request-counter.ts';
import { call, startTestStack, type TestStack } from '../helpers/stack.ts';

/**
 * POST /api/calendar/notifications/microsoft is public: anyone can send it a batch of made-up
 * subscription ids. Whatever the batch, the route reads the subscriptions in one BatchGetItem,
 * looks at no more than MAX_GRAPH_NOTIFICATIONS of them, and writes one log line.
 */

let stack: TestStack;
let requestsOf: ReturnType<typeof countDynamoDbRequests>;
beforeAll(async () => {
  stack = await startTestStack();
  requestsOf = countDynamoDbRequests();
});
afterAll(() => stack.stop());

const notify = (value: unknown[]) => call(`${stack.url}/api/calendar/notifications/microsoft`, { method: 'POST', json: { value } });
const notification = (subscriptionId: string, clientState = 'whatever') => ({ subscriptionId, clientState, changeType: 'updated', resource: 'me/events/x' });

/** Every call of the logger's line-writing methods during `action`. */
async function logLinesDuring(action: () => Promise<unknown>) {
  const spies = (['debug', 'info', 'warn', 'error'] as const).map((level) => vi.spyOn(logger, level));
  try {
    await action();
    return spies.flatMap((spy) => spy.mock.calls);
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

describe('Graph change notifications', () => {
  it('1,000 unknown subscription ids: a quick 202, one BatchGetItem, one log line', async () => {
    const batch = Array.from({ length: 1000 }, () => notification(randomUUID()));
    let result: Awaited<ReturnType<typeof notify>> | undefined;
    let requests: string[] = [];
    const lines = await logLinesDuring(async () => {
      requests = await requestsOf(async () => {
        result = await notify(batch);
      });
    });
    // Graph retries anything but a 2xx: the excess is acknowledged and left to the scheduled sync.
    expect(result!.status).toBe(202);
    expect(requests).toEqual(['BatchGetItem']);
    expect(lines).toHaveLength(1);
    expect(lines[0]![1]).toMatchObject({ received: 1000, checked: 100, leftToScheduledSync: 900, unknown_channel: 100 });
    // Graph wants the answer within 3 s: what keeps it quick is that one read of at most 100 keys
    // (above), not a stopwatch here, which a loaded machine can push past any figure.
  });

  it('checks each subscription it reads: a known one with its clientState, a wrong clientState, an unknown one', async () => {
    const secret = 'the-client-state';
    const [known, other] = [randomUUID(), randomUUID()];
    for (const channelId of [known, other]) {
      await putPushChannel({
        channelId,
        provider: 'microsoft',
        userId: randomUUID(),
        // No such connection: a notification that passes the checks finds nothing to sync.
        connectionId: randomUUID(),
        resourceId: 'me/events',
        secretHash: createHash('sha256').update(secret).digest().toString('base64url'),
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      });
    }
    let result: Awaited<ReturnType<typeof notify>> | undefined;
    const lines = await logLinesDuring(async () => {
      result = await notify([notification(known, secret), notification(known, secret), notification(other, 'guessed'), notification(randomUUID())]);
    });
    expect(result!.status).toBe(202);
    expect(lines).toHaveLength(1);
    // The same subscription twice in a batch is checked once.
    expect(lines[0]![1]).toMatchObject({ received: 4, checked: 3, leftToScheduledSync: 0, inactive: 1, bad_secret: 1, unknown_channel: 1 });
  });
});
