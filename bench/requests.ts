/**
 * `npx tsx bench/requests.ts`: the DynamoDB requests one call of each main route makes, on the
 * local runtime (demo data), counted with an SDK middleware on the process's one client
 * (bench/dynamodb-requests.ts), next to that route's row of docs/ACCESS_PATTERNS.md ("Requests
 * per route", quoted as it stands). Each case also names what the row says for the case it
 * exercises (the low-level operations, in any order) and a phrase of the row that must still be
 * there: a count that differs is flagged, and a row whose phrase is gone is reported as changed
 * (the expectation is then not checked). Routes that write clean up after themselves.
 * Prints markdown; writes nothing (docs/BENCHMARKS.md belongs to `npm run bench`, which calls
 * requestsReport).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { cognitoClient, signIn } from '../local/cognito-local.ts';
import { DEMO_PASSWORD } from '../local/demo.ts';
import { REGION, ROOT, startGateway, type Emulators } from '../local/runtime.ts';
import { operationsText, operationsWithKeys, recordDynamoDbRequests, sameOperations, type DynamoDbRequest } from './dynamodb-requests.ts';

const DAY = 86_400_000;
const MIDDLEWARE = 'benchRequestsPerRoute';

/** The rows of a markdown table under `## heading` (first cell → second cell), cells as written. */
export function accessPatternRows(markdown: string, heading = 'Requests per route'): Map<string, string> {
  const rows = new Map<string, string>();
  const start = markdown.indexOf(`## ${heading}`);
  if (start < 0) return rows;
  const end = markdown.indexOf('\n## ', start + 3);
  for (const line of markdown.slice(start, end < 0 ? undefined : end).split('\n')) {
    const cells = line.trim().match(/^\|(.*)\|$/)?.[1]?.split(/(?<!\\)\|/).map((c) => c.trim());
    if (!cells || cells.length < 2 || /^-+$/.test(cells[0]!) || cells[0] === 'route') continue;
    rows.set(cells[0]!, cells.slice(1).join(' | '));
  }
  return rows;
}

interface Case {
  /** What this call is, shown in the table. */
  call: string;
  /** The first cell of the route's row in docs/ACCESS_PATTERNS.md, as written. */
  row: string;
  /** Operations the row gives for this case (any order), and a phrase of the row they rest on. */
  expected?: { operations: string[]; phrase: string; note?: string };
  run: () => Promise<Response>;
  /** A route without sign-in: no standing read of the caller (every other call starts with it). */
  public?: true;
  /** 2xx unless said otherwise. */
  status?: number;
}

export interface RequestsSummary {
  routes: number;
  calls: number;
  checked: number;
  differing: Array<{ call: string; measured: string; expected: string }>;
  /** Rows whose phrase is gone (doc changed) or that are missing. */
  unchecked: string[];
}

