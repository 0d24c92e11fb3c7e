import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import type { UserPool } from '../local/cognito-local.ts';
import type { DemoEmail } from '../local/demo.ts';
import { ROOT, handlerEnvironment, startEmulators, useEnvironment } from '../local/runtime.ts';
import { seedDemoData } from '../local/seed.ts';
import { ensureSiteBuilt } from '../local/site-build.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    env: Record<string, string>;
    cognitoUrl: string;
    pool: UserPool;
    demoUserIds: Record<DemoEmail, string>;
    siteDir: string;
  }
}

export default async function setup(project: TestProject) {
  // Emails of the whole run (the handlers', the user pool's and `npm start`'s) go to a folder removed afterwards.
  const outbox = await mkdtemp(path.join(os.tmpdir(), 'booking-outbox-'));
  const [emulators, siteDir] = await Promise.all([startEmulators({ tableName: 'booking-test', outboxDir: outbox }), ensureSiteBuilt(ROOT)]);
  // The demo clients book across every test file on one table: their requests waiting for the team
  // would soon reach the per-client limit, which its own test sets (test/api/request-limits.test.ts).
  const env = { ...handlerEnvironment(emulators, 'test'), OUTBOX_DIR: outbox, MAX_OPEN_REQUESTS_PER_CLIENT: '1000', PUBLIC_HOLDS_PER_HOUR: '1000' };
  // The same demo data as `npm start`, so tests see the product a new user sees.
  useEnvironment(env);
  await seedDemoData(emulators.demoUserIds);
  project.provide('env', env);
  project.provide('cognitoUrl', emulators.cognitoUrl);
  project.provide('pool', emulators.pool);
  project.provide('demoUserIds', emulators.demoUserIds);
  project.provide('siteDir', siteDir);
  return async () => {
    await emulators.stop();
    await rm(outbox, { recursive: true, force: true });
  };
}
