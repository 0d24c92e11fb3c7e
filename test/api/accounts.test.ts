import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CODE_LIMITS } from '../../local/gateway.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => stack?.stop());

/** What the site sends to Cognito, through the local gateway's /cognito as the browser does. */
async function cognito(operation: string, body: object) {
  const response = await fetch(`${stack.url}/cognito`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${operation}` },
    body: JSON.stringify({ ClientId: inject('pool').userPoolClientId, ...body }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

const address = () => `limit-${randomUUID().slice(0, 8)}@exemple.test`;

describe('the account operations a visitor may call', () => {
  it('answer a forgotten password and a code resend alike whether or not the address has an account', async () => {
    const known = await cognito('ForgotPassword', { Username: 'client@example.com' });
    const unknown = await cognito('ForgotPassword', { Username: address() });
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    expect(Object.keys(unknown.body.CodeDeliveryDetails).sort()).toEqual(Object.keys(known.body.CodeDeliveryDetails).sort());
    expect(unknown.body.CodeDeliveryDetails.DeliveryMedium).toBe('EMAIL');
    expect((await cognito('ResendConfirmationCode', { Username: address() })).status).toBe(200);
  });

  it('refuse a wrong password and an unknown address with the same answer', async () => {
    const wrong = await cognito('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'client@example.com', PASSWORD: 'Not-the-passw0rd!' } });
    const unknown = await cognito('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: address(), PASSWORD: 'Not-the-passw0rd!' } });
    expect(wrong).toEqual({ status: 400, body: { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' } });
    expect(unknown).toEqual(wrong);
  });

  it("refuse a password that breaks the pool's policy", async () => {
    const answer = await cognito('SignUp', { Username: address(), Password: 'radium1898' });
    expect(answer.status).toBe(400);
    expect(answer.body.__type).toBe('InvalidPasswordException');
  });

  it(`send at most ${CODE_LIMITS.perAddress.max} code e-mails an hour to one address, then say to wait`, async () => {
    const email = address();
    for (let n = 0; n < CODE_LIMITS.perAddress.max; n++) expect((await cognito('ForgotPassword', { Username: email })).status).toBe(200);
    expect(await cognito('ForgotPassword', { Username: email })).toEqual({
      status: 400,
      body: { __type: 'LimitExceededException', message: 'Attempt limit exceeded, please try after some time.' },
    });
    // Whatever the operation: a sign-up to that address is a code e-mail too.
    expect((await cognito('SignUp', { Username: email, Password: 'Radium-1898!' })).body.__type).toBe('LimitExceededException');
  });

  it(`send at most ${CODE_LIMITS.perCaller.max} code e-mails per 10 minutes for one caller, whatever the addresses`, async () => {
    // A gateway of its own: the other tests of this file spent some of this caller's allowance.
    const own = await startTestStack();
    try {
      const send = (email: string) =>
        fetch(`${own.url}/cognito`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.ForgotPassword' },
          body: JSON.stringify({ ClientId: inject('pool').userPoolClientId, Username: email }),
        }).then(async (r) => ({ status: r.status, type: ((await r.json()) as { __type?: string }).__type }));
      for (let n = 0; n < CODE_LIMITS.perCaller.max; n++) expect((await send(address())).status).toBe(200);
      expect(await send(address())).toEqual({ status: 400, type: 'LimitExceededException' });
    } finally {
      await own.stop();
    }
  });
});
