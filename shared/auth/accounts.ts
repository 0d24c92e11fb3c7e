import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
  UserNotFoundException,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { config } from '../config.ts';
import { ADMIN_GROUP, type Locale } from '../domain/vocabulary.ts';
import { Conflict } from '../errors.ts';

let client: CognitoIdentityProviderClient | undefined;

function cognito(): CognitoIdentityProviderClient {
  const { COGNITO_ENDPOINT, AWS_REGION } = config();
  client ??= new CognitoIdentityProviderClient({
    region: AWS_REGION,
    ...(COGNITO_ENDPOINT ? { endpoint: COGNITO_ENDPOINT, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
  return client;
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
  try {
    const created = await cognito().send(
      new AdminCreateUserCommand({
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
    if (error instanceof UsernameExistsException || isNamed(error, 'UsernameExistsException')) throw new Conflict(ACCOUNT_EXISTS);
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
  await cognito().send(admin ? new AdminAddUserToGroupCommand(input) : new AdminRemoveUserFromGroupCommand(input));
}

/**
 * Lets the account sign in again, or stops it: a disabled account cannot sign in and its refresh
 * tokens are revoked (its last ID token is refused by the API: shared/accounts/standing.ts).
 */
export async function setSignInEnabled(username: string, enabled: boolean): Promise<void> {
  const input = { UserPoolId: poolId(), Username: username };
  if (enabled) {
    await cognito().send(new AdminEnableUserCommand(input));
    return;
  }
  await cognito().send(new AdminDisableUserCommand(input));
  await cognito().send(new AdminUserGlobalSignOutCommand(input));
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
