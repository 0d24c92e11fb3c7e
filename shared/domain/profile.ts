import { LOCALES, type Locale, type Role } from './vocabulary.ts';

export interface Profile {
  id: string;
  email: string;
  firstName?: string;
  lastName?: string;
  phone?: string;
  timezone: string;
  locale: Locale;
  role: Role;
}

const claimString = (claims: Readonly<Record<string, unknown>>, name: string) => {
  const value = claims[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
};

/**
 * The profile a first sign-in creates, from the ID token's standard claims (given_name,
 * family_name, phone_number, zoneinfo, locale); missing ones fall back to the product defaults.
 */
export function profileFromClaims(
  input: { id: string; email: string; isAdmin: boolean; claims: Readonly<Record<string, unknown>> },
  defaults: { timezone: string; isValidTimeZone: (zone: string) => boolean },
): Profile {
  const zone = claimString(input.claims, 'zoneinfo');
  const localeClaim = claimString(input.claims, 'locale')?.slice(0, 2).toLowerCase();
  return {
    id: input.id,
    email: input.email.toLowerCase(),
    firstName: claimString(input.claims, 'given_name'),
    lastName: claimString(input.claims, 'family_name'),
    phone: claimString(input.claims, 'phone_number'),
    timezone: zone && defaults.isValidTimeZone(zone) ? zone : defaults.timezone,
    locale: (LOCALES as readonly string[]).includes(localeClaim ?? '') ? (localeClaim as Locale) : 'fr',
    role: roleFor(input.isAdmin),
  };
}

/** Cognito group membership is the source of truth; the stored role mirrors it. */
export function roleFor(isAdmin: boolean): Role {
  return isAdmin ? 'admin' : 'client';
}

export function displayName(profile: Pick<Profile, 'firstName' | 'lastName' | 'email'>): string {
  const name = [profile.firstName, profile.lastName].filter(Boolean).join(' ');
  return name || profile.email;
}
