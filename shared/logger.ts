import { Logger } from '@aws-lambda-powertools/logger';
import { config } from './config.ts';

/**
 * The one structured JSON logger; handlers add the Lambda context (request id) per invocation.
 * Its level comes from the validated configuration, so a bad LOG_LEVEL fails at cold start by name.
 */
export const logger = new Logger({ serviceName: 'booking', logLevel: config().LOG_LEVEL });
