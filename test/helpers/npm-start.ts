/**
 * `npm start` as a new user runs it, as a child of a test: its own process group (so Ctrl-C, or
 * a kill, reaches npm, tsx, node, the JVM and cognito-local at once), a free port, and by default
 * a fresh DATA_DIR and outbox of its own, removed when it stops. Nothing of it outlives the test
 * process: stop() in afterAll/afterEach, a SIGKILL of every group left when the process exits, and
 * a guard (npm-start-guard.mjs) that ends the group if the process dies without either.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { DEMO_PASSWORD } from '../../local/demo.ts';
import { freePort } from '../../local/processes.ts';
import { ROOT } from '../../local/runtime.ts';

const GUARD = path.join(import.meta.dirname, 'npm-start-guard.mjs');

export interface NpmStartOptions {
  /** PORT as the user would type it (a malformed one included); a free port by default. */
  port?: number | string;
  /** A folder to keep the data in; `'fresh'` (default): a new temp folder; `'memory'`: no DATA_DIR. */
  dataDir?: string | 'fresh' | 'memory';
  /** More variables for the child (they win over the defaults). */
  env?: Record<string, string>;
}

export interface NpmStartProcess {
  /** The guard that runs `npm start` and leads its process group; it exits with npm's code. */
  child: ChildProcess;
  /** Resolves with the URL of the "Ready at <url>" line; rejects if the child exits first. */
  ready: Promise<string>;
  exited: Promise<number | null>;
  output(): string;
  /** DATA_DIR given to the child (undefined in memory). */
  dataDir?: string;
  outboxDir: string;
  /** Ctrl-C to the whole group, waits for all of it to end, SIGKILL after `graceMs`; removes the temp folders made here. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL to the whole group at once (synchronous: usable from an `exit` handler). */
  kill(): void;
}

const groups = new Set<NpmStartProcess>();
// A worker that exits with a start still running (a failed or timed-out hook) ends it; a worker
// killed outright cannot run this: the guard ends the group then.
process.on('exit', () => {
  for (const run of groups) run.kill();
});

/**
 * The variables of the user's shell: this process's minus what the test run added (the handlers'
 * environment of the run's own emulators, vitest's markers), so the child configures itself.
 */
function userEnvironment(): Record<string, string> {
  const added = new Set(Object.keys(inject('env')));
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined || added.has(name) || /^VITEST/.test(name) || name === 'TEST') continue;
    if (name === 'NODE_ENV' && value === 'test') continue;
    env[name] = value;
  }
  return env;
}

