import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { PostConfirmationTriggerEvent } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { jobs, listJobs } from '../../functions/routes.ts';
import { cognitoClient } from '../../local/cognito-local.ts';
import { DEMO_PASSWORD } from '../../local/demo.ts';
import { invokeJob } from '../../local/jobs.ts';
import { REGION } from '../../local/runtime.ts';
import { createUser, getUser, updateProfile } from '../../shared/db/users.ts';
import { ADMIN_GROUP } from '../../shared/domain/vocabulary.ts';
import { logger } from '../../shared/logger.ts';
import { countDynamoDbRequests } from '../helpers/request-counter.ts';
import { call, idTokenFor, startTestStack, type TestStack } from '../helpers/stack.ts';

/**
 * The user pool's PostConfirmation trigger (functions/events/create-profile-on-sign-up.ts), invoked
 * as Lambda would (its manifest entry, a context with its timeout) with the event Cognito sends,
 * for users that exist in cognito-local, against DynamoDB Local.
 */
const job = listJobs().find((entry) => entry.name === 'create-profile-on-sign-up')!;
const cognito = () => cognitoClient(inject('cognitoUrl'), REGION);
const pool = () => inject('pool');

let stack: TestStack;
let countRequests: ReturnType<typeof countDynamoDbRequests>;
beforeAll(async () => {
  stack = await startTestStack();
  countRequests = countDynamoDbRequests();
});
afterAll(() => stack.stop());

interface SignedUp {
  id: string;
  /** As typed at sign-up (mixed case); the profile keeps it lower-cased. */
  email: string;
  userName: string;
}

/** A user as after SignUp + ConfirmSignUp (made with the admin API: cognito-local sends no codes), with a password to sign in. */
async function signedUpUser(attributes: Record<string, string>, options: { admin?: boolean } = {}): Promise<SignedUp> {
  const email = `New.User-${randomUUID()}@Test.Example.com`;
  await cognito().send(
    new AdminCreateUserCommand({
      UserPoolId: pool().userPoolId,
      Username: email,
      MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: email }, { Name: 'email_verified', Value: 'true' }, ...Object.entries(attributes).map(([Name, Value]) => ({ Name, Value }))],
    }),
  );
  await cognito().send(new AdminSetUserPasswordCommand({ UserPoolId: pool().userPoolId, Username: email, Password: DEMO_PASSWORD, Permanent: true }));
  if (options.admin) {
    await cognito().send(new AdminAddUserToGroupCommand({ UserPoolId: pool().userPoolId, Username: email, GroupName: ADMIN_GROUP }));
  }
  const user = await cognito().send(new AdminGetUserCommand({ UserPoolId: pool().userPoolId, Username: email }));
  const id = user.UserAttributes!.find((a) => a.Name === 'sub')!.Value!;
  return { id, email, userName: user.Username! };
}

/** What Cognito hands the trigger (PostConfirmationTriggerEvent): the user's current attributes, as strings. */
async function confirmationEvent(
  user: SignedUp,
  triggerSource: PostConfirmationTriggerEvent['triggerSource'] = 'PostConfirmation_ConfirmSignUp',
): Promise<PostConfirmationTriggerEvent> {
  const current = await cognito().send(new AdminGetUserCommand({ UserPoolId: pool().userPoolId, Username: user.userName }));
  const userAttributes = Object.fromEntries(current.UserAttributes!.map((a) => [a.Name!, a.Value!]));
  return {
    version: '1',
    region: REGION,
    userPoolId: pool().userPoolId,
    userName: user.userName,
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: pool().userPoolClientId },
    triggerSource,
    request: { userAttributes: { ...userAttributes, 'cognito:user_status': 'CONFIRMED' } },
    response: {},
  } as PostConfirmationTriggerEvent;
}

/** Invokes the trigger; it must hand Cognito back the very event it got, unchanged. */
async function trigger(event: PostConfirmationTriggerEvent) {
  const sent = structuredClone(event);
  const returned = await invokeJob(job, event);
  expect(returned).toEqual(sent);
  return returned;
}

