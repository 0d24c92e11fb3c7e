import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTION_ENVIRONMENT } from '../infra/constructs/bundling.ts';
import { productionBundle } from '../test/helpers/production-bundle.ts';
import { mapStack } from './mapped-stack.ts';

const FIXTURE = 'test/fixtures/failing-route.ts';
/** The line of the fixture's `throw`. */
const THROW_LINE = 11;

/** What the bundle logs and answers when a request meets the failing use case, in a fresh Node process as Lambda runs it. */
async function failingRequest(bundleUrl: string) {
  const program = `
    const { handler } = await import(${JSON.stringify(bundleUrl)});
    const event = { version: '2.0', routeKey: 'GET /api/health', rawPath: '/api/health', rawQueryString: '', headers: {}, isBase64Encoded: false,
      requestContext: { http: { method: 'GET', path: '/api/health', protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'test' }, requestId: 'r', routeKey: 'GET /api/health', stage: '$default', timeEpoch: 0 } };
    const answer = await handler(event, { getRemainingTimeInMillis: () => 10000, functionName: 'test', awsRequestId: 'r' });
    console.log('ANSWER ' + answer.statusCode);`;
  const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', program], {
    env: { PATH: process.env.PATH, ...FUNCTION_ENVIRONMENT, AWS_REGION: 'eu-west-3' },
  });
  // The logger writes errors to standard error outside Lambda.
  const lines = `${stdout}\n${stderr}`.split('\n');
  const logged = lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, any>);
  return { status: lines.find((line) => line.startsWith('ANSWER '))?.slice(7), error: logged.find((entry) => entry.message === 'unhandled error')?.error };
}

describe('a logged error in a production bundle (minified, Node without --enable-source-maps)', () => {
  let bundle: Awaited<ReturnType<typeof productionBundle>>;
  beforeAll(async () => {
    bundle = await productionBundle(FIXTURE);
  });
  afterAll(() => bundle.remove());

  it('names our source file, line and function, for the error and the error it wraps', async () => {
    expect(FUNCTION_ENVIRONMENT).not.toHaveProperty('NODE_OPTIONS');
    const { status, error } = await failingRequest(bundle.url);
    expect(status).toBe('500');
    expect(error.message).toBe('the use case failed');
    expect(error.location).toBe(`${FIXTURE}:${THROW_LINE}`);
    const frames = (error.stack as string).split('\n');
    expect(frames[1]).toMatch(new RegExp(`^\\s+at failDeepInAUseCase \\(${FIXTURE}:${THROW_LINE}:\\d+\\)$`));
    expect(error.stack).not.toContain('failing-route.mjs');
    expect(error.cause.message).toBe('what it met');
    expect(error.cause.stack).toContain(`${FIXTURE}:${THROW_LINE}:`);
  });
});

describe('mapStack', () => {
  it('leaves frames without a source map beside their file as they are', () => {
    const stack = ['Error: x', '    at load (/work/shared/config.ts:12:3)', '    at async Promise.all (index 0)', '    at node:internal/main:1:1'].join('\n');
    expect(mapStack(stack)).toBe(stack);
  });
});
