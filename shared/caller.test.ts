import { describe, expect, it } from 'vitest';
import { callerFromClaims, parseGroupsClaim } from './caller.ts';

describe('groups claim', () => {
  it('reads the bracketed form API Gateway HTTP APIs pass to Lambda', () => {
    expect(parseGroupsClaim('[admin editors]')).toEqual(['admin', 'editors']);
  });
  it('reads a real array and a comma-separated list', () => {
    expect(parseGroupsClaim(['admin'])).toEqual(['admin']);
    expect(parseGroupsClaim('editors,admin')).toEqual(['editors', 'admin']);
  });
  it('reads nothing from an absent or odd claim', () => {
    expect(parseGroupsClaim(undefined)).toEqual([]);
    expect(parseGroupsClaim(42)).toEqual([]);
  });
});

describe('caller', () => {
  it('is an admin only in the admin group', () => {
    expect(callerFromClaims({ sub: 'u1', email: 'A@Example.com', 'cognito:groups': '[admin]' })).toMatchObject({
      id: 'u1',
      email: 'a@example.com',
      isAdmin: true,
    });
    expect(callerFromClaims({ sub: 'u2', 'cognito:groups': '[administrators]' })?.isAdmin).toBe(false);
    expect(callerFromClaims({ sub: 'u3' })?.isAdmin).toBe(false);
  });
  it('does not exist without a subject', () => {
    expect(callerFromClaims(undefined)).toBeUndefined();
    expect(callerFromClaims({ email: 'x@example.com' })).toBeUndefined();
    expect(callerFromClaims({ sub: '' })).toBeUndefined();
  });
});
