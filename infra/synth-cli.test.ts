import { App, Stack } from 'aws-cdk-lib';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listJobs, listRoutes } from '../functions/routes.ts';
import { ensureSiteBuilt } from '../local/site-build.ts';
import { buildApp } from './app.ts';
import { ROOT } from './constructs/booking-function.ts';

/**
 * `npm run synth` (the real CDK CLI running cdk.json's app) as an operator runs it before a first
 * deploy: offline, without AWS credentials. app.test.ts checks the constructs; this checks that the
 * CLI gets from the app to templates and bundled functions. One CLI run (it bundles every function).
 */

const SYNTH_TIMEOUT_MS = 8 * 60_000;
let outDir: string;
let run: { code: number | null; output: string };
let repoHad: { cdkOut: boolean; context: boolean };

/** The shell's environment without anything that could reach an AWS account or the network. */
function offlineEnvironment(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(AWS_|CDK_)/.test(name)));
  return {
    ...env,
    // As docs/DEPLOY.md asks; without it the CLI would pick us-east-1.
    AWS_REGION: 'eu-west-3',
    AWS_CONFIG_FILE: path.join(os.tmpdir(), 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(os.tmpdir(), 'no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    CDK_DISABLE_VERSION_CHECK: '1',
    CDK_DISABLE_CLI_TELEMETRY: 'true',
    npm_config_update_notifier: 'false',
  };
}

function npmRunSynth(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', 'synth', '--', ...args], { cwd: ROOT, env: offlineEnvironment(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGTERM'), SYNTH_TIMEOUT_MS - 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

let stackNames: string[] | undefined;
/** The stacks infra/app.ts builds (constructs only: nothing bundled nor synthesised here). */
function appStackNames(): string[] {
  stackNames ??= buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [], '@aws-cdk/core:defaultCrossStackReferences': 'strong' } }))
    .app.node.children.filter(Stack.isStack)
    .map((stack) => stack.stackName)
    .sort();
  return stackNames;
}

beforeAll(async () => {
  await ensureSiteBuilt(ROOT); // the site stack deploys site/dist (`npm run build` on a real deploy)
  repoHad = { cdkOut: existsSync(path.join(ROOT, 'cdk.out')), context: existsSync(path.join(ROOT, 'cdk.context.json')) };
  outDir = mkdtempSync(path.join(os.tmpdir(), 'booking-synth-'));
  // --no-notices: notices are fetched from the network; --lookups=false: synthesis must need no account lookups.
  run = await npmRunSynth(['--output', outDir, '--no-notices', '--lookups=false']);
}, SYNTH_TIMEOUT_MS);

afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

describe('npm run synth (the CDK CLI, offline, no credentials)', () => {
  it('exits 0', () => {
    expect(run.code, run.output).toBe(0);
  });

  it('writes the template of every stack of infra/app.ts, and nothing else as a stack', () => {
    const stacks = appStackNames();
    expect(stacks).toEqual(['BookingApi', 'BookingAuth', 'BookingData', 'BookingEvents', 'BookingFirewall', 'BookingSite', 'BookingSync']);
    const manifest = JSON.parse(readFileSync(path.join(outDir, 'manifest.json'), 'utf8')) as { artifacts: Record<string, { type: string }> };
    const synthesised = Object.entries(manifest.artifacts).filter(([, artifact]) => artifact.type === 'aws:cloudformation:stack').map(([name]) => name);
    expect(synthesised.sort()).toEqual(stacks);
    for (const stack of stacks) {
      const template = JSON.parse(readFileSync(path.join(outDir, `${stack}.template.json`), 'utf8')) as { Resources?: object };
      expect(Object.keys(template.Resources ?? {}).length, stack).toBeGreaterThan(0);
    }
  });

  it('bundles every function of the manifest into the output, as an ESM bundle', () => {
    const functions = appStackNames().flatMap((stack) => {
      const template = JSON.parse(readFileSync(path.join(outDir, `${stack}.template.json`), 'utf8')) as {
        Resources: Record<string, { Type: string; Properties: { Runtime?: string }; Metadata?: Record<string, string> }>;
      };
      return Object.entries(template.Resources)
        .filter(([, resource]) => resource.Type === 'AWS::Lambda::Function' && resource.Properties.Runtime === 'nodejs22.x')
        .map(([id, resource]) => ({ id: `${stack}/${id}`, asset: resource.Metadata?.['aws:asset:path'] ?? '' }));
    });
    // BookingFunction (nodejs22.x) is used for every route and job, and only for them.
    expect(functions).toHaveLength(listRoutes().length + listJobs().length);
    const unbundled = functions.filter(({ asset }) => !asset.startsWith('asset.') || !existsSync(path.join(outDir, asset, 'index.mjs')));
    expect(unbundled).toEqual([]);
    expect(functions.filter(({ id }) => id.startsWith('BookingAuth/CreateProfileOnSignUp'))).toHaveLength(1);
  });

  it('leaves no cdk.out nor cdk.context.json in the repository', () => {
    if (!repoHad.cdkOut) expect(existsSync(path.join(ROOT, 'cdk.out'))).toBe(false);
    if (!repoHad.context) expect(existsSync(path.join(ROOT, 'cdk.context.json'))).toBe(false);
  });
});
