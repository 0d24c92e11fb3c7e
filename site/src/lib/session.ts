import { siteConfig } from './config.ts';

/**
 * Cognito sign-in (USER_PASSWORD_AUTH) straight against the Cognito API, tokens kept in
 * sessionStorage: they last as long as the tab and are never sent anywhere but our API.
 */
interface Tokens {
  idToken: string;
  accessToken: string;
  refreshToken?: string;
  /** Epoch ms at which the ID token expires. */
  expiresAt: number;
}

const KEY = 'booking.session';

export class SignInError extends Error {}

async function cognito(action: string, body: object): Promise<Record<string, any>> {
  const config = await siteConfig();
  const endpoint = config.cognitoEndpoint ?? `https://cognito-idp.${config.region}.amazonaws.com/`;
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${action}`,
    },
    body: JSON.stringify(body),
  });
  const payload = await response.json().catch(() => ({}));
  if (!response.ok) {
    const type = String(payload.__type ?? payload.code ?? '');
    if (/NotAuthorized|UserNotFound|InvalidPassword/.test(type)) {
      throw new SignInError('E-mail ou mot de passe incorrect.');
    }
    throw new SignInError(payload.message ?? `Connexion impossible (HTTP ${response.status}).`);
  }
  return payload;
}

function store(result: Record<string, any>, refreshToken?: string): Tokens {
  const tokens: Tokens = {
    idToken: result.IdToken,
    accessToken: result.AccessToken,
    refreshToken: result.RefreshToken ?? refreshToken,
    expiresAt: Date.now() + Number(result.ExpiresIn ?? 3600) * 1000,
  };
  sessionStorage.setItem(KEY, JSON.stringify(tokens));
  return tokens;
}

export async function signIn(email: string, password: string): Promise<void> {
  const { userPoolClientId } = await siteConfig();
  const result = await cognito('InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: userPoolClientId,
    AuthParameters: { USERNAME: email.trim(), PASSWORD: password },
  });
  if (!result.AuthenticationResult) {
    throw new SignInError('Ce compte demande une étape supplémentaire non prise en charge ici.');
  }
  store(result.AuthenticationResult);
}

function current(): Tokens | undefined {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Tokens) : undefined;
  } catch {
    return undefined;
  }
}

export function hasSession(): boolean {
  return current() !== undefined;
}

/** A valid ID token, refreshed when it is about to expire; undefined when signed out. */
export async function idToken(): Promise<string | undefined> {
  const tokens = current();
  if (!tokens) return undefined;
  if (tokens.expiresAt - Date.now() > 60_000) return tokens.idToken;
  if (!tokens.refreshToken) return undefined;
  try {
    const { userPoolClientId } = await siteConfig();
    const result = await cognito('InitiateAuth', {
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: userPoolClientId,
      AuthParameters: { REFRESH_TOKEN: tokens.refreshToken },
    });
    return store(result.AuthenticationResult, tokens.refreshToken).idToken;
  } catch {
    return undefined;
  }
}

export function signOut(): void {
  sessionStorage.removeItem(KEY);
  window.location.assign('/signin/');
}

/** Sends the user to sign-in and back here afterwards. */
export function redirectToSignIn(): void {
  sessionStorage.removeItem(KEY);
  const next = window.location.pathname + window.location.search;
  window.location.assign(`/signin/?next=${encodeURIComponent(next)}`);
}
