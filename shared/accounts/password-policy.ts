/**
 * The user pool's password policy, one definition for the three places that need it: the CDK pool
 * (infra/stacks/auth-stack.ts), the local pool and its proxy (local/), and the site, which explains
 * the rules before a person submits rather than only after Cognito refuses.
 */
export const PASSWORD_POLICY = {
  minLength: 10,
  requireLowercase: true,
  requireUppercase: true,
  requireDigits: true,
  requireSymbols: true,
} as const;

/** The characters Cognito counts as symbols (its documented list; a space counts too when it is inside the password). */
const SYMBOLS = new Set('^$*.[]{}()?"!@#%&/\\,><\':;|_~`=+-');

export type PasswordRule = 'length' | 'lowercase' | 'uppercase' | 'digit' | 'symbol' | 'edgeSpace';

/** The rules a password breaks, in the order the site lists them; empty when Cognito will take it. */
export function passwordShortfalls(password: string): PasswordRule[] {
  const broken: PasswordRule[] = [];
  const characters = [...password];
  if (characters.length < PASSWORD_POLICY.minLength) broken.push('length');
  if (PASSWORD_POLICY.requireLowercase && !/[a-z]/.test(password)) broken.push('lowercase');
  if (PASSWORD_POLICY.requireUppercase && !/[A-Z]/.test(password)) broken.push('uppercase');
  if (PASSWORD_POLICY.requireDigits && !/[0-9]/.test(password)) broken.push('digit');
  const inner = characters.slice(1, -1);
  if (PASSWORD_POLICY.requireSymbols && !characters.some((c) => SYMBOLS.has(c)) && !inner.includes(' ')) broken.push('symbol');
  // Cognito refuses a password that starts or ends with a space.
  if (/^\s|\s$/.test(password)) broken.push('edgeSpace');
  return broken;
}
