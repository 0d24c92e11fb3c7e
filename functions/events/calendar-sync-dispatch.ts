import { queueScheduledSyncs } from '../../shared/connections/calendar-connections.ts';
import { jobHandler } from '../../shared/jobs/job-handler.ts';
import { logger } from '../../shared/logger.ts';
import { jobs } from '../jobs.ts';

/** The scheduled fan-out (every 15 minutes): one queue message per active connection (shared/connections). */
export const handler = jobHandler(jobs['calendar-sync-dispatch'], async () => {
  const queued = await queueScheduledSyncs();
  logger.info('calendar syncs queued', { queued });
  return { queued };
});
