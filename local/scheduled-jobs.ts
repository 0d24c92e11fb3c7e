/**
 * The scheduled work that EventBridge Scheduler triggers in AWS, run locally on a timer with the
 * same handlers. Calendar sync and reminders register here when they land; until then the list
 * is empty and `npm run sync:once` says so.
 */
export interface ScheduledJob {
  name: string;
  run(): Promise<void>;
}

export const scheduledJobs: ScheduledJob[] = [];

export async function runScheduledJobsOnce(log: (line: string) => void): Promise<void> {
  if (scheduledJobs.length === 0) {
    log('No scheduled jobs are registered yet.');
    return;
  }
  for (const job of scheduledJobs) {
    const started = Date.now();
    await job.run();
    log(`${job.name} done in ${Date.now() - started} ms`);
  }
}

export function scheduleLocalJobs(intervalSeconds: number, log: (line: string) => void): void {
  if (scheduledJobs.length === 0) return;
  const timer = setInterval(() => {
    runScheduledJobsOnce(log).catch((error) => log(`scheduled run failed: ${(error as Error).message}`));
  }, intervalSeconds * 1000);
  timer.unref();
}
