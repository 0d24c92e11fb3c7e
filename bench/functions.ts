/**
 * Issue 10's function targets: each route's and job's bundle as CDK builds it (minified size,
 * gzip), and the time Node takes to import it cold, as a ratio to a bare handler built the same way
 * that imports only the DynamoDB client. Alone: `npx tsx bench/functions.ts` (prints, writes
 * nothing). Each bundle is imported cold twice, and a third time when the two differ by more than
 * SPREAD (the median then leaves the outlier out): 100 to 150 fresh processes, one at a time.
 */
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { listJobs, listRoutes } from '../functions/routes.ts';
import { FUNCTION_BUNDLING, FUNCTION_ENVIRONMENT, PRODUCTION_ALIASES } from '../infra/constructs/bundling.ts';

/** Issue 10: bundles ≤ 300 KB (calendar and payment ≤ 500 KB); cold import ≤ 1.3× the bare handler. */
export const SIZE_TARGET_KB = 300;
export const LARGER_SIZE_TARGET_KB = 500;
export const IMPORT_RATIO_TARGET = 1.3;
const ROOT = path.resolve(import.meta.dirname, '..');
/** Cold imports of each bundle; a third for a bundle whose two differ by more than SPREAD. */
const ROUNDS = 2;
export const SPREAD = 0.3;

/**
 * Bundles are written inside the repository's node_modules, so that their imports of the AWS SDK
 * (left out of the bundle, as the Lambda runtime provides it) resolve to node_modules/@aws-sdk as
 * they resolve to the runtime's copy in AWS.
 */
const OUT_DIR = path.join(ROOT, 'node_modules', '.cache', 'bench-bundles');

/** The esbuild equivalent of the house construct's NodejsFunction bundling (infra/constructs/bundling.ts). */
export const esbuildOptions: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: FUNCTION_BUNDLING.format,
  target: FUNCTION_BUNDLING.target,
  minify: FUNCTION_BUNDLING.minify,
  sourcemap: FUNCTION_BUNDLING.sourceMap,
  keepNames: FUNCTION_BUNDLING.keepNames,
  mainFields: [...FUNCTION_BUNDLING.mainFields],
  banner: { js: FUNCTION_BUNDLING.banner },
  external: [...FUNCTION_BUNDLING.externalModules],
  alias: { ...PRODUCTION_ALIASES },
};

interface FunctionEntry {
  name: string;
  /** Module from the repository root, exporting `handler`. */
  handler: string;
  sizeTargetKb: number;
}

/** Calendar routes and jobs, the pay route and Lago's webhook may be larger (issue 10). */
function functionEntries(): FunctionEntry[] {
  const routes = listRoutes().map((route) => ({
    name: route.key,
    handler: route.handler,
    sizeTargetKb:
      route.path.startsWith('/api/calendar') || route.key === 'POST /api/appointments/{id}/pay' || route.key === 'POST /api/lago-webhook'
        ? LARGER_SIZE_TARGET_KB
        : SIZE_TARGET_KB,
  }));
  const jobs = listJobs().map((job) => ({
    name: `job ${job.name}`,
    handler: job.handler,
    sizeTargetKb: job.name.startsWith('calendar-') ? LARGER_SIZE_TARGET_KB : SIZE_TARGET_KB,
  }));
  return [...routes, ...jobs];
}

/**
 * The baseline: a handler that imports only @aws-sdk/client-dynamodb and makes its client on first
 * use, as shared/db/client.ts does. The second one adds @aws-sdk/lib-dynamodb (the document client),
 * which every function that reads the table loads too (ElectroDB requires it) but health and the
 * OpenAPI route do not: it is shown for reference, the ratios are to the first.
 */
const BARE = {
  name: 'bare handler: @aws-sdk/client-dynamodb',
  source: `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
let client;
export const handler = async () => { client ??= new DynamoDBClient({}); return { statusCode: 200, body: 'ok' }; };`,
};
const BARE_DOCUMENT = {
  name: 'reference: + @aws-sdk/lib-dynamodb',
  source: `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
let client;
export const handler = async () => { client ??= DynamoDBDocumentClient.from(new DynamoDBClient({})); return { statusCode: 200, body: 'ok' }; };`,
};

interface Built {
  file: string;
  bytes: number;
  gzipBytes: number;
  metafile: Metafile;
}

