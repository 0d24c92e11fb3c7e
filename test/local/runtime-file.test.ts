import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it, onTestFinished } from 'vitest';
import { ROOT, runtimeFilePath, type RuntimeInfo } from '../../local/runtime.ts';
import { startNpmStart, stopAllNpmStarts } from '../helpers/npm-start.ts';

/**
 * `npm start` tells `npm run sync:once` how to reach it through a runtime file of its own:
 * beside its data with DATA_DIR, else .local/runtime.json. Two starts at once (the test suite
 * runs two) must not take each other's file, and a start removes only what it wrote.
 */
afterAll(stopAllNpmStarts);

/** `npm run sync:once` as a user runs it: the user's shell variables (not this run's handler environment), plus `env`. */
function syncOnce(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const added = new Set(Object.keys(inject('env')));
  const shell = Object.fromEntries(Object.entries(process.env).filter(([name]) => !added.has(name) && !/^VITEST/.test(name) && name !== 'TEST' && name !== 'NODE_ENV'));
  const child = spawn('npm', ['run', '--silent', 'sync:once'], { cwd: ROOT, env: { ...shell, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output })));
}

const readInfo = async (file: string) => JSON.parse(await readFile(file, 'utf8')) as RuntimeInfo;

describe('the runtime file of `npm start`', () => {
  it('two starts with their own DATA_DIR each keep their own; sync:once finds one by DATA_DIR; a stop leaves the other’s', async () => {
    // The first one's DATA_DIR is this test's (the helper removes the folders it makes on stop).
    const ownDataDir = await mkdtemp(path.join(os.tmpdir(), 'booking-data-'));
    onTestFinished(() => rm(ownDataDir, { recursive: true, force: true }));
    const [first, second] = await Promise.all([startNpmStart({ dataDir: ownDataDir, timeoutMs: 150_000 }), startNpmStart({ timeoutMs: 150_000 })]);
    const [firstFile, secondFile] = [runtimeFilePath(first.dataDir), runtimeFilePath(second.dataDir)];
    expect(firstFile).toBe(path.join(first.dataDir!, 'runtime.json'));
    const [a, b] = [await readInfo(firstFile), await readInfo(secondFile)];
    expect(a).toMatchObject({ url: first.url, dataDir: first.dataDir });
    expect(b).toMatchObject({ url: second.url, dataDir: second.dataDir });
    expect(a.env.DYNAMODB_ENDPOINT).not.toBe(b.env.DYNAMODB_ENDPOINT);

    // sync:once reaches the start of the DATA_DIR it is given.
    const ran = await syncOnce({ DATA_DIR: first.dataDir! });
    expect(ran.output).toContain(`Running against ${first.url}.`);
    expect(ran.output).toMatch(/send-reminders done/);
    expect(ran.code).toBe(0);

    // The second stops: its file goes, the first one's stays and still works.
    await second.stop();
    expect(existsSync(secondFile)).toBe(false);
    expect(await readInfo(firstFile)).toEqual(a);
    expect((await syncOnce({ DATA_DIR: first.dataDir! })).code).toBe(0);

    // A file some other run wrote there since (same place, another pid) is not this run's to remove.
    const foreign = { ...a, pid: second.child.pid!, url: 'http://localhost:1' };
    await writeFile(firstFile, JSON.stringify(foreign));
    await first.stop();
    expect(await readInfo(firstFile)).toEqual(foreign);
  }, 240_000);

  it('as the README says, with defaults: `npm start` (in memory) then `npm run sync:once`; Ctrl-C takes its file away', async () => {
    const run = await startNpmStart({ dataDir: 'memory', timeoutMs: 150_000 });
    const file = runtimeFilePath();
    expect(file).toBe(path.join(ROOT, '.local', 'runtime.json'));
    const info = await readInfo(file);
    const ours = info.url === run.url ? info.pid : undefined;
    const ran = await syncOnce({});
    // Another in-memory start (another test file, a developer's) may have registered since: the
    // last one to start is the one sync:once reaches.
    expect(ran.output).toMatch(/Running against http:\/\/localhost:\d+\./);
    expect(ran.code).toBe(0);
    await run.stop();
    // Gone, unless another start's file took its place meanwhile.
    if (ours !== undefined && existsSync(file)) expect((await readInfo(file)).pid).not.toBe(ours);
  }, 200_000);

  it('sync:once says which start it looked for, and that a recorded one has stopped', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'booking-data-'));
    try {
      const none = await syncOnce({ DATA_DIR: dataDir });
      expect(none.code).toBe(1);
      expect(none.output).toContain(`No \`npm start\` is running with DATA_DIR=${dataDir}`);

      // A start killed outright (no Ctrl-C) leaves its file: sync:once says that run is gone.
      const gone: RuntimeInfo = { pid: 2 ** 22 + 12_345, url: 'http://localhost:1', env: {} };
      await writeFile(path.join(dataDir, 'runtime.json'), JSON.stringify(gone));
      const stale = await syncOnce({ DATA_DIR: dataDir });
      expect(stale.code).toBe(1);
      expect(stale.output).toContain(`(pid ${gone.pid}) is no longer running`);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
