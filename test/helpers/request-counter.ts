import { dynamoDb } from '../../shared/db/client.ts';

/**
 * Counts the DynamoDB requests this worker's handlers make (an SDK middleware on the one client),
 * so tests can hold routes to the numbers in docs/ACCESS_PATTERNS.md.
 */
export function countDynamoDbRequests() {
  const seen: string[] = [];
  dynamoDb().middlewareStack.add(
    (next, context) => async (args) => {
      seen.push(String(context.commandName).replace(/Command$/, ''));
      return next(args);
    },
    { step: 'initialize', name: 'countDynamoDbRequests' },
  );
  /** The requests `action` made, in order. */
  return async (action: () => Promise<unknown>): Promise<string[]> => {
    seen.length = 0;
    await action();
    return [...seen];
  };
}

/**
 * The read every signed-in request starts with: the caller's standing (shared/accounts/standing.ts,
 * one GetItem of two attributes). Public routes do not make it.
 */
export const STANDING_READ = 'GetItem';
