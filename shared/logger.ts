import { Logger } from '@aws-lambda-powertools/logger';
import { config } from './config.ts';
import { mapErrorStacks } from './mapped-stack.ts';

/**
 * The one structured JSON logger; handlers add the Lambda context (request id) per invocation.
 * Its level comes from the validated configuration, so a bad LOG_LEVEL fails at cold start by name.
 * A logged error's stack (and the causes it wraps) names our source files and lines: the bundle's
 * source map is read when the first error is logged, not at every cold start (shared/mapped-stack.ts).
 */
export const logger = new Logger({
  serviceName: 'booking',
  logLevel: config().LOG_LEVEL,
  jsonReplacerFn: (_key, value) => (value instanceof Error ? mapErrorStacks(value) : value),
});
