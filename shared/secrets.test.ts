import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadSecrets } from './secrets.ts';

describe('secrets', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const name of ['AWS_ENDPOINT_URL_SSM', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it('fetches nothing when values are set directly (local runs and tests)', async () => {
    const env: NodeJS.ProcessEnv = { LAGO_API_KEY: 'local-key', LAGO_API_KEY_PARAMETER: '/booking/lago-api-key' };
    await loadSecrets(env);
    expect(env.LAGO_API_KEY).toBe('local-key');
  });

  it('reads a parameter named by <VAR>_PARAMETER from SSM, decrypted, into <VAR>', async () => {
    // A stand-in for SSM's JSON 1.1 protocol, GetParameter only.
    const requests: Array<{ target: string; body: { Name?: string; WithDecryption?: boolean } }> = [];
    const server = http.createServer((req, res) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk));
      req.on('end', () => {
        const body = JSON.parse(text || '{}') as { Name?: string; WithDecryption?: boolean };
        requests.push({ target: String(req.headers['x-amz-target']), body });
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify({ Parameter: { Name: body.Name, Type: 'SecureString', Value: 'key-from-ssm', Version: 1 } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      Object.assign(process.env, {
        AWS_ENDPOINT_URL_SSM: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
      });
      // A fresh module: the secrets are read once per container (process).
      vi.resetModules();
      const fresh = await import('./secrets.ts');
      const env: NodeJS.ProcessEnv = { AWS_REGION: 'eu-west-3', LAGO_API_KEY_PARAMETER: '/booking/lago-api-key' };
      await fresh.loadSecrets(env);
      expect(env.LAGO_API_KEY).toBe('key-from-ssm');
      expect(requests).toEqual([{ target: 'AmazonSSM.GetParameter', body: { Name: '/booking/lago-api-key', WithDecryption: true } }]);
    } finally {
      server.close();
    }
  });
});
