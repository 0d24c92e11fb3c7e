/**
 * The summary at the top of docs/BENCHMARKS.md: the load held in this run (bench/load.ts), the
 * function bundles' sizes and cold imports (bench/functions.ts), the bad
 * inputs the fuzz test generates (its own plan, test/helpers/fuzz-plan.ts) and the fault tests of
 * the repo, found in the test files by their titles, so a renamed or removed one shows here.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../local/runtime.ts';
import { FILTERED_READ_BUDGET } from '../shared/db/appointments.ts';
import { FUZZ_SEED, fuzzPlan } from '../test/helpers/fuzz-plan.ts';
import { FIRST_LOAD_ROUTES } from './pages.ts';
import { EMAIL_SIZE_TARGET_KB, MEDIAN_RATIO_TARGET, MEDIAN_SIZE_TARGET_KB, SIZE_TARGET_KB, WORST_RATIO_TARGET, type FunctionsSummary, type RatioSummary } from './functions.ts';
import { CONNECTIONS, DURATION_SECONDS, P99_TARGET, type LoadSummary } from './load.ts';
import type { GrowthSummary } from './growth.ts';
import type { RequestsSummary } from './requests.ts';

/** The titles of the tests (`it`, `test`, `it.each(…)`) in a file, in order. */
export function testTitles(file: string): string[] {
  const source = readFileSync(path.join(ROOT, file), 'utf8');
  const titles: string[] = [];
  const pattern = /\b(?:it|test)(?:\.each\(\[[\s\S]*?\]\)(?:\s*as\s+const)?)?\(\s*(['"`])((?:(?!\1)[^\\]|\\.)*)\1/g;
  for (const match of source.matchAll(pattern)) titles.push(match[2]!.replace(/\\(.)/g, '$1'));
  return titles;
}

/** Where each kind of fault is injected, and which of a file's tests inject it. */
const FAULTS: Array<{ fault: string; file: string; titles: RegExp; checks: string }> = [
  {
    fault: 'DynamoDB throttling (ProvisionedThroughputExceeded, Throttling; a transaction cancelled for throttling)',
    file: 'test/api/resilience.test.ts',
    titles: /throttl/i,
    checks: 'a short throttle is absorbed by the SDK retries; a lasting one is a 503 with Retry-After, never a 500; no appointment or schedule-day hold half-written',
  },
  {
    fault: '100 parallel bookings of one slot (capacity 3)',
    file: 'test/api/resilience.test.ts',
    titles: /parallel bookings/i,
    checks: 'exactly 3 × 201 and 97 × 409; 3 appointments stored, their holds and no others',
  },
  {
    fault: 'Lago (billing) down, slow, refusing the key',
    file: 'test/api/payments.test.ts',
    titles: /Lago (down|too slow)|wrong API key|two parallel pays/i,
    checks: 'a clear 502, nothing stored; a timed-out invoice call is found again, never made twice',
  },
  {
    fault: 'Lago client failure policy',
    file: 'test/billing/lago-client.test.ts',
    titles: /retries|never repeats|timeout|unreachable/i,
    checks: 'reads retried with backoff, invoice creation never repeated, bounded waits',
  },
  {
    fault: 'Calendar providers (Google, Microsoft): rate limits, outages, lost sync tokens, revoked grants',
    file: 'test/api/calendar.test.ts',
    titles: /429|5\d\d|410|time(s)? ?out|revoked|invalid_grant|expired access token|outage|failed|unreachable/i,
    checks: 'waits and retries where safe, marks the connection (error, needs_reauth) instead of losing data, repairs on the next run without duplicates',
  },
  {
    fault: 'KMS errors',
    file: 'shared/crypto/envelope.test.ts',
    titles: /KMS|tampered/,
    checks: 'a refused or tampered data key is a TokenDecryptError; other KMS failures pass through unchanged',
  },
];

export function summaryReport(load: LoadSummary, functions?: FunctionsSummary, extra: { growth?: GrowthSummary; requests?: RequestsSummary } = {}): string {
  const fuzz = fuzzPlan();
  const found = FAULTS.map((entry) => ({ ...entry, tests: testTitles(entry.file).filter((title) => entry.titles.test(title)) }));
  const faultTests = found.reduce((sum, f) => sum + f.tests.length, 0);
  const n = (value: number) => value.toLocaleString('en-US');
  const held = load.failures === 0 && load.serverErrors === 0;
  const rows = [
    `| load held (this run) | ${n(load.requests)} requests, ${CONNECTIONS} concurrent clients, ${DURATION_SECONDS} s per route over ${load.routes} routes + health; ${held ? 'no error, no 5xx' : `**${n(load.failures)} failed, ${n(load.serverErrors)} 5xx**`}; worst p99 ${load.worst.ratio.toFixed(1)}× health (\`${load.worst.route}\`; target ≤ ${P99_TARGET}×: ${load.worst.ratio <= P99_TARGET ? 'met' : '**not met** locally, see below'}) | "API under load" below |`,
    `| nothing lost (this run) | ${n(load.created)} creates answered 201: ${load.lost === 0 ? 'every one stored with its schedule-day hold' : `**${n(load.lost)} missing or without hold**`}; ${n(load.stored)} stored in all (the rest were in flight when a run stopped), ${load.orphanHolds === 0 ? 'no orphan hold' : `**${n(load.orphanHolds)} orphan holds**`} | bench/load.ts |`,
    `| bad inputs tried | ${n(fuzz.inputs)} generated (${fuzz.targets.length} routes × ${fuzz.runsPerRoute}, fast-check seed ${FUZZ_SEED}): each a 4xx with a message, never a 5xx, nothing written | test/api/fuzz.test.ts, in \`npm test\` |`,
    ...(functions ? [functionsRow(functions)] : []),
    ...(extra.growth ? [growthRow(extra.growth)] : []),
    ...(extra.requests ? [requestsRow(extra.requests)] : []),
    `| faults survived | ${faultTests} tests over ${found.length} kinds of fault and race (below), each checking that nothing is lost or half-written | in \`npm test\` |`,
  ];
  const faultRows = found.map(
    (f) => `| ${f.fault} | ${f.checks} | \`${f.file}\`: ${f.tests.length ? f.tests.map((t) => `“${t}”`).join('; ') : '**no test found**'} |`,
  );
  return [
    '| what | figure | where |',
    '|---|---|---|',
    ...rows,
    '',
    'The fault tests (found by title in the test files when this report was made; `npm test` runs them, so CI fails if one does):',
    '',
    '| fault | what the tests check | tests |',
    '|---|---|---|',
    ...faultRows,
  ].join('\n');
}

/** Issue 20's function targets in one line: bundle sizes, and median and worst ratios to the bare handler. */
function functionsRow(f: FunctionsSummary): string {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
  const size =
    `median ${kb(f.medianBytes)} (target ≤ ${MEDIAN_SIZE_TARGET_KB} KB), largest ${kb(f.largest.bytes)} (\`${f.largest.name}\`, target ≤ ${f.largest.targetKb} KB); ` +
    `${f.overSize === 0 ? 'every bundle within its size target' : `**${f.overSize} over their size target**`} (≤ ${SIZE_TARGET_KB} KB, the e-mail jobs ≤ ${EMAIL_SIZE_TARGET_KB} KB)`;
  const ratio = (what: string, r: RatioSummary) => `${what} median ${r.median.toFixed(2)}×, worst ${r.worst.ratio.toFixed(2)}× (\`${r.worst.name}\`)`;
  const ratios = [
    ratio('cold import, wall clock:', f.importWall),
    ratio('CPU time:', f.importCpu),
    ratio('import + first call, wall clock:', f.firstWall),
    ratio('CPU time:', f.firstCpu),
  ].join('; ');
  const floor = [ratio('cold import, wall clock:', f.floor.importWall), ratio('import + first call, wall clock:', f.floor.firstWall)].join('; ');
  const mostPerPage = Math.max(...Object.values(FIRST_LOAD_ROUTES).map((routes) => routes.length));
  return [
    `| function bundles (this run) | ${f.count} functions: ${size}; to the bare DynamoDB handler, ${ratios}; target median ≤ ${MEDIAN_RATIO_TARGET}×, worst ≤ ${WORST_RATIO_TARGET}×: ${f.ratiosMet ? 'met' : '**not met**'}. To the same handler loading the clients through require as the functions do (not a target): ${floor} | "Function bundles and cold import" below |`,
    `| functions per page | at most ${mostPerPage} on any page's first load (${Object.keys(FIRST_LOAD_ROUTES).length} pages; target ≤ 2: ${mostPerPage <= 2 ? 'met' : '**not met**'}), called at once; checked in Chromium by test/browser/first-load.test.ts | "Functions per page" below |`,
  ].join('\n');
}

/** Issue 10's "how cost grows" in one line: list pages and stats, largest size ÷ smallest. */
function growthRow(g: GrowthSummary): string {
  const size = (value: number) => (value >= 1000 ? `${value / 1000}k` : String(value));
  const [small, large] = [size(g.sizes[0]!), size(g.sizes[g.sizes.length - 1]!)];
  const counts = new Map<string, number>();
  for (const op of g.statsOperations) counts.set(op, (counts.get(op) ?? 0) + 1);
  const ops = counts.size ? [...counts].map(([op, count]) => `${count} ${op}`).join(', ') : 'no request';
  return (
    `| cost growth (this run) | admin list first page ${large}/${small} = ${g.firstPageRatio.toFixed(2)}×, page 20 = ${g.deepPageRatio.toFixed(2)}× (medians; worst call measured ${g.worst.ratio.toFixed(2)}×: ${g.worst.name}), unfiltered 1 Query of 100 items per page at any size, filtered at most ${FILTERED_READ_BUDGET.toLocaleString('en-US')} items read per page (up to ${g.listRequestsMax} requests per page with the caller's standing and the people's BatchGetItems, as docs/ACCESS_PATTERNS.md counts them); ` +
    `stats = ${ops} at any size, the caller's standing included (${g.statsRatio.toFixed(2)}×), ${g.statsCorrect ? `figures equal the seeded ones over ${g.monthsChecked} months` : '**figures differ from the seeded ones**'} | "How cost grows" below |`
  );
}

/** The requests-per-route check in one line. */
function requestsRow(r: RequestsSummary): string {
  const verdict = r.differing.length
    ? `**${r.differing.length} differ from docs/ACCESS_PATTERNS.md**: ${r.differing.map((d) => d.call).join('; ')}`
    : 'every checked call as docs/ACCESS_PATTERNS.md says';
  return `| DynamoDB requests per route (this run) | ${r.calls} calls over ${r.routes} routes counted with an SDK middleware, ${r.checked} checked against their row: ${verdict}${r.unchecked.length ? `; not checked: ${r.unchecked.length}` : ''} | "DynamoDB requests per route" below |`;
}
