import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One entry of a PutEvents call, as EventBridge receives it. */
export interface PutEventsEntry {
  EventBusName: string;
  Source: string;
  DetailType: string;
  Detail: string;
}

/**
 * A local stand-in for Amazon EventBridge's PutEvents (the one call this product makes), on
 * 127.0.0.1, following its JSON 1.1 protocol: `X-Amz-Target: AWSEvents.PutEvents`, a
 * `{ FailedEntryCount, Entries: [{ EventId } | { ErrorCode, ErrorMessage }] }` answer, and
 * `{ __type, message }` errors with their HTTP status. Knobs make it fail the ways the service
 * can: down (500 InternalException, which the SDK retries) or taking the call while refusing an
 * entry (200 with FailedEntryCount, which it does not).
 */
export async function startFakeEventBridge() {
  const accepted: PutEventsEntry[] = [];
  let mode: 'up' | 'down' | 'refusing' = 'up';
  let calls = 0;
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      calls++;
      const answer = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID(), ...headers });
        response.end(JSON.stringify(payload));
      };
      if (request.method !== 'POST' || request.headers['x-amz-target'] !== 'AWSEvents.PutEvents') {
        return answer(400, { __type: 'UnknownOperationException', message: `Unknown operation ${request.headers['x-amz-target']}` });
      }
      if (mode === 'down') {
        return answer(500, { __type: 'InternalException', message: 'Internal service error' }, { 'x-amzn-errortype': 'InternalException' });
      }
      const { Entries } = JSON.parse(body) as { Entries: PutEventsEntry[] };
      if (mode === 'refusing') {
        return answer(200, { FailedEntryCount: Entries.length, Entries: Entries.map(() => ({ ErrorCode: 'InternalFailure', ErrorMessage: 'Failed to put the event' })) });
      }
      accepted.push(...Entries);
      return answer(200, { FailedEntryCount: 0, Entries: Entries.map(() => ({ EventId: randomUUID() })) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    /** Entries the bus took, in the order it took them. */
    accepted,
    /** HTTP calls received (the SDK's retries each count). */
    calls: () => calls,
    set(next: 'up' | 'down' | 'refusing') {
      mode = next;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
