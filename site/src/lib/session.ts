import { accountErrorMessage } from './account-errors.ts';
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
/** The signed-in person's profile as /me last answered in this tab (rememberProfile). */
const PROFILE_KEY = 'booking.profile';
/** How long a remembered profile stands in for /me: as long as an ID token lives. */
const PROFILE_MAX_AGE_MS = 60 * 60_000;

/**
 * A refusal from Cognito, with its type (NotAuthorizedException, CodeMismatchException, …) and a
 * message a person can act on, in French like every page that calls it (accountErrorMessage).
 */
export class SignInError extends Error {
  constructor(
    message: string,
    readonly type = '',
  ) {
    super(message);
  }
}

/** The step a sign-in may stop at before the session exists. */
export type SignInOutcome =
  | { step: 'done' }
  /** An invited user signs in with their temporary password: they choose their own now. */
  | { step: 'newPassword'; session: string }
  /** Signed up but the code was never entered. */
  | { step: 'confirmSignUp' };

async function cognito(action: string, body: object): Promise<Record<string, any>> {
  const config = await siteConfig();
  const endpoint = config.cognitoEndpoint ?? `https://cognito-idp.${config.region}.amazonaws.com/`;
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': `AWSCognitoIdentityProviderService.${action}`,
      },
      body: JSON.stringify(body),
    });
  } catch {
    throw new SignInError('Le service de connexion est injoignable. Vérifiez votre connexion et réessayez.', 'NetworkError');
  }
  const payload = await response.json().catch(() => ({}));
  if (!response.ok) {
    // Cognito names the error in __type ("NotAuthorizedException", sometimes with a prefix before "#").
    const type = String(payload.__type ?? payload.code ?? '').split('#').pop()!;
    throw new SignInError(accountErrorMessage(action, type, String(payload.message ?? '')), type);
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

export async function signIn(email: string, password: string): Promise<SignInOutcome> {
  const { userPoolClientId } = await siteConfig();
  let result: Record<string, any>;
  try {
    result = await cognito('InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: userPoolClientId,
      AuthParameters: { USERNAME: email.trim(), PASSWORD: password },
    });
  } catch (error) {
    if (error instanceof SignInError && error.type === 'UserNotConfirmedException') return { step: 'confirmSignUp' };
    throw error;
  }
  if (result.ChallengeName === 'NEW_PASSWORD_REQUIRED') return { step: 'newPassword', session: String(result.Session) };
  if (!result.AuthenticationResult) {
    throw new SignInError('Ce compte demande une étape de connexion que ce site ne propose pas encore. Contactez l’équipe.', String(result.ChallengeName ?? ''));
  }
  store(result.AuthenticationResult);
  return { step: 'done' };
}

/** The invited user's own password, in answer to NEW_PASSWORD_REQUIRED; signs them in. */
export async function completeNewPassword(email: string, session: string, newPassword: string): Promise<void> {
  const { userPoolClientId } = await siteConfig();
  const result = await cognito('RespondToAuthChallenge', {
    ChallengeName: 'NEW_PASSWORD_REQUIRED',
    ClientId: userPoolClientId,
    Session: session,
    ChallengeResponses: { USERNAME: email.trim(), NEW_PASSWORD: newPassword },
  });
  if (!result.AuthenticationResult) throw new SignInError('La connexion n’a pas abouti. Reconnectez-vous.', String(result.ChallengeName ?? ''));
  store(result.AuthenticationResult);
}

export interface SignUpDetails {
  email: string;
  password: string;
  givenName: string;
  familyName: string;
  /** IANA zone of the browser: the profile's time zone. */
  timezone?: string;
}

/**
 * Creates the account; Cognito e-mails a code. An address that already has an account gets the
 * same answer (the page moves on to the code step alike), so the form tells no one who has one.
 */
export async function signUp(details: SignUpDetails): Promise<void> {
  const { userPoolClientId } = await siteConfig();
  const attributes = [
    { Name: 'email', Value: details.email.trim() },
    { Name: 'given_name', Value: details.givenName.trim() },
    { Name: 'family_name', Value: details.familyName.trim() },
    { Name: 'locale', Value: 'fr' },
    ...(details.timezone ? [{ Name: 'zoneinfo', Value: details.timezone }] : []),
  ];
  try {
    await cognito('SignUp', { ClientId: userPoolClientId, Username: details.email.trim(), Password: details.password, UserAttributes: attributes });
  } catch (error) {
    if (error instanceof SignInError && error.type === 'UsernameExistsException') return;
    throw error;
  }
}