async function bundle(slug: string, input: { entry: string } | { source: string }): Promise<Built> {
  const file = path.join(OUT_DIR, `${slug}.mjs`);
  const result = await build({
    ...esbuildOptions,
    ...('entry' in input ? { entryPoints: [path.join(ROOT, input.entry)] } : { stdin: { contents: input.source, resolveDir: ROOT, loader: 'js' } }),
    outfile: file,
    absWorkingDir: ROOT,
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  for (const output of result.outputFiles!) writeFileSync(output.path, output.contents);
  const code = result.outputFiles!.find((output) => output.path === file)!.contents;
  return { file, bytes: code.length, gzipBytes: gzipSync(code).length, metafile: result.metafile! };
}

/**
 * Imports the bundle in a fresh Node process, with the environment every function starts with in
 * AWS (NODE_OPTIONS=--enable-source-maps among it); the time of the `import()` alone, wall clock and
 * the CPU time the process used meanwhile.
 */
const PROBE = `const cpu = process.cpuUsage(); const t0 = performance.now();
await import(process.argv[2]);
const wall = performance.now() - t0; const used = process.cpuUsage(cpu);
console.log(JSON.stringify({ wall, cpu: (used.user + used.system) / 1000 }));
process.exit(0);`;

const run = promisify(execFile);

async function coldImport(file: string): Promise<{ wall: number; cpu: number }> {
  const { stdout } = await run(process.execPath, [path.join(OUT_DIR, 'probe.mjs'), pathToFileURL(file).href], {
    cwd: OUT_DIR,
    env: { PATH: process.env.PATH, ...FUNCTION_ENVIRONMENT, AWS_REGION: 'eu-west-3', TABLE_NAME: 'booking-bench' },
  });
  return JSON.parse(stdout) as { wall: number; cpu: number };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value: number) => `${value.toFixed(0)} ms`;

/** The package (or our own folder) an esbuild input belongs to. */
function origin(input: string): string {
  const match = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (match) return match[1]!;
  return input.startsWith('shared/') || input.startsWith('functions/') ? 'our code (shared/, functions/)' : input;
}

export interface FunctionsSummary {
  count: number;
  largest: { name: string; bytes: number; targetKb: number };
  overSize: number;
  /** The largest ratio, wall clock or CPU time. */
  worstRatio: { name: string; ratio: number };
  /** Median over the functions of the wall-clock ratio. */
  medianRatio: number;
  /** The same from CPU time: steadier when the machine is busy. */
  medianCpuRatio: number;
  overRatio: number;
  bareMs: number;
  bareCpuMs: number;
  /** Cold imports per bundle: ROUNDS, or ROUNDS + 1 where they disagreed. */
  rounds: number;
  /** How many bundles got the extra import. */
  retried: number;
  seconds: number;
}

export async function functionsReport(): Promise<{ table: string; composition: string; summary: FunctionsSummary }> {
  const started = performance.now();
  rmSync(OUT_DIR, { recursive: true, force: true });
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(path.join(OUT_DIR, 'probe.mjs'), PROBE);

  const entries = functionEntries();
  const built = new Map<string, Built>();
  built.set(BARE.name, await bundle('bare', { source: BARE.source }));
  built.set(BARE_DOCUMENT.name, await bundle('bare-document', { source: BARE_DOCUMENT.source }));
  for (const [index, entry] of entries.entries()) built.set(entry.name, await bundle(`function-${index}`, { entry: entry.handler }));

  // Rounds over every bundle, one process at a time; the bare handler is measured again every few
  // bundles so that it sees the same machine (load from elsewhere, caches) as the functions do.
  const samples = new Map<string, Array<{ wall: number; cpu: number }>>();
  const measure = async (name: string) => {
    const list = samples.get(name) ?? [];
    list.push(await coldImport(built.get(name)!.file));
    samples.set(name, list);
  };
  const bare = async () => {
    await measure(BARE.name);
    await measure(BARE_DOCUMENT.name);
  };
  const round = async (names: string[]) => {
    for (const [index, name] of names.entries()) {
      if (index % 25 === 0) await bare();
      await measure(name);
    }
    await bare();
  };
  for (let n = 0; n < ROUNDS; n++) await round(entries.map((entry) => entry.name));
  const walls = (name: string) => samples.get(name)!.map((s) => s.wall);
  await round(entries.map((entry) => entry.name).filter((name) => Math.max(...walls(name)) > (1 + SPREAD) * Math.min(...walls(name))));
  const wall = (name: string) => median(samples.get(name)!.map((s) => s.wall));
  const cpu = (name: string) => median(samples.get(name)!.map((s) => s.cpu));
  const bareMs = wall(BARE.name);
  const bareCpuMs = cpu(BARE.name);

  // Both ratios count: wall clock is what the target names, CPU time is what a busy machine
  // disturbs least. A function meets the target only if both are within it.
  const rows = entries.map((entry) => {
    const b = built.get(entry.name)!;
    const wallRatio = wall(entry.name) / bareMs;
    const cpuRatio = cpu(entry.name) / bareCpuMs;
    const ratio = Math.max(wallRatio, cpuRatio);
    const sizeOk = b.bytes <= entry.sizeTargetKb * 1024;
    const ratioOk = ratio <= IMPORT_RATIO_TARGET;
    return { entry, b, wallRatio, cpuRatio, ratio, sizeOk, ratioOk };
  });
  const yes = (ok: boolean) => (ok ? 'yes' : '**no**');
  const x = (ratio: number) => `${ratio.toFixed(2)}×`;
  const table = [
    '| function | minified | gzip | size target | cold import, wall (median) | × bare | CPU time (median) | × bare | meets size / import |',
    '|---|---|---|---|---|---|---|---|---|',
    ...[BARE, BARE_DOCUMENT].map(({ name }) => {
      const b = built.get(name)!;
      return `| _${name}_ | ${kb(b.bytes)} | ${kb(b.gzipBytes)} | | ${ms(wall(name))} | ${x(wall(name) / bareMs)} | ${ms(cpu(name))} | ${x(cpu(name) / bareCpuMs)} | |`;
    }),
    ...rows.map(
      ({ entry, b, wallRatio, cpuRatio, sizeOk, ratioOk }) =>
        `| \`${entry.name}\` | ${kb(b.bytes)} | ${kb(b.gzipBytes)} | ≤ ${entry.sizeTargetKb} KB | ${ms(wall(entry.name))} | ${x(wallRatio)} | ${ms(cpu(entry.name))} | ${x(cpuRatio)} | ${yes(sizeOk)} / ${yes(ratioOk)} |`,
    ),
  ].join('\n');

  // What the bundles are made of: bytes in the output per package, largest first.
  const perOrigin = new Map<string, { functions: number; max: number }>();
  // The libraries every function that reads the table carries, before any of our code.
  const FLOOR = ['electrodb', 'jsonschema', 'zod'];
  let floor = Infinity;
  for (const { b } of rows) {
    const here = new Map<string, number>();
    for (const output of Object.values(b.metafile.outputs)) {
      for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) here.set(origin(input), (here.get(origin(input)) ?? 0) + bytesInOutput);
    }
    if (here.has('electrodb')) floor = Math.min(floor, FLOOR.reduce((sum, name) => sum + (here.get(name) ?? 0), 0));
    for (const [name, bytes] of here) {
      if (bytes === 0) continue;
      const seen = perOrigin.get(name) ?? { functions: 0, max: 0 };
      perOrigin.set(name, { functions: seen.functions + 1, max: Math.max(seen.max, bytes) });
    }
  }
  const composition = [
    '| package | in how many functions | minified bytes in a bundle (largest) |',
    '|---|---|---|',
    ...[...perOrigin]
      .sort((a, b) => b[1].max - a[1].max)
      .slice(0, 12)
      .map(([name, { functions, max }]) => `| ${name} | ${functions} of ${rows.length} | ${kb(max)} |`),
    '',
    `In every function that reads the table, ${FLOOR.join(', ')} (ElectroDB's model validation uses jsonschema) come to at least ${kb(floor)} before any of our code${floor > SIZE_TARGET_KB * 1024 ? `: more than the ${SIZE_TARGET_KB} KB target by themselves` : ''}.`,
  ].join('\n');

  const largest = rows.reduce((a, b) => (b.b.bytes > a.b.bytes ? b : a));
  const worst = rows.reduce((a, b) => (b.ratio > a.ratio ? b : a));
  const summary: FunctionsSummary = {
    count: rows.length,
    largest: { name: largest.entry.name, bytes: largest.b.bytes, targetKb: largest.entry.sizeTargetKb },
    overSize: rows.filter((r) => !r.sizeOk).length,
    worstRatio: { name: worst.entry.name, ratio: worst.ratio },
    medianRatio: median(rows.map((r) => r.wallRatio)),
    medianCpuRatio: median(rows.map((r) => r.cpuRatio)),
    overRatio: rows.filter((r) => !r.ratioOk).length,
    bareMs,
    bareCpuMs,
    rounds: ROUNDS,
    retried: rows.filter((r) => samples.get(r.entry.name)!.length > ROUNDS).length,
    seconds: (performance.now() - started) / 1000,
  };
  rmSync(OUT_DIR, { recursive: true, force: true });
  return { table, composition, summary };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { table, composition, summary } = await functionsReport();
  console.log(`${table}\n\n${composition}\n\n${JSON.stringify(summary, null, 2)}`);
}
