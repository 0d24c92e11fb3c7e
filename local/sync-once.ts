/** `npm run sync:once`: one pass of the scheduled jobs against the running `npm start`, then exit. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, useEnvironment } from './runtime.ts';
import { subscribeEventConsumers } from './jobs.ts';
import { runScheduledJobsOnce } from './scheduled-jobs.ts';

const runtimeFile = path.join(ROOT, '.local', 'runtime.json');
if (!existsSync(runtimeFile)) {
  console.error('[sync:once] The local stack is not running: start it with `npm start` first.');
  process.exit(1);
}
useEnvironment(JSON.parse(readFileSync(runtimeFile, 'utf8')).env);
const log = (line: string) => console.log(`[sync:once] ${line}`);
// The dispatcher queues one calendar sync per connection: this process's worker runs them.
const consumers = subscribeEventConsumers(log);
await runScheduledJobsOnce(log).catch((error: Error) => {
  console.error(`[sync:once] ${error.message}`);
  process.exitCode = 1;
});
await consumers.settled();
consumers.stop();
