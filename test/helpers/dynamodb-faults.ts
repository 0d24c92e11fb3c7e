import { ProvisionedThroughputExceededException, ThrottlingException } from '@aws-sdk/client-dynamodb';
import { dynamoDb } from '../../shared/db/client.ts';

export type ThrottleError = 'ProvisionedThroughputExceededException' | 'ThrottlingException';

interface Plan {
  /** Low-level command names (`TransactWriteItems`, `Query`…); every command when absent. */
  commands?: readonly string[];
  /** How many matching requests fail; Infinity until `clear()`. */
  remaining: number;
  error: ThrottleError;
}

/**
 * Makes DynamoDB throttle, as the service does when a table or partition is over its capacity:
 * an SDK middleware on this worker's one client (shared/db/client.ts) answers the next matching
 * requests with ProvisionedThroughputExceededException or ThrottlingException instead of sending
 * them. It sits INSIDE the SDK's retry middleware (finalizeRequest step, low priority), so each
 * retry attempt the SDK makes counts as one request, exactly as a real throttled attempt would.
 * Nothing reaches DynamoDB Local while a request is being refused.
 */
export function injectDynamoDbThrottling() {
  let plan: Plan | undefined;
  const refused: string[] = [];
  const sent: string[] = [];
  dynamoDb().middlewareStack.add(
    (next, context) => async (args) => {
      const command = String(context.commandName).replace(/Command$/, '');
      if (plan && plan.remaining > 0 && (!plan.commands || plan.commands.includes(command))) {
        plan.remaining--;
        refused.push(command);
        const options = { $metadata: { httpStatusCode: 400 }, message: 'The level of configured provisioned throughput for the table was exceeded (injected)' };
        throw plan.error === 'ThrottlingException' ? new ThrottlingException(options) : new ProvisionedThroughputExceededException(options);
      }
      sent.push(command);
      return next(args);
    },
    { step: 'finalizeRequest', priority: 'low', name: 'injectDynamoDbThrottling' },
  );
  return {
    /** Throttle the next `count` requests (of `commands`, when given). */
    throttle(count: number, options: { commands?: readonly string[]; error?: ThrottleError } = {}) {
      plan = { commands: options.commands, remaining: count, error: options.error ?? 'ProvisionedThroughputExceededException' };
      refused.length = 0;
      sent.length = 0;
    },
    clear() {
      plan = undefined;
    },
    /** Attempts refused since the last `throttle`, by command. */
    refused: () => [...refused],
    /** Attempts that reached DynamoDB since the last `throttle`, by command. */
    sent: () => [...sent],
  };
}
