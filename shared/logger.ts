import { Logger } from '@aws-lambda-powertools/logger';

/** The one structured JSON logger; handlers add the Lambda context (request id) per invocation. */
export const logger = new Logger({
  serviceName: 'booking',
  logLevel: (process.env.LOG_LEVEL as 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | undefined) ?? 'INFO',
});
