import { listJobs } from '../functions/jobs.ts';
import { invokeJob, scheduledEvent } from './jobs.ts';

/**
 * The scheduled work that EventBridge Scheduler triggers in AWS: the jobs of the manifest
 * (functions/routes.ts) with a schedule, run locally on one timer with the same handlers.
 */
export interface ScheduledJob {
  name: string;
  run(): Promise<unknown>;
}

export const scheduledJobs: ScheduledJob[] = listJobs()
  .filter((job) => typeof job.trigger === 'object')
  .map((job) => ({ name: job.name, run: () => invokeJob(job, scheduledEvent()) }));

/** Runs every job once, each even when another failed; rejects at the end if any did. */
export async function runScheduledJobsOnce(log: (line: string) => void): Promise<void> {
  if (scheduledJobs.length === 0) {
    log('No scheduled jobs are registered yet.');
    return;
  }
  const failed: string[] = [];
  for (const job of scheduledJobs) {
    const started = Date.now();
    try {
      const result = await job.run();
      log(`${job.name} done in ${Date.now() - started} ms${result ? `: ${JSON.stringify(result)}` : ''}`);
    } catch (error) {
      failed.push(job.name);
      log(`${job.name} failed after ${Date.now() - started} ms: ${(error as Error).message}`);
    }
  }
  if (failed.length > 0) throw new Error(`scheduled job(s) failed: ${failed.join(', ')}`);
}

export function scheduleLocalJobs(intervalSeconds: number, log: (line: string) => void): void {
  if (scheduledJobs.length === 0) return;
  const timer = setInterval(() => {
    runScheduledJobsOnce(log).catch((error) => log(`scheduled run failed: ${(error as Error).message}`));
  }, intervalSeconds * 1000);
  timer.unref();
}
