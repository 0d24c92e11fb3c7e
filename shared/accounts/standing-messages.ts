/** What the API says when an account's standing stops a request (shared/accounts/standing.ts); the site recognises them. */
export const ACCOUNT_DISABLED = 'This account is disabled';
export const SESSION_OUTDATED = 'Your access changed: sign in again';
