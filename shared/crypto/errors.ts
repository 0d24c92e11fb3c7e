/**
 * A token envelope that cannot be opened: wrong encryption context (another user, connection or
 * provider), a tampered or malformed envelope, or a different key. The message names at most the
 * record key and a KMS error name; never plaintext, ciphertext or key material.
 */
export class TokenDecryptError extends Error {
  override name = 'TokenDecryptError';
}
