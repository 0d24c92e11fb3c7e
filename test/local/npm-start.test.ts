import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, symlink } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../../local/demo.ts';
import { freePort } from '../../local/processes.ts';
import { ROOT, readRuntimeFile, runtimeFilePath } from '../../local/runtime.ts';
import { alive, descendants, idTokenFrom, spawnNpmStart, stopAllNpmStarts } from '../helpers/npm-start.ts';

async function signInAndGetMe(url: string, email: string) {
  const token = await idTokenFrom(url, email);
  return (await fetch(`${url}/api/me`, { headers: { authorization: `Bearer ${token}` } })).json();
}

// A test that failed half-way must not leave its npm start (and JVM) running.
afterEach(stopAllNpmStarts);

describe('npm start', () => {
  it('serves the product, signs in every demo account, and leaves no process behind on Ctrl-C', async () => {
    const port = await freePort();
    // No DATA_DIR: in memory, as `npm start` runs by default.
    const run = spawnNpmStart({ port, dataDir: 'memory' });
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
    // npm ends at once; start.ts then stops the JVM and cognito-local, on its own (no SIGKILL here).
    await expect.poll(() => family.filter(alive), { timeout: 15_000, interval: 200 }).toEqual([]);
    expect(run.output()).toContain('[start] Stopping…');
  });

  it("links every e-mail to its own port, hands its provider settings to sync:once, and runs sandboxes only for providers without credentials", async () => {
    const port = await freePort();
    const run = spawnNpmStart({ port, env: { GOOGLE_CLIENT_ID: 'given-to-npm-start.apps.googleusercontent.com' } });
    const url = await run.ready;
    try {
      const admin = await idTokenFrom(url, 'admin@example.com');
      const start = new Date(Date.UTC(2033, 4, 17, 9));
      const created = await fetch(`${url}/api/admin/appointments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({ action: 'create', clientEmail: 'jean.dupont@example.com', title: 'Lien du bon port', startTime: start.toISOString(), endTime: new Date(start.getTime() + 3_600_000).toISOString() }),
      });
      expect(created.status).toBe(201);
      const mail = async () => {
        const files = (await readdir(run.outboxDir)).filter((file) => file.includes('jean.dupont'));
        return files.length ? readFile(path.join(run.outboxDir, files.at(-1)!), 'utf8') : '';
      };
      await expect.poll(mail, { timeout: 10_000 }).toContain('Lien du bon port');
      const text = await mail();
      expect(text).toContain(`http://localhost:${port}/dashboard/appointments`);
      expect(text).not.toContain('localhost:3000');
      const runtime = await readRuntimeFile(runtimeFilePath(run.dataDir));
      expect(runtime?.env).toMatchObject({ SITE_URL: `http://localhost:${port}`, GOOGLE_CLIENT_ID: 'given-to-npm-start.apps.googleusercontent.com' });
      // A provider given real credentials has no sandbox; the others have one, and the site says which.
      expect(runtime?.env.GOOGLE_AUTH_URL).toBeUndefined();
      expect(runtime?.env.LAGO_API_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
      expect(runtime?.env.MICROSOFT_GRAPH_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\.0$/);
      expect((await (await fetch(`${url}/config.json`)).json()).sandboxes).toEqual(['payments', 'microsoft']);
    } finally {
      await run.stop();
    }
  });

  it('keeps data across restarts with DATA_DIR', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'booking-data-'));
    try {
      for (const expected of ['Demo data seeded.', 'Existing data kept.']) {
        const run = spawnNpmStart({ port: await freePort(), dataDir });
        const url = await run.ready;
        expect(run.output()).toContain(expected);
        expect((await signInAndGetMe(url, 'jean.dupont@example.com')).data.lastName).toBe('Dupont');
        await run.stop(); // Ctrl-C, and the next start finds the data
        expect(run.output()).toContain('[start] Stopping…');
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
      const run = spawnNpmStart({ port, dataDir: 'memory' });
      expect(await run.exited).toBe(1);
      expect(run.output()).toContain(`Port ${port} is already in use`);
      expect(run.output()).toContain('PORT=3001 npm start');
    } finally {
      blocker.close();
    }
  });

  it('names a malformed PORT instead of starting on a wrong one', async () => {
    const run = spawnNpmStart({ port: 'abc', dataDir: 'memory' });
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
