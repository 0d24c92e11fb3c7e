import { describe, expect, it } from 'vitest';
import { loadSecrets } from './secrets.ts';

describe('secrets', () => {
  it('fetches nothing when values are set directly (local runs and tests)', async () => {
    const env: NodeJS.ProcessEnv = { LAGO_API_KEY: 'local-key', LAGO_API_KEY_PARAMETER: '/booking/lago-api-key' };
    await loadSecrets(env);
    expect(env.LAGO_API_KEY).toBe('local-key');
  });
});