describe('the PostConfirmation trigger (profile on sign-up)', () => {
  it('is the manifest job of the user pool trigger, with the table access of GET /api/me', () => {
    expect(job).toMatchObject({ trigger: 'CognitoPostConfirmation', table: 'readWrite', grants: ['readSignInGroups'] });
    expect(jobs['create-profile-on-sign-up'].timeoutSeconds).toBeLessThanOrEqual(5);
  });

  it('creates the profile from the attributes, once: a second call keeps what the user changed meanwhile; GET /api/me returns it', async () => {
    const user = await signedUpUser({ given_name: 'Élodie', family_name: 'Marchand', phone_number: '+33612345678', locale: 'en-GB', zoneinfo: 'America/Montreal' });
    expect(await getUser(user.id)).toBeNull();
    const event = await confirmationEvent(user);

    const first = await countRequests(() => trigger(event));
    expect(first).toEqual(['GetItem', 'TransactWriteItems', 'GetItem']);
    const created = await getUser(user.id);
    expect(created).toMatchObject({
      id: user.id,
      email: user.email.toLowerCase(),
      firstName: 'Élodie',
      lastName: 'Marchand',
      phone: '+33612345678',
      locale: 'en',
      timezone: 'America/Montreal',
      role: 'client',
      emailNotifications: true,
    });

    // The user edits their profile; Cognito retries the trigger (it does when a trigger is slow).
    await updateProfile(user.id, { firstName: 'Élo', lastName: null, timezone: 'Europe/Brussels', emailNotifications: false });
    const edited = await getUser(user.id);
    const second = await countRequests(() => trigger(event));
    expect(second).toEqual(['GetItem']);
    expect(await getUser(user.id)).toEqual(edited);
    expect(edited).toMatchObject({ firstName: 'Élo', timezone: 'Europe/Brussels', emailNotifications: false, createdAt: created!.createdAt });
    expect(edited!.lastName).toBeUndefined();

    // The first sign-in finds that profile: GET /api/me creates nothing and changes nothing.
    const me = await call(`${stack.url}/api/me`, { token: await idTokenFor(user.email) });
    expect(me.status).toBe(200);
    expect(me.body.data).toMatchObject({
      id: user.id,
      email: user.email.toLowerCase(),
      firstName: 'Élo',
      phone: '+33612345678',
      timezone: 'Europe/Brussels',
      locale: 'en',
      role: 'client',
      emailNotifications: false,
      createdAt: created!.createdAt,
    });
    expect(me.body.data.lastName).toBeUndefined();
    expect(await getUser(user.id)).toEqual(edited);
  });

  it('gives the product defaults for what the attributes leave out, as the first GET /api/me would', async () => {
    const user = await signedUpUser({ locale: 'de', zoneinfo: 'Not/AZone' });
    await trigger(await confirmationEvent(user));
    const created = await getUser(user.id);
    expect(created).toMatchObject({ email: user.email.toLowerCase(), role: 'client', locale: 'fr', timezone: 'Europe/Paris', emailNotifications: true });
    expect(created).not.toHaveProperty('firstName');
    expect(created).not.toHaveProperty('lastName');
    expect(created).not.toHaveProperty('phone');
  });

  it('makes the profile an admin when the user is in the Cognito `admin` group', async () => {
    const user = await signedUpUser({ given_name: 'Ada' }, { admin: true });
    await trigger(await confirmationEvent(user));
    expect(await getUser(user.id)).toMatchObject({ id: user.id, firstName: 'Ada', role: 'admin' });
    const me = await call(`${stack.url}/api/me`, { token: await idTokenFor(user.email) });
    expect(me.body.data).toMatchObject({ id: user.id, role: 'admin' });
  });

  it('leaves the profile made by a first GET /api/me as it is', async () => {
    const user = await signedUpUser({ given_name: 'Early' });
    const me = await call(`${stack.url}/api/me`, { token: await idTokenFor(user.email) });
    expect(me.status).toBe(200);
    await updateProfile(user.id, { firstName: 'Changed' });
    const before = await getUser(user.id);
    await trigger(await confirmationEvent(user));
    expect(await getUser(user.id)).toEqual(before);
  });

  it('creates one profile when Cognito runs it twice at once', async () => {
    const user = await signedUpUser({ family_name: 'Twice' });
    const event = await confirmationEvent(user);
    await Promise.all([trigger(event), trigger(structuredClone(event))]);
    expect(await getUser(user.id)).toMatchObject({ id: user.id, lastName: 'Twice' });
  });

  it('changes nothing after a password reset (PostConfirmation_ConfirmForgotPassword)', async () => {
    const withProfile = await signedUpUser({ given_name: 'Before' });
    await trigger(await confirmationEvent(withProfile));
    const before = await getUser(withProfile.id);
    await cognito().send(
      new AdminUpdateUserAttributesCommand({ UserPoolId: pool().userPoolId, Username: withProfile.userName, UserAttributes: [{ Name: 'given_name', Value: 'After' }] }),
    );
    const reset = await confirmationEvent(withProfile, 'PostConfirmation_ConfirmForgotPassword');
    expect(reset.request.userAttributes.given_name).toBe('After');
    expect(await countRequests(() => trigger(reset))).toEqual([]);
    expect(await getUser(withProfile.id)).toEqual(before);

    const withoutProfile = await signedUpUser({ given_name: 'Nobody' });
    const resetOnly = await confirmationEvent(withoutProfile, 'PostConfirmation_ConfirmForgotPassword');
    expect(await countRequests(() => trigger(resetOnly))).toEqual([]);
    expect(await getUser(withoutProfile.id)).toBeNull();
  });

  it('never fails the confirmation: a profile it cannot create is logged, and GET /api/me says why later', async () => {
    const user = await signedUpUser({ given_name: 'Clash' });
    // Another profile already holds this email (say, an account recreated in Cognito).
    await createUser({ id: randomUUID(), email: user.email.toLowerCase(), timezone: 'Europe/Paris', locale: 'fr', role: 'client' });
    const errors = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    try {
      await trigger(await confirmationEvent(user));
      expect(errors).toHaveBeenCalledWith(expect.stringContaining('profile on sign-up failed'), expect.objectContaining({ userName: user.userName }));
    } finally {
      errors.mockRestore();
    }
    expect(await getUser(user.id)).toBeNull();
    const me = await call(`${stack.url}/api/me`, { token: await idTokenFor(user.email) });
    expect(me.status).toBe(409);
  });
});
