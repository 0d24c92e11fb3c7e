import { AdminDeleteUserCommand, CognitoIdentityProviderClient, UserNotFoundException } from '@aws-sdk/client-cognito-identity-provider';
import { config } from '../config.ts';

let client: CognitoIdentityProviderClient | undefined;

/** Removes the sign-in account itself (GDPR erasure). An account already gone is not an error. */
export async function deleteSignInAccount(username: string): Promise<void> {
  const { COGNITO_USER_POOL_ID, COGNITO_ENDPOINT, AWS_REGION } = config();
  if (!COGNITO_USER_POOL_ID) throw new Error('COGNITO_USER_POOL_ID is not configured');
  client ??= new CognitoIdentityProviderClient({
    region: AWS_REGION,
    ...(COGNITO_ENDPOINT ? { endpoint: COGNITO_ENDPOINT, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
  try {
    await client.send(new AdminDeleteUserCommand({ UserPoolId: COGNITO_USER_POOL_ID, Username: username }));
  } catch (error) {
    if (!(error instanceof UserNotFoundException) && (error as Error).name !== 'UserNotFoundException') throw error;
  }
}
