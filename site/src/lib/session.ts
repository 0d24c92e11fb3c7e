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

/** The claims of a JWT (not verified: the API does that); undefined when it does not read as one. */
function jwtClaims(token: unknown): Record<string, unknown> | undefined {
  try {
    const payload = String(token).split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/');
    const claims: unknown = JSON.parse(atob(payload));
    return claims && typeof claims === 'object' ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Epoch ms of a JWT's `exp`; undefined when the token does not read as a JWT. */
function jwtExpiry(token: unknown): number | undefined {
  const exp = Number(jwtClaims(token)?.exp);
  return Number.isFinite(exp) ? exp * 1000 : undefined;
}

/**
 * Whether the session's ID token puts the user in the `admin` group: only a hint for the first
 * paint of the admin frame (its navigation) before /me answers; /me decides, the API enforces.
 */
export function sessionLooksAdmin(): boolean {
  const groups = jwtClaims(current()?.idToken)?.['cognito:groups'];
  return Array.isArray(groups) && groups.includes('admin');
}

/** The ID token while it has more than a minute left, by what the session says and what the token itself says. */
function freshIdToken(tokens: Tokens): string | undefined {
  const expiresAt = Math.min(Number(tokens.expiresAt) || 0, jwtExpiry(tokens.idToken) ?? 0);
  return expiresAt - Date.now() > 60_000 ? tokens.idToken : undefined;
}

let refreshing: Promise<string | undefined> | undefined;

/** New tokens from the refresh token (one request however many callers ask at once); undefined when Cognito refuses it. */
function refresh(tokens: Tokens): Promise<string | undefined> {
  refreshing ??= (async () => {
    try {
      const { userPoolClientId } = await siteConfig();
      const result = await cognito('InitiateAuth', {
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: userPoolClientId,
        AuthParameters: { REFRESH_TOKEN: tokens.refreshToken },
      });
      return result.AuthenticationResult ? store(result.AuthenticationResult, tokens.refreshToken).idToken : undefined;
    } catch (error) {
      // Cognito answered no (revoked, expired refresh token): the session is over. A network
      // failure is not a sign-out: the page shows its error and its retry.
      if (error instanceof SignInError) return undefined;
      throw error;
    } finally {
      refreshing = undefined;
    }
  })();
  return refreshing;
}

/**
 * A valid ID token, silently refreshed when it is about to expire (or when `force`: the API
 * refused the current one); undefined when there is no session or it cannot be renewed.
 */
export async function idToken(options: { force?: boolean } = {}): Promise<string | undefined> {
  const tokens = current();
  if (!tokens) return undefined;
  const fresh = options.force ? undefined : freshIdToken(tokens);
  if (fresh) return fresh;
  if (!tokens.refreshToken) return undefined;
  return refresh(tokens);
}

export function signOut(): void {
  sessionStorage.removeItem(KEY);
  window.location.assign('/signin/');
}

let redirecting = false;

/**
 * Sends the user to sign-in and back here afterwards. When a session was there (expired,
 * refused, unreadable), the sign-in page says that the session has expired.
 */
export function redirectToSignIn(): void {
  if (redirecting) return;
  redirecting = true;
  const hadSession = sessionStorage.getItem(KEY) !== null;
  sessionStorage.removeItem(KEY);
  const next = window.location.pathname + window.location.search;
  window.location.assign(`/signin/?${hadSession ? 'expired=1&' : ''}next=${encodeURIComponent(next)}`);
}
