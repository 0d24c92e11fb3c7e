import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { JobDefinition } from '../../functions/manifest.ts';
import { logger } from '../logger.ts';
import { loadSecrets } from '../secrets.ts';

/**
 * The one middy chain every job uses (functions/routes.ts `jobs`), as httpHandler is for routes:
 * the invocation's request id in every log line, and the secrets the job's manifest entry declares
 * in the environment before its code runs. What `run` throws fails the invocation, so the trigger
 * retries it (or the function's error alarm sees it).
 */
export function jobHandler<E, R>(job: JobDefinition, run: (event: E) => Promise<R>) {
  const chain = middy<E, R>().use(injectLambdaContext(logger, { resetKeys: true }));
  if (job.secrets?.length) chain.use({ before: () => loadSecrets() });
  return chain.handler(run);
}
