import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { loadAwsSdk } from '../aws/load-sdk.ts';
import { config } from '../config.ts';
import { ADMIN_GROUP, type Locale } from '../domain/vocabulary.ts';
import { Conflict } from '../errors.ts';

let client: CognitoIdentityProviderClient | undefined;

/**
 * The Cognito SDK and client, loaded on the first call that needs them (shared/aws/load-sdk.ts): the
 * routes that import this module validate the request and read the table first, and the
 * organization's lists never call Cognito at all.
 */
function cognito() {
  const sdk = loadAwsSdk('@aws-sdk/client-cognito-identity-provider');
  const { COGNITO_ENDPOINT, AWS_REGION } = config();
  client ??= new sdk.CognitoIdentityProviderClient({
    region: AWS_REGION,
    ...(COGNITO_ENDPOINT ? { endpoint: COGNITO_ENDPOINT, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
  return { sdk, client };
}

/**
 * Loads the SDK and makes the client on the event loop's next turn: called before other requests
 * start (an erasure's reads), this work (about 30 ms of CPU at a cold start) runs once they are on
 * their way, while their answers travel, instead of after them.
 */
export function prepareCognito(): void {
  setImmediate(() => {
    try {
      cognito();
    } catch {
      // A failed load surfaces at the call that needs the SDK.
    }
  });
}

function poolId(): string {
  const { COGNITO_USER_POOL_ID } = config();
  if (!COGNITO_USER_POOL_ID) throw new Error('COGNITO_USER_POOL_ID is not configured');
  return COGNITO_USER_POOL_ID;
}

const isNamed = (error: unknown, name: string) => (error as Error)?.name === name;

/**
 * Creates a sign-in account for someone invited by an admin: Cognito e-mails them the sign-in link
 * and a temporary password (the pool's CustomMessage trigger words it in `locale`), and asks for
 * their own password at first sign-in. Returns its `sub` (the profile id). An address that already
 * has an account is a conflict.
 */
export async function inviteSignIn(invitee: { email: string; firstName?: string; lastName?: string; locale: Locale; admin: boolean }): Promise<string> {
  let sub: string | undefined;
  const { sdk, client } = cognito();
  try {
    const created = await client.send(
      new sdk.AdminCreateUserCommand({
        UserPoolId: poolId(),
        Username: invitee.email,
        DesiredDeliveryMediums: ['EMAIL'],
        UserAttributes: [
          { Name: 'email', Value: invitee.email },
          // An admin vouches for the address: the invitation itself reaches it.
          { Name: 'email_verified', Value: 'true' },
          { Name: 'locale', Value: invitee.locale },
          ...(invitee.firstName ? [{ Name: 'given_name', Value: invitee.firstName }] : []),
          ...(invitee.lastName ? [{ Name: 'family_name', Value: invitee.lastName }] : []),
        ],
      }),
    );
    sub = created.User?.Attributes?.find((a) => a.Name === 'sub')?.Value;
  } catch (error) {
    if (error instanceof sdk.UsernameExistsException || isNamed(error, 'UsernameExistsException')) throw new Conflict(ACCOUNT_EXISTS);
    throw error;
  }
  if (!sub) throw new Error('Cognito created the account without a sub');
  if (invitee.admin) await setSignInAdmin(sub, true);
  return sub;
}

export const ACCOUNT_EXISTS = 'An account with this email already exists';

/** Puts the account in the admin group or takes it out. */
export async function setSignInAdmin(username: string, admin: boolean): Promise<void> {
  const input = { UserPoolId: poolId(), Username: username, GroupName: ADMIN_GROUP };
  const { sdk, client } = cognito();
  await client.send(admin ? new sdk.AdminAddUserToGroupCommand(input) : new sdk.AdminRemoveUserFromGroupCommand(input));
}

/**
 * Lets the account sign in again, or stops it: a disabled account cannot sign in and its refresh
 * tokens are revoked (its last ID token is refused by the API: shared/accounts/standing.ts).
 */
export async function setSignInEnabled(username: string, enabled: boolean): Promise<void> {
  const input = { UserPoolId: poolId(), Username: username };
  const { sdk, client } = cognito();
  if (enabled) {
    await client.send(new sdk.AdminEnableUserCommand(input));
    return;
  }
  await client.send(new sdk.AdminDisableUserCommand(input));
  await client.send(new sdk.AdminUserGlobalSignOutCommand(input));
}

/** Removes the sign-in account itself (GDPR erasure). An account already gone is not an error. */
export async function deleteSignInAccount(username: string): Promise<void> {
  const { COGNITO_USER_POOL_ID } = config();
  if (!COGNITO_USER_POOL_ID) throw new Error('COGNITO_USER_POOL_ID is not configured');
  const { sdk, client } = cognito();
  try {
    await client.send(new sdk.AdminDeleteUserCommand({ UserPoolId: COGNITO_USER_POOL_ID, Username: username }));
  } catch (error) {
    if (!(error instanceof sdk.UserNotFoundException) && (error as Error).name !== 'UserNotFoundException') throw error;
  }
}

/**
 * The names of the Cognito groups a user is in (every page): what the `cognito:groups` claim of
 * their next ID token will hold. The pool is named by the caller (a Cognito trigger's event).
 */
export async function signInGroups(userPoolId: string, username: string): Promise<string[]> {
  const groups: string[] = [];
  let nextToken: string | undefined;
  const { sdk, client } = cognito();
  do {
    const page = await client.send(
      new sdk.AdminListGroupsForUserCommand({ UserPoolId: userPoolId, Username: username, Limit: 60, NextToken: nextToken }),
    );
    groups.push(...(page.Groups ?? []).flatMap((group) => (group.GroupName ? [group.GroupName] : [])));
    nextToken = page.NextToken;
  } while (nextToken);
  return groups;
}
