import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resetConfig } from '../config.ts';
import { type TokenContext, TokenDecryptError, openTokens, sealTokens } from './envelope.ts';
import { type FakeKms, startFakeKms } from './fake-kms.test-helper.ts';

const VARIABLES = ['TOKEN_KMS_KEY_ID', 'LOCAL_TOKEN_MASTER_KEY', 'AWS_ENDPOINT_URL_KMS'] as const;
const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));

function setEnv(values: Partial<Record<(typeof VARIABLES)[number], string>>): void {
  for (const name of VARIABLES) {
    const value = values[name];
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetConfig();
}

afterAll(() => {
  for (const name of VARIABLES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  resetConfig();
});

const context: TokenContext = { userId: 'user-1', connectionId: 'conn-1', provider: 'google' };
const tokens = {
  accessToken: 'ya29.a0AfB_byC-access-token-0123456789abcdefghijklmnopqrstuvwxyz',
  refreshToken: '1//0g-refresh-token-ABCDEFGHIJKLMNOPQRSTUVWXYZ-0123456789',
};
const ENVELOPE = /^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]*$/;

/** Flips one bit of the decoded bytes of part `index` (1 = wrapped key … 4 = ciphertext). */
function flipByte(envelope: string, index: number, at = 0): string {
  const parts = envelope.split('.');
  const bytes = Buffer.from(parts[index]!, 'base64url');
  bytes[at % bytes.length]! ^= 0x01;
  parts[index] = bytes.toString('base64url');
  return parts.join('.');
}

async function expectDecryptError(promise: Promise<unknown>): Promise<TokenDecryptError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TokenDecryptError);
  const message = (error as Error).message;
  for (const secret of Object.values(tokens)) expect(message).not.toContain(secret);
  return error as TokenDecryptError;
}

describe('token envelopes with the local master key', () => {
  const masterKey = randomBytes(32).toString('base64');
  beforeEach(() => setEnv({ LOCAL_TOKEN_MASTER_KEY: masterKey }));

  it('round-trips two tokens under one data key, without the plaintext in the envelope', async () => {
    const sealed = await sealTokens(tokens, context);
    expect(Object.keys(sealed).sort()).toEqual(['accessToken', 'refreshToken']);
    expect(sealed.accessToken).toMatch(ENVELOPE);
    expect(sealed.refreshToken).toMatch(ENVELOPE);
    // One data key for both: the same wrapped key, different IVs.
    expect(sealed.accessToken.split('.')[1]).toBe(sealed.refreshToken.split('.')[1]);
    expect(sealed.accessToken.split('.')[2]).not.toBe(sealed.refreshToken.split('.')[2]);
    // Local wrapped key = iv | tag | 32-byte data key.
    expect(Buffer.from(sealed.accessToken.split('.')[1]!, 'base64url')).toHaveLength(12 + 16 + 32);

    for (const envelope of Object.values(sealed)) {
      const decoded = Buffer.concat(envelope.split('.').slice(1).map((part) => Buffer.from(part, 'base64url')));
      for (const secret of Object.values(tokens)) {
        for (let i = 0; i + 8 <= secret.length; i += 4) {
          const piece = secret.slice(i, i + 8);
          expect(envelope).not.toContain(piece);
          expect(decoded.includes(piece)).toBe(false);
        }
      }
    }

    expect(await openTokens(sealed, context)).toEqual(tokens);
    expect(await openTokens({ refreshToken: sealed.refreshToken }, context)).toEqual({ refreshToken: tokens.refreshToken });
  });

  it('gives a different envelope each time the same text is sealed', async () => {
    const first = await sealTokens({ token: 'same text' }, context);
    const second = await sealTokens({ token: 'same text' }, context);
    expect(first.token).not.toBe(second.token);
    expect(first.token.split('.')[1]).not.toBe(second.token.split('.')[1]);
    // Envelopes from different seals open together.
    expect(await openTokens({ a: first.token, b: second.token }, context)).toEqual({ a: 'same text', b: 'same text' });
  });

  it('handles empty and non-ASCII secrets, and an empty record', async () => {
    const sealed = await sealTokens({ empty: '', unicode: 'jeton-é-🔑' }, context);
    expect(await openTokens(sealed, context)).toEqual({ empty: '', unicode: 'jeton-é-🔑' });
    expect(await sealTokens({}, context)).toEqual({});
    expect(await openTokens({}, context)).toEqual({});
  });

  it.each([
    ['connectionId', { ...context, connectionId: 'conn-2' }],
    ['userId', { ...context, userId: 'user-2' }],
    ['provider', { ...context, provider: 'microsoft' as const }],
  ])('does not open under another %s', async (_field, other) => {
    const sealed = await sealTokens(tokens, context);
    await expectDecryptError(openTokens(sealed, other));
  });

  it.each([
    [1, 'wrapped data key'],
    [2, 'iv'],
    [3, 'tag'],
    [4, 'ciphertext'],
  ])('does not open with a flipped byte in part %i (%s)', async (index) => {
    const { token } = await sealTokens({ token: tokens.accessToken }, context);
    for (const at of [0, 5, 11]) await expectDecryptError(openTokens({ token: flipByte(token, index, at) }, context));
  });

  it('refuses malformed envelopes: other version, missing parts, non-canonical or bad base64url, cut parts', async () => {
    const { token } = await sealTokens({ token: tokens.accessToken }, context);
    const parts = token.split('.');
    const tag = parts[3]!;
    // The last character of a 16-byte tag carries 4 unused bits: a different spelling of the same bytes.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sameBytesOtherSpelling = tag.slice(0, -1) + alphabet[alphabet.indexOf(tag.at(-1)!) ^ 1];
    expect(Buffer.from(sameBytesOtherSpelling, 'base64url').equals(Buffer.from(tag, 'base64url'))).toBe(true);
    const variants = [
      ['v2', ...parts.slice(1)].join('.'),
      parts.slice(0, 4).join('.'),
      [...parts, 'extra'].join('.'),
      [parts[0], parts[1], parts[2], sameBytesOtherSpelling, parts[4]].join('.'),
      [parts[0], parts[1], parts[2], `${tag}==`, parts[4]].join('.'),
      [parts[0], parts[1], parts[2]!.slice(0, -2), parts[3], parts[4]].join('.'),
      [parts[0], parts[1], parts[2], parts[3], parts[4]!.slice(0, -3)].join('.'),
      [parts[0], '', parts[2], parts[3], parts[4]].join('.'),
      'not an envelope',
    ];
    for (const variant of variants) await expectDecryptError(openTokens({ token: variant }, context));
    await expectDecryptError(openTokens({ token: 42 as unknown as string }, context));
  });

  it('does not open under another master key', async () => {
    const sealed = await sealTokens(tokens, context);
    setEnv({ LOCAL_TOKEN_MASTER_KEY: randomBytes(32).toString('base64') });
    await expectDecryptError(openTokens(sealed, context));
  });

  it('names both variables when neither key is configured', async () => {
    setEnv({});
    const error = await sealTokens(tokens, context).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(TokenDecryptError);
    expect(error?.message).toContain('TOKEN_KMS_KEY_ID');
    expect(error?.message).toContain('LOCAL_TOKEN_MASTER_KEY');
  });

  it('refuses an incomplete context', async () => {
    await expect(sealTokens(tokens, { ...context, userId: '' })).rejects.toThrow(/userId/);
    await expect(sealTokens(tokens, { ...context, provider: 'apple' as 'google' })).rejects.toThrow(/provider/);
  });
});

