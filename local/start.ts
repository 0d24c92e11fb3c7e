/**
 * `npm start`: the whole product on this machine. DynamoDB Local + cognito-local + the gateway
 * that serves the API (functions/routes.ts), /config.json and the built site on one port; the
 * jobs of the manifest run from the in-process event bus and a timer, emails land in the outbox.
 */
import path from 'node:path';
import * as z from 'zod';
import { parseEmbedOrigins } from '../infra/site/security-headers.ts';
import { CONFIG_VARIABLES, config } from '../shared/config.ts';
import { PUBLIC_ROUTES_RATE_LIMIT } from '../shared/http/client-rate-limit.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo.ts';
import { alive, assertPortFree } from './processes.ts';
import { subscribeEventConsumers } from './jobs.ts';
import {
  ROOT,
  handlerEnvironment,
  readRuntimeFile,
  removeOwnRuntimeFile,
  runtimeFilePath,
  startEmulators,
  startGateway,
  tokenMasterKeyIn,
  useEnvironment,
  writeRuntimeFile,
} from './runtime.ts';
import { startSandboxes, type Sandboxes } from './sandbox/index.ts';
import { scheduleLocalJobs } from './scheduled-jobs.ts';
import { seedDemoData } from './seed.ts';
import { ensureSiteBuilt } from './site-build.ts';

/** The variables of `npm start` itself (the handlers' are in shared/config.ts), checked the same way. */
const startSettings = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
    DATA_DIR: z.string().min(1).optional(),
    OUTBOX_DIR: z.string().min(1).optional(),
    // The sites that may show /book/ in an <iframe> (CloudFront's -c bookingEmbedOrigins); checked as the synth checks it.
    BOOKING_EMBED_ORIGINS: z
      .string()
      .optional()
      .transform((value, ctx) => {
        try {
          return parseEmbedOrigins(value, 'BOOKING_EMBED_ORIGINS', { allowLoopbackHttp: true });
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: (error as Error).message });
          return z.NEVER;
        }
      }),
  })
  .safeParse(Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== '')));
if (!startSettings.success) {
  const lines = startSettings.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  console.error(`[start] Invalid configuration:\n  ${lines.join('\n  ')}`);
  process.exit(1);
}
const { PORT: port, DATA_DIR: dataDir, OUTBOX_DIR: outboxDir, BOOKING_EMBED_ORIGINS: embedOrigins } = startSettings.data;
// This run's own: beside its data with DATA_DIR (two runs with their own DATA_DIR never meet),
// else the default in-memory run's. `npm run sync:once` finds it the same way.
const RUNTIME_FILE = runtimeFilePath(dataDir);
const log = (line: string) => console.log(`[start] ${line}`);
const SANDBOX_LABELS = { payments: 'Lago payments', google: 'Google Calendar', microsoft: 'Microsoft Outlook' } as const;

async function main() {
  await assertPortFree(port, 'Stop whatever uses it, or choose another port: PORT=3001 npm start');
  const siteBuild = ensureSiteBuilt(ROOT, log);
  log(dataDir ? `Starting emulators (data kept in ${dataDir})…` : 'Starting emulators (in memory, fresh demo data)…');
  // Absolute, so that `npm run sync:once` writes its reminders into the same outbox.
  const outbox = path.resolve(outboxDir ?? path.join(ROOT, '.local', 'outbox'));
  // Every link of every e-mail (account codes, appointment notices) leads to this run's site: the
  // SITE_URL given, else this port.
  const siteUrl = process.env.SITE_URL || (port ? `http://localhost:${port}` : undefined);
  const emulators = await startEmulators({ dataDir, tableName: 'booking', outboxDir: outbox, siteUrl });
  let sandboxes: Sandboxes | undefined;
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log('Stopping…');
    // Only what this run wrote: another `npm start` may have registered itself there since.
    await removeOwnRuntimeFile(RUNTIME_FILE).catch(() => undefined);
    await Promise.all([emulators.stop(), sandboxes?.stop()]);
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  try {
    const tokenKey = dataDir ? await tokenMasterKeyIn(dataDir) : undefined;
    // The handlers' settings this run was given (providers, Lago, mail…) travel with it: the runtime
    // file below hands exactly this environment to `npm run sync:once`.
    const given = Object.fromEntries(CONFIG_VARIABLES.flatMap((name) => (process.env[name] ? [[name, process.env[name]!]] : [])));
    // Providers without real credentials here get a local sandbox, labelled so on the site.
    const productUrl = `http://localhost:${port}`;
    sandboxes = await startSandboxes(given, { productUrl, siteUrl: siteUrl ?? productUrl });
    const env = { ...given, ...sandboxes.env, ...handlerEnvironment(emulators, 'local', tokenKey), OUTBOX_DIR: outbox, ...(siteUrl ? { SITE_URL: siteUrl } : {}) };
    useEnvironment(env);
    config(); // fail fast on a bad environment, naming the variable
    const seeded = await seedDemoData(emulators.demoUserIds);
    log(seeded === 'seeded' ? 'Demo data seeded.' : 'Existing data kept.');
    const siteDir = await siteBuild;
    // Public routes are limited per client address as the WAF limits them in AWS (a 429 to try the site against).
    const gateway = await startGateway({ cognitoUrl: emulators.cognitoUrl, pool: emulators.pool, port, siteDir, sandboxes: sandboxes.names, publicRateLimit: PUBLIC_ROUTES_RATE_LIMIT, embedOrigins });
    subscribeEventConsumers(log);
    scheduleLocalJobs(config().SYNC_INTERVAL_SECONDS, log);
    if (sandboxes.names.length) log(`Local sandboxes (no real credentials given): ${sandboxes.names.map((name) => SANDBOX_LABELS[name]).join(', ')}. README: "Payments and calendars on your machine".`);
    log(`Emails are written to ${env.OUTBOX_DIR.startsWith(`${ROOT}${path.sep}`) ? path.relative(ROOT, env.OUTBOX_DIR) : env.OUTBOX_DIR}/*.eml`);
    // Lets `npm run sync:once` (another process) reach this run's emulators.
    const previous = await readRuntimeFile(RUNTIME_FILE);
    if (previous && previous.pid !== process.pid && alive(previous.pid)) {
      log(`\`npm run sync:once\` now reaches this run, not the one still running at ${previous.url} (pid ${previous.pid}).`);
    }
    await writeRuntimeFile(RUNTIME_FILE, { pid: process.pid, url: gateway.url, ...(dataDir ? { dataDir: path.resolve(dataDir) } : {}), env });
    const accounts = DEMO_ACCOUNTS.map((a) => a.email).join(', ');
    console.log(`Ready at ${gateway.url} — demo accounts: ${accounts} (password ${DEMO_PASSWORD}). Ctrl-C stops.`);
  } catch (error) {
    console.error(`[start] ${(error as Error).message}`);
    await shutdown(1);
  }
}

main().catch((error) => {
  console.error(`[start] ${(error as Error).message}`);
  process.exit(1);
});
