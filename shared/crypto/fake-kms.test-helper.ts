import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny stand-in for AWS KMS (JSON 1.1 protocol, `X-Amz-Target: TrentService.*`) with the two
 * operations envelope encryption uses. Like KMS, Decrypt answers InvalidCiphertextException unless
 * the EncryptionContext equals the one given to GenerateDataKey, and IncorrectKeyException when
 * the KeyId differs from the key that made the blob.
 */
export interface FakeKms {
  url: string;
  /** Every request received, in order. */
  calls: { operation: string; body: Record<string, unknown> }[];
  count(operation: 'GenerateDataKey' | 'Decrypt'): number;
  /** The next request answers 400 with this error type instead (e.g. AccessDeniedException). */
  failNext(type: string): void;
  close(): Promise<void>;
}

interface Issued {
  keyId: string;
  plaintext: Buffer;
  context: string;
}

export async function startFakeKms(): Promise<FakeKms> {
  const issued = new Map<string, Issued>();
  const calls: FakeKms['calls'] = [];
  let nextFailure: string | undefined;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(body));
      };
      const fail = (type: string, message = type) => reply(400, { __type: type, message });

      const target = String(req.headers['x-amz-target'] ?? '');
      if (req.method !== 'POST' || !String(req.headers['content-type'] ?? '').startsWith('application/x-amz-json-1.1')) {
        return fail('UnsupportedMediaType', 'expected POST application/x-amz-json-1.1');
      }
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      } catch {
        return fail('SerializationException');
      }
      const operation = target.replace(/^TrentService\./, '');
      calls.push({ operation, body });
      if (nextFailure) {
        const type = nextFailure;
        nextFailure = undefined;
        return fail(type);
      }

      if (target === 'TrentService.GenerateDataKey') {
        if (typeof body.KeyId !== 'string' || body.KeySpec !== 'AES_256') return fail('ValidationException');
        const blob = randomBytes(48).toString('base64');
        const plaintext = randomBytes(32);
        issued.set(blob, { keyId: body.KeyId, plaintext, context: canonical(body.EncryptionContext) });
        return reply(200, { KeyId: keyArn(body.KeyId), CiphertextBlob: blob, Plaintext: plaintext.toString('base64') });
      }
      if (target === 'TrentService.Decrypt') {
        const found = typeof body.CiphertextBlob === 'string' ? issued.get(body.CiphertextBlob) : undefined;
        if (!found || found.context !== canonical(body.EncryptionContext)) return fail('InvalidCiphertextException');
        if (body.KeyId !== undefined && body.KeyId !== found.keyId) return fail('IncorrectKeyException');
        return reply(200, {
          KeyId: keyArn(found.keyId),
          Plaintext: found.plaintext.toString('base64'),
          EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
        });
      }
      return fail('UnknownOperationException', `unknown target ${target}`);
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    count: (operation) => calls.filter((call) => call.operation === operation).length,
    failNext: (type) => {
      nextFailure = type;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function canonical(context: unknown): string {
  const entries = context && typeof context === 'object' ? Object.entries(context) : [];
  return JSON.stringify(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function keyArn(keyId: string): string {
  return keyId.startsWith('arn:') ? keyId : `arn:aws:kms:eu-west-3:111122223333:key/${keyId}`;
}
