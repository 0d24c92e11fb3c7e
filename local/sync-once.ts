/**
 * `npm run sync:once`: one pass of the scheduled jobs against the running `npm start`, then exit.
 * It finds that run the way the run registered itself: by DATA_DIR (the same as `npm start`'s),
 * else the default in-memory run.
 */
import path from 'node:path';
import { alive } from './processes.ts';
import { ROOT, readRuntimeFile, runtimeFilePath, useEnvironment } from './runtime.ts';
import { subscribeEventConsumers } from './jobs.ts';
import { runScheduledJobsOnce } from './scheduled-jobs.ts';

const dataDir = process.env.DATA_DIR || undefined;
const runtimeFile = runtimeFilePath(dataDir);
const shown = runtimeFile.startsWith(`${ROOT}${path.sep}`) ? path.relative(ROOT, runtimeFile) : runtimeFile;
const runtime = await readRuntimeFile(runtimeFile);
if (!runtime) {
  console.error(
    dataDir
      ? `[sync:once] No \`npm start\` is running with DATA_DIR=${dataDir} (no ${shown}): start it with \`DATA_DIR=${dataDir} npm start\` first.`
      : `[sync:once] The local stack is not running (no ${shown}): start it with \`npm start\` first. ` +
          'If it runs with DATA_DIR, give sync:once the same one: `DATA_DIR=<folder> npm run sync:once`.',
  );
  process.exit(1);
}
if (!alive(runtime.pid)) {
  console.error(`[sync:once] The \`npm start\` that wrote ${shown} (pid ${runtime.pid}) is no longer running: start it again.`);
  process.exit(1);
}
useEnvironment(runtime.env);
const log = (line: string) => console.log(`[sync:once] ${line}`);
log(`Running against ${runtime.url}.`);
// The dispatcher queues one calendar sync per connection: this process's worker runs them.
const consumers = subscribeEventConsumers(log);
await runScheduledJobsOnce(log).catch((error: Error) => {
  console.error(`[sync:once] ${error.message}`);
  process.exitCode = 1;
});
await consumers.settled();
consumers.stop();