describe('token envelopes with KMS (fake KMS over the JSON protocol)', () => {
  const keyId = 'arn:aws:kms:eu-west-3:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  let kms: FakeKms;

  beforeAll(async () => {
    kms = await startFakeKms();
  });
  afterAll(async () => {
    await kms.close();
  });
  // No local master key: every data key must come from (the fake) KMS.
  beforeEach(() => setEnv({ TOKEN_KMS_KEY_ID: keyId, AWS_ENDPOINT_URL_KMS: kms.url }));
  afterEach(() => {
    kms.calls.length = 0;
  });

  it('round-trips with ONE GenerateDataKey per seal and ONE Decrypt per open, under the purpose context', async () => {
    const sealed = await sealTokens(tokens, context);
    expect(kms.count('GenerateDataKey')).toBe(1);
    expect(kms.count('Decrypt')).toBe(0);
    expect(sealed.accessToken).toMatch(ENVELOPE);
    expect(sealed.accessToken.split('.')[1]).toBe(sealed.refreshToken.split('.')[1]);
    const expectedContext = { purpose: 'calendar-token', userId: 'user-1', connectionId: 'conn-1', provider: 'google' };
    expect(kms.calls[0]!.body).toEqual({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: expectedContext });

    expect(await openTokens(sealed, context)).toEqual(tokens);
    expect(kms.count('GenerateDataKey')).toBe(1);
    expect(kms.count('Decrypt')).toBe(1);
    expect(kms.calls[1]!.body).toMatchObject({ KeyId: keyId, EncryptionContext: expectedContext });
  });

  it('unwraps each distinct data key once when envelopes from several seals are opened together', async () => {
    const first = await sealTokens(tokens, context);
    const second = await sealTokens({ other: 'x' }, context);
    kms.calls.length = 0;
    expect(await openTokens({ ...first, ...second }, context)).toEqual({ ...tokens, other: 'x' });
    expect(kms.count('Decrypt')).toBe(2);
  });

  it('fails with TokenDecryptError under another context (KMS refuses the data key)', async () => {
    const sealed = await sealTokens(tokens, context);
    await expectDecryptError(openTokens(sealed, { ...context, connectionId: 'conn-2' }));
    expect(kms.count('Decrypt')).toBe(1);
    await expectDecryptError(openTokens(sealed, { ...context, provider: 'microsoft' }));
  });

  it('fails with TokenDecryptError for a tampered wrapped key or ciphertext', async () => {
    const { token } = await sealTokens({ token: tokens.accessToken }, context);
    await expectDecryptError(openTokens({ token: flipByte(token, 1) }, context));
    await expectDecryptError(openTokens({ token: flipByte(token, 4) }, context));
  });

  it('fails with TokenDecryptError when the envelope was made under another KMS key', async () => {
    const sealed = await sealTokens(tokens, context);
    setEnv({ TOKEN_KMS_KEY_ID: `${keyId}-other`, AWS_ENDPOINT_URL_KMS: kms.url });
    const error = await expectDecryptError(openTokens(sealed, context));
    expect(error.message).toContain('IncorrectKeyException');
  });

  it('lets other KMS failures through as they are (not a TokenDecryptError)', async () => {
    const sealed = await sealTokens(tokens, context);
    kms.failNext('AccessDeniedException');
    const error = await openTokens(sealed, context).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.name).toBe('AccessDeniedException');
    expect(error).not.toBeInstanceOf(TokenDecryptError);
  });
});
