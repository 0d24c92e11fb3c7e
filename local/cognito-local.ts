import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  UpdateUserPoolCommand,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { PASSWORD_POLICY } from '../shared/accounts/password-policy.ts';
import { ADMIN_GROUP } from '../shared/domain/vocabulary.ts';
import { startChild, stopChild, waitUntil, type Service } from './processes.ts';

const require = createRequire(import.meta.url);

/**
 * Starts the local user pool (cognito-local, as local/cognito-server.ts sets it up) with its state
 * in dataDir (it keeps user pools as JSON files there); its account e-mails land in outboxDir.
 */
export async function startCognitoLocal(options: { port: number; dataDir: string; outboxDir: string; siteUrl?: string }): Promise<Service> {
  await mkdir(options.dataDir, { recursive: true });
  const child = startChild('cognito-local', process.execPath, ['--import', require.resolve('tsx'), path.join(import.meta.dirname, 'cognito-server.ts')], {
    cwd: options.dataDir,
    env: {
      ...process.env,
      PORT: String(options.port),
      HOST: '127.0.0.1',
      OUTBOX_DIR: path.resolve(options.outboxDir),
      ...(options.siteUrl ? { SITE_URL: options.siteUrl } : {}),
    },
  });
  const url = `http://127.0.0.1:${options.port}`;
  await waitUntil('cognito-local', child, async () => (await fetch(`${url}/health`)).ok);
  return { name: 'cognito-local', url, stop: () => stopChild(child) };
}

export function cognitoClient(endpoint: string, region: string): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    endpoint,
    region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

export interface UserPool {
  userPoolId: string;
  userPoolClientId: string;
}

/** The pool's settings as the auth stack has them (those cognito-local reads). */
const POOL_SETTINGS = {
  Policies: {
    PasswordPolicy: {
      MinimumLength: PASSWORD_POLICY.minLength,
      RequireLowercase: PASSWORD_POLICY.requireLowercase,
      RequireUppercase: PASSWORD_POLICY.requireUppercase,
      RequireNumbers: PASSWORD_POLICY.requireDigits,
      RequireSymbols: PASSWORD_POLICY.requireSymbols,
    },
  },
  // Sign-up sends the code to the e-mail address.
  AutoVerifiedAttributes: ['email' as const],
  // A new address takes effect once verified (the auth stack's keepOriginal).
  UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email' as const] },
};

/** Finds or creates the pool (brought to today's settings), its app client (USER_PASSWORD_AUTH, no secret) and the admin group. */
export async function ensureUserPool(client: CognitoIdentityProviderClient, name: string): Promise<UserPool> {
  const pools = await client.send(new ListUserPoolsCommand({ MaxResults: 60 }));
  let userPoolId = pools.UserPools?.find((pool) => pool.Name === name)?.Id;
  if (!userPoolId) {
    const created = await client.send(
      new CreateUserPoolCommand({
        PoolName: name,
        UsernameAttributes: ['email'],
        ...POOL_SETTINGS,
      }),
    );
    userPoolId = created.UserPool!.Id!;
    await client.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: ADMIN_GROUP }));
  } else {
    // A pool kept in DATA_DIR from an earlier version.
    await client.send(new UpdateUserPoolCommand({ UserPoolId: userPoolId, ...POOL_SETTINGS }));
  }
  const clients = await client.send(new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 60 }));
  let userPoolClientId = clients.UserPoolClients?.find((c) => c.ClientName === 'site')?.ClientId;
  if (!userPoolClientId) {
    const created = await client.send(
      new CreateUserPoolClientCommand({
        UserPoolId: userPoolId,
        ClientName: 'site',
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        PreventUserExistenceErrors: 'ENABLED',
      }),
    );
    userPoolClientId = created.UserPoolClient!.ClientId!;
  }
  return { userPoolId, userPoolClientId };
}

/** Creates a confirmed user with a permanent password (or finds it); returns its `sub`. */
export async function ensureUser(
  client: CognitoIdentityProviderClient,
  pool: UserPool,
  user: { email: string; password: string; admin?: boolean },
): Promise<string> {
  const existing = await client
    .send(new AdminGetUserCommand({ UserPoolId: pool.userPoolId, Username: user.email }))
    .catch((error) => {
      if (error instanceof UserNotFoundException || (error as Error).name === 'UserNotFoundException') return undefined;
      throw error;
    });
  let attributes = existing?.UserAttributes;
  if (!existing) {
    const created = await client.send(
      new AdminCreateUserCommand({
        UserPoolId: pool.userPoolId,
        Username: user.email,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: user.email },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
    attributes = created.User?.Attributes;
    await client.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: pool.userPoolId,
        Username: user.email,
        Password: user.password,
        Permanent: true,
      }),
    );
    if (user.admin) {
      await client.send(
        new AdminAddUserToGroupCommand({ UserPoolId: pool.userPoolId, Username: user.email, GroupName: ADMIN_GROUP }),
      );
    }
  }
  const sub = attributes?.find((a) => a.Name === 'sub')?.Value;
  if (!sub) throw new Error(`cognito-local returned no sub for ${user.email}`);
  return sub;
}

/** Signs in the way the site does (USER_PASSWORD_AUTH) and returns the tokens. */
export async function signIn(client: CognitoIdentityProviderClient, clientId: string, email: string, password: string) {
  const result = await client.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: clientId,
      AuthParameters: { USERNAME: email, PASSWORD: password },
    }),
  );
  const tokens = result.AuthenticationResult;
  if (!tokens?.IdToken || !tokens.AccessToken) throw new Error(`Sign-in of ${email} returned no tokens`);
  return { idToken: tokens.IdToken, accessToken: tokens.AccessToken, refreshToken: tokens.RefreshToken };
}

export function cognitoDataDir(base: string): string {
  return path.join(base, 'cognito');
}