export async function confirmSignUp(email: string, code: string): Promise<void> {
  const { userPoolClientId } = await siteConfig();
  await cognito('ConfirmSignUp', { ClientId: userPoolClientId, Username: email.trim(), ConfirmationCode: code.trim() });
}

export async function resendSignUpCode(email: string): Promise<void> {
  const { userPoolClientId } = await siteConfig();
  await cognito('ResendConfirmationCode', { ClientId: userPoolClientId, Username: email.trim() });
}

/** Sends a reset code; the answer is the same whether or not the address has an account. */
export async function forgotPassword(email: string): Promise<void> {
  const { userPoolClientId } = await siteConfig();
  try {
    await cognito('ForgotPassword', { ClientId: userPoolClientId, Username: email.trim() });
  } catch (error) {
    // Cognito says "not found" only when the app client lets it; the page must not tell either way.
    if (error instanceof SignInError && /UserNotFound|NotAuthorized|InvalidParameter/.test(error.type)) return;
    throw error;
  }
}

export async function confirmForgotPassword(email: string, code: string, newPassword: string): Promise<void> {
  const { userPoolClientId } = await siteConfig();
  await cognito('ConfirmForgotPassword', { ClientId: userPoolClientId, Username: email.trim(), ConfirmationCode: code.trim(), Password: newPassword });
}

/** The signed-in user's access token (Cognito's own operations on the account want it); a fresh one. */
async function accessToken(): Promise<string> {
  await idToken();
  const token = current()?.accessToken;
  if (!token) throw new SignInError('Votre session a expiré, veuillez vous reconnecter.', 'NoSession');
  return token;
}

export async function changePassword(previousPassword: string, proposedPassword: string): Promise<void> {
  await cognito('ChangePassword', { AccessToken: await accessToken(), PreviousPassword: previousPassword, ProposedPassword: proposedPassword });
}

/**
 * Asks for a new sign-in address: Cognito e-mails a code to it and keeps the current one (the pool
 * keeps the original until the new one is verified) until verifyNewEmail.
 */
export async function requestEmailChange(newEmail: string): Promise<void> {
  await cognito('UpdateUserAttributes', { AccessToken: await accessToken(), UserAttributes: [{ Name: 'email', Value: newEmail.trim() }] });
}

export async function verifyNewEmail(code: string): Promise<void> {
  await cognito('VerifyUserAttribute', { AccessToken: await accessToken(), AttributeName: 'email', Code: code.trim() });
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

/**
 * Keeps the profile /me answered (after sign-in, after an edit) for the pages that follow, so a
 * page's frame does not wait for /me before asking for its own data: each call wakes a function,
 * and two in series are two cold starts on the way to the first screen. Bound to the person the
 * session's token names, so another account signing in on this tab never sees it.
 */
export function rememberProfile(profile: unknown): void {
  const sub = jwtClaims(current()?.idToken)?.sub;
  if (typeof sub === 'string') sessionStorage.setItem(PROFILE_KEY, JSON.stringify({ sub, at: Date.now(), profile }));
}

/** The remembered profile, while it belongs to the session's person and is less than an hour old. */
export function rememberedProfile<T>(): T | undefined {
  try {
    const saved = JSON.parse(sessionStorage.getItem(PROFILE_KEY) ?? 'null') as { sub?: unknown; at?: unknown; profile?: T } | null;
    const sub = jwtClaims(current()?.idToken)?.sub;
    const young = Date.now() - Number(saved?.at) < PROFILE_MAX_AGE_MS;
    return saved && sub !== undefined && saved.sub === sub && young ? saved.profile : undefined;
  } catch {
    return undefined;
  }
}

/** Ends the session; `disabled`: because an admin disabled the account (the sign-in page says so). */
export function signOut(options: { disabled?: boolean } = {}): void {
  sessionStorage.removeItem(KEY);
  sessionStorage.removeItem(PROFILE_KEY);
  window.location.assign(options.disabled ? '/signin/?disabled=1' : '/signin/');
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
  sessionStorage.removeItem(PROFILE_KEY);
  const next = window.location.pathname + window.location.search;
  window.location.assign(`/signin/?${hadSession ? 'expired=1&' : ''}next=${encodeURIComponent(next)}`);
}