export const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Starts `npm start` and returns at once (for the tests of failed starts too). */
export function spawnNpmStart(options: NpmStartOptions & { port: number | string }): NpmStartProcess {
  const temp: string[] = [];
  const tempDir = (prefix: string) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
    temp.push(dir);
    return dir;
  };
  const dataDir =
    options.dataDir === 'memory' ? undefined : options.dataDir === undefined || options.dataDir === 'fresh' ? tempDir('booking-data-') : options.dataDir;
  const outboxDir = tempDir('booking-outbox-');
  const env: Record<string, string> = {
    ...userEnvironment(),
    PORT: String(options.port),
    OUTBOX_DIR: outboxDir,
    ...(dataDir ? { DATA_DIR: dataDir } : {}),
    ...options.env,
  };
  // `npm start` under a guard that leads the process group and ends all of it if this process
  // dies without stopping it (stdin: the pipe whose end tells it so).
  const child = spawn(process.execPath, [GUARD, ...temp], { cwd: ROOT, detached: true, env, stdio: ['pipe', 'pipe', 'pipe'] });
  // The pipe only tells the guard this process is alive: it must not keep this process alive.
  (child.stdin as unknown as { unref(): void } | null)?.unref();
  let output = '';
  let resolveReady: (url: string) => void = () => undefined;
  const ready = new Promise<string>((resolve) => (resolveReady = resolve));
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    const match = /Ready at (http:\/\/\S+)/.exec(output);
    if (match) resolveReady(match[1]!);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => resolve(code));
    // spawn failures (no npm on PATH) end here too.
    child.on('error', (error) => {
      output += `\n${error.message}`;
      resolve(null);
    });
  });
  // A child that exits before its "Ready at" line fails `ready` with what it printed.
  const readyOrExit = Promise.race([
    ready,
    exited.then((code) => Promise.reject(new Error(`npm start exited (${code}) before it was ready:\n${output}`))),
  ]);
  // Tests of failed starts never await `ready`: its rejection is expected there.
  readyOrExit.catch(() => undefined);

  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // the group is gone
    }
  };
  const removeTemp = () => {
    for (const dir of temp.splice(0)) rmSync(dir, { recursive: true, force: true });
  };
  const run: NpmStartProcess = {
    child,
    ready: readyOrExit,
    exited,
    output: () => output,
    dataDir,
    outboxDir,
    kill: () => {
      if (child.pid !== undefined) signalGroup('SIGKILL');
      groups.delete(run);
      removeTemp();
    },
    stop: async (graceMs = 15_000) => {
      if (child.pid !== undefined) {
        // npm itself ends at once on Ctrl-C; start.ts then stops the JVM and cognito-local: the
        // group is gone when the last of them is.
        signalGroup('SIGINT');
        const deadline = Date.now() + graceMs;
        while (groupMembers(child.pid).length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
        signalGroup('SIGKILL');
        await exited;
      }
      groups.delete(run);
      removeTemp();
    },
  };
  if (child.pid !== undefined) groups.add(run);
  return run;
}

export interface RunningNpmStart extends NpmStartProcess {
  url: string;
  /** How long it took from spawn to the "Ready at" line. */
  readyMs: number;
}

/**
 * `npm start` up and ready. Gives up (and kills the group) after `timeoutMs`, so a slow start
 * fails with the child's output rather than as a hook timeout that leaves the child running.
 */
export async function startNpmStart(options: NpmStartOptions & { timeoutMs?: number } = {}): Promise<RunningNpmStart> {
  const started = Date.now();
  const run = spawnNpmStart({ ...options, port: options.port ?? (await freePort()) });
  const timeoutMs = options.timeoutMs ?? 90_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    const url = await Promise.race([
      run.ready,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`npm start was not ready within ${timeoutMs / 1000} s:\n${run.output()}`)), timeoutMs);
      }),
    ]);
    return Object.assign(run, { url, readyMs: Date.now() - started });
  } catch (error) {
    await run.stop(2_000);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** Stops every `npm start` this process started and has not stopped yet (for afterEach/afterAll). */
export async function stopAllNpmStarts(): Promise<void> {
  await Promise.all([...groups].map((run) => run.stop()));
}

/** The live (not zombie) processes of a process group. */
export function groupMembers(pgid: number): number[] {
  return execFileSync('ps', ['-eo', 'pid=,pgid=,stat='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([, group, stat]) => Number(group) === pgid && stat && !stat.startsWith('Z'))
    .map(([pid]) => Number(pid));
}

/** The PIDs under `pid` (children, grandchildren…). */
export function descendants(pid: number): number[] {
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

/** Signs a demo account in against an `npm start` (its /config.json and /cognito proxy, as the site does); returns the ID token. */
export async function idTokenFrom(url: string, email: string, password = DEMO_PASSWORD): Promise<string> {
  const config = await (await fetch(`${url}/config.json`)).json();
  const response = await fetch(`${url}${config.cognitoEndpoint}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
    body: JSON.stringify({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: config.userPoolClientId, AuthParameters: { USERNAME: email, PASSWORD: password } }),
  });
  const body = await response.json();
  if (!response.ok) throw new Error(`Sign-in of ${email} failed (HTTP ${response.status}): ${JSON.stringify(body)}`);
  return body.AuthenticationResult.IdToken;
}