export async function requestsReport(emulators: Emulators): Promise<{ markdown: string; summary: RequestsSummary }> {
  const doc = readFileSync(path.join(ROOT, 'docs', 'ACCESS_PATTERNS.md'), 'utf8');
  const rows = accessPatternRows(doc);
  const gateway = await startGateway({ cognitoUrl: emulators.cognitoUrl, pool: emulators.pool, port: 0 });
  const recorder = recordDynamoDbRequests(MIDDLEWARE);
  try {
    const cognito = cognitoClient(emulators.cognitoUrl, REGION);
    const token = async (email: string) => (await signIn(cognito, emulators.pool.userPoolClientId, email, DEMO_PASSWORD)).idToken;
    const [client, jean, admin] = [await token('client@example.com'), await token('jean.dupont@example.com'), await token('admin@example.com')];
    const adminId = emulators.demoUserIds['admin@example.com'];
    const api = (pathAndQuery: string, options: { token?: string; method?: string; json?: unknown } = {}) =>
      fetch(`${gateway.url}${pathAndQuery}`, {
        method: options.method ?? 'GET',
        headers: {
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(options.json !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(options.json !== undefined ? { body: JSON.stringify(options.json) } : {}),
      });
    const json = async (response: Response) => {
      const body = (await response.json()) as { success: boolean; data: any; error?: string };
      if (!response.ok) throw new Error(`HTTP ${response.status}: ${body.error ?? JSON.stringify(body)}`);
      return body.data;
    };
    // Profiles exist (as after sign-up) before anything is counted; modules loaded, JWKS fetched.
    for (const t of [client, jean, admin]) await json(await api('/api/me', { token: t }));

    // Free-form times far ahead (inside the 90-day booking horizon a client's request must keep),
    // a different hour for each, so nothing here overlaps the demo data.
    let nextHour = 0;
    const freeTime = () => {
      const start = new Date(Math.floor((Date.now() + 80 * DAY) / DAY) * DAY + (8 + nextHour++) * 3_600_000);
      return { startTime: start.toISOString(), endTime: new Date(start.getTime() + 3_600_000).toISOString() };
    };
    const products = (await json(await api('/api/products'))) as Array<{ id: string; price: number }>;
    const product = products.find((p) => p.price === 0) ?? products[0]!;
    const week = { from: new Date(Date.now() + 3 * DAY).toISOString(), to: new Date(Date.now() + 10 * DAY).toISOString() };
    const created: string[] = [];
    let clientRequestId = '';
    /** Per admin-list call: whether its page held a product (the products BatchGetItem is "when any"). */
    const pageHadProducts = new Map<string, boolean>();
    const adminList = async (call: string, query: string) => {
      const response = await api(`/api/admin/appointments?${query}`, { token: admin });
      pageHadProducts.set(call, ((await json(response.clone())) as Array<{ product: unknown }>).some((row) => row.product));
      return response;
    };
    /** The slot booking's own requests (its case first reads availability, as the site does). */
    let slotBooking: DynamoDbRequest[] | undefined;

    const cases: Case[] = [
      { call: 'health', row: '`GET /api/health`', public: true, expected: { operations: [], phrase: 'none' }, run: () => api('/api/health') },
      { call: 'a client, profile present', row: '`GET /api/me`', expected: { operations: ['GetItem'], phrase: '1 GetItem (`user.byId`)' }, run: () => api('/api/me', { token: client }) },
      {
        call: 'a client sets `locale` (same value)',
        row: '`PUT /api/me`',
        expected: { operations: ['GetItem', 'UpdateItem'], phrase: 'the `GET /api/me` requests + 1 UpdateItem' },
        run: () => api('/api/me', { method: 'PUT', token: client, json: { locale: 'fr' } }),
      },
      { call: "a client's first page", row: '`GET /api/appointments`', expected: { operations: ['Query'], phrase: '1 Query (`appointment.byOwner`) per page' }, run: () => api('/api/appointments', { token: client }) },
      {
        call: "a client's free-form request",
        row: '`POST /api/appointments`',
        expected: { operations: ['Query', 'BatchGetItem', 'TransactWriteItems', 'DeleteItem'], phrase: "a client's pending request first: 1 Query of their own index" },
        status: 201,
        run: async () => {
          const response = await api('/api/appointments', { method: 'POST', token: client, json: { title: 'Bench: requests per route', ...freeTime() } });
          clientRequestId = (await json(response.clone())).id;
          return response;
        },
      },
      { call: 'its owner', row: '`GET /api/appointments/{id}`', expected: { operations: ['GetItem'], phrase: '1 GetItem' }, run: () => api(`/api/appointments/${clientRequestId}`, { token: client }) },
      {
        call: 'its owner',
        row: '`GET /api/appointments/{id}/history`',
        expected: { operations: ['GetItem', 'Query'], phrase: '1 GetItem (`appointment.byId`: owner or admin, else 404) and 1 Query' },
        run: () => api(`/api/appointments/${clientRequestId}/history`, { token: client }),
      },
      {
        call: 'its owner changes the title',
        row: '`PUT /api/appointments/{id}`',
        expected: { operations: ['GetItem', 'BatchGetItem', 'TransactWriteItems', 'DeleteItem'], phrase: '1 GetItem, 1 BatchGetItem, 1 TransactWriteItems', note: '+ the outbox DeleteItem, per the note above the table' },
        run: () => api(`/api/appointments/${clientRequestId}`, { method: 'PUT', token: client, json: { title: 'Bench: requests per route (renamed)' } }),
      },
      {
        call: 'its owner deletes the pending request',
        row: '`DELETE /api/appointments/{id}`',
        expected: { operations: ['GetItem', 'BatchGetItem', 'TransactWriteItems', 'DeleteItem'], phrase: '1 GetItem, 1 BatchGetItem, 1 TransactWriteItems', note: '+ the outbox DeleteItem' },
        run: () => api(`/api/appointments/${clientRequestId}`, { method: 'DELETE', token: client }),
      },
      {
        call: 'a slot booking (`productId`) by a client',
        row: '`POST /api/appointments` with `productId` (slot booking)',
        expected: { operations: ['Query', 'Query', 'Query', 'Query', 'BatchGetItem', 'TransactWriteItems', 'DeleteItem'], phrase: "7: the 3 Queries of `GET /api/availability` (for one start: appointments and busy time of ≈ 29 h) in parallel, the client's open-request Query" },
        status: 201,
        run: async () => {
          const { slots } = (await json(await api(`/api/availability?${new URLSearchParams({ ...week, productId: product.id })}`))) as { slots: Array<{ startTime: string; adminId: string }> };
          if (!slots.length) throw new Error('no offered slot to book in the demo data');
          // Only the booking itself is counted: the availability read above is the site's, before.
          const { result: response, requests } = await recorder.during(() =>
            api('/api/appointments', { method: 'POST', token: jean, json: { productId: product.id, startTime: slots[0]!.startTime, adminId: slots[0]!.adminId } }),
          );
          slotBooking = requests;
          created.push((await json(response.clone())).id);
          return response;
        },
      },
      {
        call: 'the first page (limit 100)',
        row: '`GET /api/admin/appointments`',
        expected: { operations: ['Query', 'BatchGetItem', 'BatchGetItem'], phrase: '1 BatchGetItem per 100 people on the page', note: 'the demo data names fewer than 100 people' },
        run: () => adminList('the first page (limit 100)', 'limit=100'),
      },
      {
        call: '`assignedAdminId` = the demo admin',
        row: '`GET /api/admin/appointments`',
        expected: { operations: ['Query', 'BatchGetItem', 'BatchGetItem'], phrase: '1 Query (`appointment.byTime`, or `byAdmin` with `assignedAdminId`) per page' },
        run: () => adminList('`assignedAdminId` = the demo admin', `limit=100&assignedAdminId=${adminId}`),
      },
      {
        call: 'an admin asks a registered client',
        row: '`POST /api/admin/appointments` `create`',
        expected: { operations: ['Query', 'BatchGetItem', 'TransactWriteItems', 'DeleteItem'], phrase: '1 Query (`user.byEmail`), 1 BatchGetItem, 1 TransactWriteItems', note: '+ the outbox DeleteItem' },
        status: 201,
        run: async () => {
          const response = await api('/api/admin/appointments', { method: 'POST', token: admin, json: { action: 'create', clientEmail: 'jean.dupont@example.com', title: 'Bench: admin request', ...freeTime() } });
          created.push((await json(response.clone())).id);
          return response;
        },
      },
      {
        call: 'this month',
        row: '`POST /api/admin/appointments` `stats`',
        expected: { operations: ['GetItem'], phrase: '1 GetItem (`monthStats.byMonth`)' },
        run: () => api('/api/admin/appointments', { method: 'POST', token: admin, json: { action: 'stats' } }),
      },
      {
        call: 'the next 7 days (from in 3 days), whole team',
        row: '`GET /api/availability`',
        public: true,
        expected: { operations: ['Query', 'Query', 'Query'], phrase: '3 Queries, in parallel, whatever the range' },
        run: () => api(`/api/availability?${new URLSearchParams(week)}`),
      },
      {
        call: 'the next hour (within the minimum notice)',
        row: '`GET /api/availability`',
        public: true,
        expected: { operations: ['Query'], phrase: 'only the collection Query when the range lies wholly within the minimum notice' },
        run: () => api(`/api/availability?${new URLSearchParams({ from: new Date().toISOString(), to: new Date(Date.now() + 3_600_000).toISOString() })}`),
      },
      { call: 'public list', row: '`GET /api/products`', public: true, expected: { operations: ['Query'], phrase: '1 Query (`product.all`)' }, run: () => api('/api/products') },
      { call: 'admin list', row: '`GET /api/admin/products`', expected: { operations: ['Query'], phrase: '1 Query (`product.all`)' }, run: () => api('/api/admin/products', { token: admin }) },
      { call: 'the demo admin', row: '`GET /api/admin/availability/slots`', expected: { operations: ['Query'], phrase: '1 Query (`appointmentSlot.byOwner`)' }, run: () => api('/api/admin/availability/slots', { token: admin }) },
      { call: 'the demo admin', row: '`GET /api/admin/availability/exceptions`', expected: { operations: ['Query'], phrase: '1 Query (`appointmentException.byOwner`)' }, run: () => api('/api/admin/availability/exceptions', { token: admin }) },
      { call: 'email prefix `jean`', row: '`GET /api/admin/users`', expected: { operations: ['Query'], phrase: '1 Query (`user.byEmail`' }, run: () => api('/api/admin/users?email=jean', { token: admin }) },
      { call: 'every admin', row: '`GET /api/admin/admins`', expected: { operations: ['Query'], phrase: '1 Query (`user.byRole`' }, run: () => api('/api/admin/admins', { token: admin }) },
      {
        call: 'a client writes to support',
        row: '`POST /api/support/tickets`',
        expected: { operations: ['GetItem', 'PutItem'], phrase: "1 GetItem (`user.byId`: the profile's e-mail" },
        status: 201,
        run: () => api('/api/support/tickets', { method: 'POST', token: client, json: { category: 'general', subject: 'Bench ticket', message: 'Counted by bench/requests.ts.' } }),
      },
      { call: 'first page', row: '`GET /api/admin/support/tickets`', expected: { operations: ['Query'], phrase: '1 Query (`supportTicket.byTime`' }, run: () => api('/api/admin/support/tickets', { token: admin }) },
      {
        call: 'a client with under 200 appointments',
        row: '`GET /api/me/export`',
        expected: { operations: ['GetItem', 'Query', 'Query', 'Query'], phrase: 'the `GET /api/me` requests + 1 Query per 200 appointments + 1 Query (`calendarConnection.byOwner`) and 1 Query (`supportTicket.byOwner`)' },
        run: () => api('/api/me/export', { token: client }),
      },
      { call: "the caller's connections", row: '`GET /api/calendar`', expected: { operations: ['Query'], phrase: '1 Query (`calendarConnection.byOwner`)' }, run: () => api('/api/calendar', { token: client }) },
      { call: 'the document', row: '`GET /api/openapi.json`', public: true, expected: { operations: [], phrase: 'none' }, run: () => api('/api/openapi.json') },
    ];

    const results: Array<{ case: Case; requests: DynamoDbRequest[]; status: number }> = [];
    for (const c of cases) {
      slotBooking = undefined;
      const { result: response, requests } = await recorder.during(async () => {
        const r = await c.run();
        await r.arrayBuffer();
        return r;
      });
      const expectedStatus = c.status ?? 200;
      if (response.status !== expectedStatus) throw new Error(`${c.row} (${c.call}): HTTP ${response.status}, expected ${expectedStatus}`);
      results.push({ case: c, requests: slotBooking ?? requests, status: response.status });
    }
    // Clean up (not counted): what the admin and the slot booking created.
    for (const id of created) await json(await api(`/api/appointments/${id}`, { method: 'DELETE', token: admin }));

    const summary: RequestsSummary = { routes: new Set(results.map((r) => r.case.row)).size, calls: results.length, checked: 0, differing: [], unchecked: [] };
    const escape = (text: string) => text.replace(/(?<!\\)\|/g, '\\|');
    const tableRows = results.map(({ case: c, requests }) => {
      const docText = rows.get(c.row);
      const measured = requests.map((r) => r.operation);
      let verdict: string;
      let expected = c.expected?.operations;
      // The products BatchGetItem is "when any": only when the page held a product.
      if (expected && pageHadProducts.get(c.call) === false) expected = expected.slice(0, 2);
      // Every signed-in call first reads the caller's standing (the note above the doc's table).
      if (expected && !c.public) expected = ['GetItem', ...expected];
      if (!docText) {
        verdict = '**no row in the doc**';
        summary.unchecked.push(`${c.row} (no row)`);
      } else if (!c.expected || !expected) {
        verdict = '—';
      } else if (!docText.includes(c.expected.phrase)) {
        verdict = `**row changed**: no longer says “${c.expected.phrase}”; not checked`;
        summary.unchecked.push(`${c.row} (row changed)`);
      } else {
        summary.checked++;
        const expectedText = operationsText(expected.map((operation) => ({ operation })));
        const notes = [c.public ? '' : "+ the caller's standing GetItem", c.expected.note ?? ''].filter(Boolean).join(', ');
        if (sameOperations(measured, expected)) verdict = `as the doc${notes ? `, ${notes}` : ''}`;
        else {
          verdict = `**differs**: the doc gives ${expectedText}${notes ? ` (${notes})` : ''}`;
          summary.differing.push({ call: `${c.row} (${c.call})`, measured: operationsText(requests), expected: expectedText });
        }
      }
      const scanned = requests.filter((r) => r.scanned !== undefined);
      const reads = scanned.length ? `; items read by Queries: ${scanned.map((r) => r.scanned).join(' + ')}` : '';
      return `| ${c.row} | ${c.call} | **${requests.length}**: ${operationsWithKeys(requests)}${reads} | ${verdict} | ${docText ? escape(docText) : '—'} |`;
    });
    const markdown = [
      `One call of each route on the local runtime with the demo data (\`local/seed.ts\`: 3 demo accounts, 2 products, the admin's weekly windows, 9 appointments; in \`npm run bench\`, plus what the earlier sections left), ` +
        `through the local gateway to the real handlers; the DynamoDB requests it made are counted with an SDK middleware on the process's one client (bench/dynamodb-requests.ts, ` +
        `as test/helpers/request-counter.ts does; one per command sent, SDK retries aside). "The doc" is that route's row of docs/ACCESS_PATTERNS.md ("Requests per route"), quoted ` +
        `as it stands; the check compares the operations (in any order: some run in parallel) with what the row gives for the case exercised, and is skipped (“row changed”) when ` +
        `the row no longer says what the expectation rests on. Writes are cleaned up. Alone: \`npx tsx bench/requests.ts\` (prints, writes nothing).`,
      '',
      '| route (row of the doc) | call | DynamoDB requests measured | check | docs/ACCESS_PATTERNS.md says |',
      '|---|---|---|---|---|',
      ...tableRows,
      '',
      summary.differing.length
        ? `**${summary.differing.length} of ${summary.checked} checked calls differ from the doc**: ${summary.differing.map((d) => `${d.call}: measured ${d.measured}, the doc ${d.expected}`).join('; ')}.`
        : `Every one of the ${summary.checked} checked calls makes the requests the doc gives.`,
      ...(summary.unchecked.length ? ['', `Not checked: ${summary.unchecked.join(', ')}.`] : []),
    ].join('\n');
    return { markdown, summary };
  } finally {
    recorder.stop();
    gateway.server.closeAllConnections();
    gateway.server.close();
  }
}

/** Alone: `npx tsx bench/requests.ts` (own emulators, demo data; prints, writes nothing). */
if (import.meta.url === `file://${process.argv[1]}`) {
  const { startEmulators, handlerEnvironment, useEnvironment } = await import('../local/runtime.ts');
  const { seedDemoData } = await import('../local/seed.ts');
  const emulators = await startEmulators({ tableName: 'booking-bench-requests' });
  try {
    useEnvironment(handlerEnvironment(emulators, 'local'));
    await seedDemoData(emulators.demoUserIds);
    const { markdown, summary } = await requestsReport(emulators);
    console.log(markdown);
    console.log(summary);
  } finally {
    await emulators.stop();
  }
  process.exit(0);
}
