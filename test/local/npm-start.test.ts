import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../local/demo.ts';
import { freePort } from '../../local/processes.ts';
import { ROOT } from '../../local/runtime.ts';

/** `npm start` as a user runs it: its own process group, so Ctrl-C can be sent to all of it. */
function npmStart(env: Record<string, string>) {
  const child = spawn('npm', ['start'], { cwd: ROOT, detached: true, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /Ready at (http:\/\/\S+)/.exec(output);
      if (match) {
        clearInterval(timer);
        resolve(match[1]!);
      }
    }, 100);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`npm start exited (${code}) before it was ready:\n${output}`));
    });
  });
  // Tests that expect a failed start never await `ready`: its rejection is expected there.
  ready.catch(() => undefined);
  return { child, ready, exited, output: () => output };
}

function descendants(pid: number): number[] {
  let children: number[] = [];
  try {
    children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((line) => Number(line.trim()))
      .filter(Boolean);
  } catch {
    // ps exits 1 when there are none
  }
  return children.flatMap((child) => [child, ...descendants(child)]);
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function signInAndGetMe(url: string, email: string) {
  const config = await (await fetch(`${url}/config.json`)).json();
  const auth = await fetch(`${url}${config.cognitoEndpoint}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
    body: JSON.stringify({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: config.userPoolClientId, AuthParameters: { USERNAME: email, PASSWORD: DEMO_PASSWORD } }),
  });
  const token = (await auth.json()).AuthenticationResult.IdToken;
  return (await fetch(`${url}/api/me`, { headers: { authorization: `Bearer ${token}` } })).json();
}

let running: ChildProcess | undefined;
afterEach(() => {
  // A test that failed half-way must not leave its npm start (and JVM) running.
  if (running && running.exitCode === null && running.signalCode === null) {
    try {
      process.kill(-running.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

describe('npm start', () => {
  it('serves the product, signs in every demo account, and leaves no process behind on Ctrl-C', async () => {
    const port = await freePort();
    const run = npmStart({ PORT: String(port) });
    running = run.child;
    const url = await run.ready;
    expect(url).toBe(`http://localhost:${port}`);
    expect(run.output()).toContain('admin@example.com');

    expect((await fetch(`${url}/api/health`)).status).toBe(200);
    expect(await (await fetch(`${url}/config.json`)).json()).toMatchObject({ apiUrl: '/api', userPoolId: expect.any(String) });
    expect(await (await fetch(`${url}/signin/`)).text()).toContain('Connexion');
    expect((await fetch(`${url}/api/me`)).status).toBe(401);
    for (const account of DEMO_ACCOUNTS) {
      const me = await signInAndGetMe(url, account.email);
      expect(me.data).toMatchObject({ email: account.email, role: account.admin ? 'admin' : 'client' });
    }

    const family = descendants(run.child.pid!);
    expect(family.length).toBeGreaterThan(2); // npm → node, java, cognito-local
    process.kill(-run.child.pid!, 'SIGINT');
    await run.exited;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(family.filter(alive)).toEqual([]);
  });

  it('keeps data across restarts with DATA_DIR', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'booking-data-'));
    try {
      for (const expected of ['Demo data seeded.', 'Existing data kept.']) {
        const run = npmStart({ PORT: String(await freePort()), DATA_DIR: dataDir });
        running = run.child;
        const url = await run.ready;
        expect(run.output()).toContain(expected);
        expect((await signInAndGetMe(url, 'jean.dupont@example.com')).data.lastName).toBe('Dupont');
        process.kill(-run.child.pid!, 'SIGINT');
        await run.exited;
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
    // Two full starts of the product (JVM, cognito-local, site): more than the default minute on a busy machine.
  }, 150_000);

  it('says which port is taken instead of crashing', async () => {
    const blocker = net.createServer().listen(0);
    await new Promise((resolve) => blocker.once('listening', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const run = npmStart({ PORT: String(port) });
      running = run.child;
      expect(await run.exited).toBe(1);
      expect(run.output()).toContain(`Port ${port} is already in use`);
      expect(run.output()).toContain('PORT=3001 npm start');
    } finally {
      blocker.close();
    }
  });

  it('names a malformed PORT instead of starting on a wrong one', async () => {
    const run = npmStart({ PORT: 'abc' });
    running = run.child;
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('Invalid configuration');
    expect(run.output()).toContain('PORT:');
  });

  it('says Java is missing, and how to install it, instead of failing obscurely', async () => {
    // A PATH with node and nothing else: no java to find.
    const bin = await mkdtemp(path.join(os.tmpdir(), 'no-java-'));
    try {
      await symlink(process.execPath, path.join(bin, 'node'));
      const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], {
        cwd: ROOT,
        env: { ...process.env, PATH: bin, PORT: String(await freePort()) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code).toBe(1);
      expect(output).toContain('Java is not installed: DynamoDB Local needs Java 17+');
    } finally {
      await rm(bin, { recursive: true, force: true });
    }
  });
});
