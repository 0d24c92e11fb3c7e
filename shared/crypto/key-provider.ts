import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { KMSClient } from '@aws-sdk/client-kms';
import { loadAwsSdk } from '../aws/load-sdk.ts';
import { config } from '../config.ts';
import { TokenDecryptError } from './errors.ts';

/** What KMS receives as encryption context (and, serialised canonically, the AES-GCM AAD). */
export type EncryptionContext = Readonly<Record<string, string>>;

export interface DataKey {
  /** The 32-byte AES key. The caller zeroes it (`fill(0)`) once done. */
  plaintext: Uint8Array;
  /** The data key wrapped under the master key, stored in every envelope. */
  wrapped: Uint8Array;
}

/** Makes and unwraps data keys: KMS in AWS, a local master key elsewhere. */
export interface KeyProvider {
  generateDataKey(context: EncryptionContext): Promise<DataKey>;
  /** Throws TokenDecryptError when the wrapped key does not open under this context and key. */
  unwrapDataKey(wrapped: Uint8Array, context: EncryptionContext): Promise<Uint8Array>;
}

export const DATA_KEY_BYTES = 32;
export const IV_BYTES = 12;
export const TAG_BYTES = 16;

/** Sorted keys, JSON: the same bytes for the same context whatever order it was built in. */
export function canonicalAad(context: EncryptionContext): Buffer {
  const sorted = Object.fromEntries(Object.entries(context).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return Buffer.from(JSON.stringify(sorted), 'utf8');
}

/** The provider the configuration asks for: KMS when TOKEN_KMS_KEY_ID is set, else the local master key. */
export function keyProvider(): KeyProvider {
  const { TOKEN_KMS_KEY_ID, LOCAL_TOKEN_MASTER_KEY, AWS_REGION } = config();
  if (TOKEN_KMS_KEY_ID) return kmsKeyProvider(() => kmsClient(AWS_REGION), TOKEN_KMS_KEY_ID);
  if (LOCAL_TOKEN_MASTER_KEY) return localKeyProvider(LOCAL_TOKEN_MASTER_KEY);
  throw new Error(
    'Calendar tokens cannot be encrypted: set TOKEN_KMS_KEY_ID (AWS KMS key) or LOCAL_TOKEN_MASTER_KEY (base64 of 32 bytes, openssl rand -base64 32).',
  );
}

// ---------------------------------------------------------------------------------------------
// AWS KMS

// The KMS SDK is loaded when a token is first encrypted or decrypted (shared/aws/load-sdk.ts):
// several functions that import this module (listing connections, exporting a profile) never do,
// and skip its cold-start cost.

let cachedKms: { client: KMSClient; key: string } | undefined;

/**
 * One client per container, made on first use. The SDK itself honours AWS_ENDPOINT_URL_KMS (and
 * AWS_ENDPOINT_URL) but latches the endpoint on a client's first request, so the client is
 * remade if the region or those variables change (only ever in tests).
 */
async function kmsClient(region: string): Promise<KMSClient> {
  const key = [region, process.env.AWS_ENDPOINT_URL_KMS ?? '', process.env.AWS_ENDPOINT_URL ?? ''].join('\n');
  if (cachedKms?.key !== key) {
    const { KMSClient } = loadAwsSdk('@aws-sdk/client-kms');
    cachedKms = { client: new KMSClient({ region }), key };
  }
  return cachedKms.client;
}

/** KMS errors that mean "this wrapped key does not open here", as opposed to throttling, access or outages. */
const UNWRAP_FAILURES = new Set(['InvalidCiphertextException', 'IncorrectKeyException']);

/** `client`: a client, or how to get one (made on first use). */
export function kmsKeyProvider(client: KMSClient | (() => Promise<KMSClient>), keyId: string): KeyProvider {
  const clientOf = typeof client === 'function' ? client : async () => client;
  return {
    async generateDataKey(context) {
      const { GenerateDataKeyCommand } = loadAwsSdk('@aws-sdk/client-kms');
      const kms = await clientOf();
      const out = await kms.send(
        new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: { ...context } }),
      );
      if (out.Plaintext?.length !== DATA_KEY_BYTES || !out.CiphertextBlob?.length) {
        out.Plaintext?.fill(0);
        throw new Error('KMS GenerateDataKey returned no usable data key');
      }
      return { plaintext: out.Plaintext, wrapped: out.CiphertextBlob };
    },
    async unwrapDataKey(wrapped, context) {
      const { DecryptCommand } = loadAwsSdk('@aws-sdk/client-kms');
      const kms = await clientOf();
      let plaintext: Uint8Array | undefined;
      try {
        ({ Plaintext: plaintext } = await kms.send(
          new DecryptCommand({ CiphertextBlob: wrapped, EncryptionContext: { ...context }, KeyId: keyId }),
        ));
      } catch (error) {
        const name = error instanceof Error ? error.name : '';
        if (UNWRAP_FAILURES.has(name)) throw new TokenDecryptError(`Calendar token data key does not open (KMS ${name})`);
        throw error;
      }
      if (plaintext?.length !== DATA_KEY_BYTES) {
        plaintext?.fill(0);
        throw new TokenDecryptError('Calendar token data key does not open (unexpected KMS plaintext)');
      }
      return plaintext;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Local master key: the wrapped data key is iv | tag | AES-256-GCM(data key), AAD = the context.

export function localKeyProvider(masterKeyBase64: string): KeyProvider {
  const withMasterKey = <T>(use: (masterKey: Buffer) => T): T => {
    const masterKey = Buffer.from(masterKeyBase64, 'base64');
    try {
      if (masterKey.length !== DATA_KEY_BYTES) throw new Error('LOCAL_TOKEN_MASTER_KEY must be 32 bytes in base64');
      return use(masterKey);
    } finally {
      masterKey.fill(0);
    }
  };
  return {
    async generateDataKey(context) {
      const plaintext = randomBytes(DATA_KEY_BYTES);
      const wrapped = withMasterKey((masterKey) => {
        const iv = randomBytes(IV_BYTES);
        const cipher = createCipheriv('aes-256-gcm', masterKey, iv, { authTagLength: TAG_BYTES });
        cipher.setAAD(canonicalAad(context));
        const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
        return Buffer.concat([iv, cipher.getAuthTag(), body]);
      });
      return { plaintext, wrapped };
    },
    async unwrapDataKey(wrapped, context) {
      if (wrapped.length !== IV_BYTES + TAG_BYTES + DATA_KEY_BYTES) {
        throw new TokenDecryptError('Calendar token data key does not open (malformed wrapped key)');
      }
      return withMasterKey((masterKey) => {
        const bytes = Buffer.from(wrapped.buffer, wrapped.byteOffset, wrapped.byteLength);
        const decipher = createDecipheriv('aes-256-gcm', masterKey, bytes.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
        decipher.setAAD(canonicalAad(context));
        decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        const first = decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES));
        try {
          const last = decipher.final();
          const plaintext = Buffer.concat([first, last]);
          last.fill(0);
          return plaintext;
        } catch {
          throw new TokenDecryptError('Calendar token data key does not open (wrong context or master key, or tampered)');
        } finally {
          first.fill(0);
        }
      });
    },
  };
}
