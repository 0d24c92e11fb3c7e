import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../shared/db/service.ts';
import { demoTokens, registeredUser } from '../helpers/fixtures.ts';
import { FUZZ_SEED, FUZZ_TOTAL, fuzzFieldNames, fuzzPlan } from '../helpers/fuzz-plan.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

/**
 * Property-based fuzzing of every route's input, generated from the route manifest: thousands of
 * malformed bodies, queries and ids must each get a 4xx with a clear message (never a 5xx), and a
 * rejected request must not change the table.
 */
let stack: TestStack;
let tokens: Awaited<ReturnType<typeof demoTokens>>;
let fuzzer: { id: string; idToken: string };

beforeAll(async () => {
  stack = await startTestStack();
  tokens = await demoTokens();
  fuzzer = await registeredUser(stack.url);
});
afterAll(() => stack.stop());

/** Everything the fuzzing user owns, to prove rejected requests wrote nothing. */
async function ownedState() {
  const { data } = await db().entities.appointment.query.byOwner({ userId: fuzzer.id }).go({ pages: 'all' });
  return JSON.stringify(data.map((a) => [a.id, a.version]).sort());
}

const junk = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant('2026-13-45T99:99:99Z'),
  fc.constant('<script>alert(1)</script>'),
  fc.constant("' OR 1=1 --"),
  fc.constant('../../etc/passwd'),
  fc.constant('\u0000\uFFFF'),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
);
// Every field name the manifest's request schemas declare (test/helpers/fuzz-plan.ts).
const fieldNames = fc.constantFrom(...fuzzFieldNames());
const body = fc.oneof(
  fc.dictionary(fieldNames, junk, { maxKeys: 6 }).map((o) => JSON.stringify(o)),
  fc.string({ maxLength: 60 }),
  junk.map((v) => JSON.stringify(v)),
);
const query = fc.dictionary(fieldNames, fc.string({ maxLength: 30 }), { maxKeys: 4 });
const idSegment = fc.oneof(fc.uuid(), fc.string({ minLength: 1, maxLength: 20 }).map(encodeURIComponent));

// Routes that take no input only answer their one request: fuzzing them proves nothing (the plan
// leaves them out; `npm run bench` reports the same count in docs/BENCHMARKS.md).
const { targets, runsPerRoute: RUNS_PER_ROUTE } = fuzzPlan();

describe(`fuzzing ${targets.length} routes × ${RUNS_PER_ROUTE} inputs`, () => {
  it('answers every malformed request with a clear 4xx and writes nothing', { timeout: 600_000 }, async () => {
    const before = await ownedState();
    let tried = 0;
    const accepted: string[] = [];
    for (const route of targets) {
      const token = route.access === 'admin' ? tokens.admin : fuzzer.idToken;
      await fc.assert(
        fc.asyncProperty(body, query, idSegment, async (rawBody, params, id) => {
          const url = new URL(`${stack.url}${route.path.replace('{id}', id)}`);
          for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
          const withBody = route.method !== 'GET';
          const response = await fetch(url, {
            method: route.method,
            headers: { authorization: `Bearer ${token}`, ...(withBody ? { 'content-type': 'application/json' } : {}) },
            body: withBody ? rawBody : undefined,
          });
          tried++;
          const text = await response.text();
          if (response.status >= 500) throw new Error(`${route.key} ${url.search} ${rawBody} → ${response.status} ${text}`);
          if (response.status < 400) {
            accepted.push(route.key);
            return;
          }
          const payload = JSON.parse(text);
          // The Lago webhook's 401 comes from its signature check; API Gateway's own answers use `message`.
          expect(typeof (payload.error ?? payload.message), `${route.key} → ${text}`).toBe('string');
        }),
        { numRuns: RUNS_PER_ROUTE, seed: FUZZ_SEED },
      );
    }
    expect(tried).toBe(targets.length * RUNS_PER_ROUTE);
    expect(tried).toBeGreaterThanOrEqual(FUZZ_TOTAL);
    // Only reads (and the webhook acknowledging unknown events) may succeed on junk; no write did.
    expect(accepted.filter((key) => !key.startsWith('GET ') && key !== 'POST /api/lago-webhook')).toEqual([]);
    expect(await ownedState()).toBe(before);
  });
});
