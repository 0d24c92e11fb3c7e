import {
  AdminDeleteUserCommand,
  AdminListGroupsForUserCommand,
  CognitoIdentityProviderClient,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { config } from '../config.ts';

let client: CognitoIdentityProviderClient | undefined;

function cognito(): CognitoIdentityProviderClient {
  const { COGNITO_ENDPOINT, AWS_REGION } = config();
  client ??= new CognitoIdentityProviderClient({
    region: AWS_REGION,
    ...(COGNITO_ENDPOINT ? { endpoint: COGNITO_ENDPOINT, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
  return client;
}

/** Removes the sign-in account itself (GDPR erasure). An account already gone is not an error. */
export async function deleteSignInAccount(username: string): Promise<void> {
  const { COGNITO_USER_POOL_ID } = config();
  if (!COGNITO_USER_POOL_ID) throw new Error('COGNITO_USER_POOL_ID is not configured');
  try {
    await cognito().send(new AdminDeleteUserCommand({ UserPoolId: COGNITO_USER_POOL_ID, Username: username }));
  } catch (error) {
    if (!(error instanceof UserNotFoundException) && (error as Error).name !== 'UserNotFoundException') throw error;
  }
}

/**
 * The names of the Cognito groups a user is in (every page): what the `cognito:groups` claim of
 * their next ID token will hold. The pool is named by the caller (a Cognito trigger's event).
 */
export async function signInGroups(userPoolId: string, username: string): Promise<string[]> {
  const groups: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await cognito().send(
      new AdminListGroupsForUserCommand({ UserPoolId: userPoolId, Username: username, Limit: 60, NextToken: nextToken }),
    );
    groups.push(...(page.Groups ?? []).flatMap((group) => (group.GroupName ? [group.GroupName] : [])));
    nextToken = page.NextToken;
  } while (nextToken);
  return groups;
}
