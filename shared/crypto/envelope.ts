import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { TokenDecryptError } from './errors.ts';
import { type EncryptionContext, DATA_KEY_BYTES, IV_BYTES, TAG_BYTES, canonicalAad, keyProvider } from './key-provider.ts';

/**
 * Envelope encryption of OAuth tokens at rest (docs/CALENDAR_SYNC.md, "Tokens at rest").
 *
 * Envelope: `v1.<wrapped data key>.<iv>.<tag>.<ciphertext>`, each part base64url without padding.
 * The secret is AES-256-GCM under a data key (random 96-bit IV per secret); the AAD is the
 * encryption context `{ purpose: "calendar-token", userId, connectionId, provider }` as JSON with
 * sorted keys. The data key is wrapped by KMS (GenerateDataKey with that same context) or, without
 * TOKEN_KMS_KEY_ID, by AES-256-GCM under LOCAL_TOKEN_MASTER_KEY (wrapped part = iv | tag | key).
 */

export { TokenDecryptError } from './errors.ts';

export interface TokenContext {
  userId: string;
  connectionId: string;
  provider: 'google' | 'microsoft';
}

export const TOKEN_PURPOSE = 'calendar-token';
const VERSION = 'v1';

/** Encrypts several secrets under ONE new data key (one KMS GenerateDataKey call); returns the same keys with envelope strings. */
export async function sealTokens<K extends string>(secrets: Record<K, string>, context: TokenContext): Promise<Record<K, string>> {
  const encryptionContext = toEncryptionContext(context);
  const entries = Object.entries(secrets) as [K, unknown][];
  for (const [name, value] of entries) {
    if (typeof value !== 'string') throw new TypeError(`sealTokens: ${name} must be a string`);
  }
  if (entries.length === 0) return {} as Record<K, string>;

  const aad = canonicalAad(encryptionContext);
  const dataKey = await keyProvider().generateDataKey(encryptionContext);
  try {
    const wrapped = encode(dataKey.wrapped);
    const sealed = entries.map(([name, value]) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', dataKey.plaintext, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(aad);
      const plaintext = Buffer.from(value as string, 'utf8');
      try {
        const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
        return [name, [VERSION, wrapped, encode(iv), encode(cipher.getAuthTag()), encode(body)].join('.')] as const;
      } finally {
        plaintext.fill(0);
      }
    });
    return Object.fromEntries(sealed) as Record<K, string>;
  } finally {
    dataKey.plaintext.fill(0);
  }
}

/** Decrypts envelopes made by sealTokens with the same context; envelopes sharing a wrapped data key cost ONE KMS Decrypt. */
export async function openTokens<K extends string>(envelopes: Record<K, string>, context: TokenContext): Promise<Record<K, string>> {
  const encryptionContext = toEncryptionContext(context);
  const aad = canonicalAad(encryptionContext);

  // Parse everything first: a malformed envelope fails before any KMS call.
  const byWrappedKey = new Map<string, { wrapped: Buffer; items: { name: K; parts: ParsedEnvelope }[] }>();
  for (const [name, envelope] of Object.entries(envelopes) as [K, unknown][]) {
    const parts = parseEnvelope(name, envelope);
    let group = byWrappedKey.get(parts.wrappedText);
    if (!group) byWrappedKey.set(parts.wrappedText, (group = { wrapped: parts.wrapped, items: [] }));
    group.items.push({ name, parts });
  }
  if (byWrappedKey.size === 0) return {} as Record<K, string>;

  const provider = keyProvider();
  const groups = await Promise.all(
    [...byWrappedKey.values()].map(async ({ wrapped, items }) => {
      const dataKey = await provider.unwrapDataKey(wrapped, encryptionContext);
      try {
        if (dataKey.length !== DATA_KEY_BYTES) throw new TokenDecryptError('Calendar token data key has the wrong length');
        return items.map(({ name, parts }) => [name, decryptOne(name, parts, dataKey, aad)] as const);
      } finally {
        dataKey.fill(0);
      }
    }),
  );
  return Object.fromEntries(groups.flat()) as Record<K, string>;
}

// ---------------------------------------------------------------------------------------------

interface ParsedEnvelope {
  wrappedText: string;
  wrapped: Buffer;
  iv: Buffer;
  tag: Buffer;
  body: Buffer;
}

function toEncryptionContext(context: TokenContext): EncryptionContext {
  const { userId, connectionId, provider } = context ?? ({} as Partial<TokenContext>);
  if (typeof userId !== 'string' || userId === '') throw new TypeError('TokenContext.userId must be a non-empty string');
  if (typeof connectionId !== 'string' || connectionId === '') throw new TypeError('TokenContext.connectionId must be a non-empty string');
  if (provider !== 'google' && provider !== 'microsoft') throw new TypeError('TokenContext.provider must be "google" or "microsoft"');
  return { purpose: TOKEN_PURPOSE, userId, connectionId, provider };
}

function parseEnvelope(name: string, envelope: unknown): ParsedEnvelope {
  const malformed = () => new TokenDecryptError(`Calendar token ${name} is not a ${VERSION} envelope`);
  if (typeof envelope !== 'string') throw malformed();
  const parts = envelope.split('.');
  if (parts.length !== 5 || parts[0] !== VERSION) throw malformed();
  const [, wrappedText, ivText, tagText, bodyText] = parts as [string, string, string, string, string];
  const wrapped = decode(wrappedText);
  const iv = decode(ivText);
  const tag = decode(tagText);
  const body = decode(bodyText);
  if (!wrapped?.length || iv?.length !== IV_BYTES || tag?.length !== TAG_BYTES || !body) throw malformed();
  return { wrappedText, wrapped, iv, tag, body };
}

function decryptOne(name: string, { iv, tag, body }: ParsedEnvelope, dataKey: Uint8Array, aad: Buffer): string {
  const decipher = createDecipheriv('aes-256-gcm', dataKey, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  const first = decipher.update(body);
  try {
    const last = decipher.final();
    const plaintext = Buffer.concat([first, last]);
    last.fill(0);
    const text = plaintext.toString('utf8');
    plaintext.fill(0);
    return text;
  } catch {
    throw new TokenDecryptError(`Calendar token ${name} does not decrypt (wrong context or key, or tampered)`);
  } finally {
    first.fill(0);
  }
}

function encode(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

/** Strict base64url: Node's decoder skips stray characters, so only the canonical spelling is accepted. */
function decode(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}
