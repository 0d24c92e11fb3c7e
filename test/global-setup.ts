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
  const [emulators, siteDir] = await Promise.all([startEmulators({ tableName: 'booking-test' }), ensureSiteBuilt(ROOT)]);
  const env = handlerEnvironment(emulators, 'test');
  // The same demo data as `npm start`, so tests see the product a new user sees.
  useEnvironment(env);
  await seedDemoData(emulators.demoUserIds);
  project.provide('env', env);
  project.provide('cognitoUrl', emulators.cognitoUrl);
  project.provide('pool', emulators.pool);
  project.provide('demoUserIds', emulators.demoUserIds);
  project.provide('siteDir', siteDir);
  return () => emulators.stop();
}
