import { describe, expect, it } from 'vitest';
import { isIanaTimeZone } from '../config.ts';
import { displayName, profileFromClaims } from './profile.ts';

const defaults = { timezone: 'Europe/Paris', isValidTimeZone: isIanaTimeZone };

describe('profile from the ID token', () => {
  it('takes the standard claims', () => {
    const profile = profileFromClaims(
      {
        id: 'sub-1',
        email: 'Jean.Dupont@Example.com',
        isAdmin: false,
        claims: { given_name: 'Jean', family_name: 'Dupont', phone_number: '+33612345678', zoneinfo: 'America/New_York', locale: 'en-US' },
      },
      defaults,
    );
    expect(profile).toEqual({
      id: 'sub-1',
      email: 'jean.dupont@example.com',
      firstName: 'Jean',
      lastName: 'Dupont',
      phone: '+33612345678',
      timezone: 'America/New_York',
      locale: 'en',
      role: 'client',
    });
  });

  it('falls back to the product defaults for missing or invalid claims', () => {
    const profile = profileFromClaims(
      { id: 'sub-2', email: 'a@example.com', isAdmin: true, claims: { zoneinfo: 'Nowhere/Town', locale: 'de', given_name: '  ' } },
      defaults,
    );
    expect(profile).toMatchObject({ timezone: 'Europe/Paris', locale: 'fr', role: 'admin', firstName: undefined });
  });

  it('names a person by name, else by email', () => {
    expect(displayName({ firstName: 'Jean', lastName: 'Dupont', email: 'j@example.com' })).toBe('Jean Dupont');
    expect(displayName({ email: 'j@example.com' })).toBe('j@example.com');
  });
});
