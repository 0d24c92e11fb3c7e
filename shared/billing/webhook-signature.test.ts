import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { acceptedIssuers, parsePublicKey, verifyHmac, verifyJwt } from './webhook-signature.ts';

const body = Buffer.from('{"webhook_type":"invoice.payment_status_updated","object_type":"invoice","invoice":{"lago_id":"x"}}');
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

function jwt(claims: object, header: object = { alg: 'RS256' }, key = privateKey) {
  const signed = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  return `${signed}.${b64url(sign('RSA-SHA256', Buffer.from(signed), key))}`;
}

const issuers = acceptedIssuers('https://api.getlago.com/api/v1');

describe('HMAC signatures', () => {
  const key = 'org-hmac-key';
  const good = createHmac('sha256', key).update(body).digest('base64');

  it('accepts the base64 HMAC-SHA256 of the raw body', () => {
    expect(verifyHmac(body, good, key)).toEqual({ valid: true });
  });

  it('refuses another key, another body, a truncated or non-base64 signature', () => {
    expect(verifyHmac(body, createHmac('sha256', 'other').update(body).digest('base64'), key).valid).toBe(false);
    expect(verifyHmac(Buffer.concat([body, Buffer.from(' ')]), good, key).valid).toBe(false);
    expect(verifyHmac(body, good.slice(0, 20), key).valid).toBe(false);
    expect(verifyHmac(body, '!!!', key).valid).toBe(false);
  });
});

describe('JWT signatures', () => {
  const key = parsePublicKey(pem);
  const claims = { data: body.toString('utf8'), iss: 'https://api.getlago.com' };

  it('accepts an RS256 token whose data is the body and whose issuer is the Lago API', () => {
    expect(verifyJwt(body, jwt(claims), key, issuers)).toEqual({ valid: true });
    expect(verifyJwt(body, jwt({ ...claims, iss: 'https://api.getlago.com/api/v1/' }), key, issuers)).toEqual({ valid: true });
  });

  it('reads the key as PEM, as base64 of the PEM (how Lago serves it) and with escaped newlines', () => {
    for (const text of [pem, Buffer.from(pem).toString('base64'), pem.replace(/\n/g, '\\n')]) {
      expect(verifyJwt(body, jwt(claims), parsePublicKey(text), issuers)).toEqual({ valid: true });
    }
  });

  it.each([
    ['another body', jwt({ ...claims, data: '{}' })],
    ['another issuer', jwt({ ...claims, iss: 'https://lago.evil.example' })],
    ['no issuer', jwt({ data: claims.data })],
    ['another signing key', jwt(claims, { alg: 'RS256' }, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey)],
    ['alg none', `${b64url('{"alg":"none"}')}.${b64url(JSON.stringify(claims))}.`],
    ['alg HS256', jwt(claims, { alg: 'HS256' })],
    ['not a JWT', 'abc'],
    ['garbage parts', 'a.b.c'],
  ])('refuses %s', (_, token) => {
    expect(verifyJwt(body, token, key, issuers).valid).toBe(false);
  });
});
