import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { mkdir, rm, utimes } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(target).map((entry) => newestMtime(path.join(target, entry))));
}

/**
 * Puts a finished build in place of site/dist with two renames back to back (synchronous: nothing
 * of this process runs between them), so that a server serving site/dist (another `npm start`, a
 * test's gateway) never reads a half-written or emptied folder: the old one is whole until the
 * instant the new one, also whole, takes its name. When two builds finish at once, the last one
 * to rename wins; each removes only its own leftovers.
 */
function swapInto(dist: string, build: string, trash: string): void {
  for (let attempt = 0; ; attempt++) {
    try {
      renameSync(dist, trash);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    try {
      renameSync(build, dist);
      return;
    } catch (error) {
      // Another build took the name between the two renames: move that one aside too, and retry.
      const code = (error as NodeJS.ErrnoException).code;
      if ((code !== 'ENOTEMPTY' && code !== 'EEXIST') || attempt >= 5) throw error;
      rmSync(trash, { recursive: true, force: true });
    }
  }
}

/**
 * Builds the Astro site unless site/dist is newer than every source file; returns site/dist.
 * The build goes to a folder of its own under .local/ and then replaces site/dist at once (see
 * swapInto): a rebuild in the middle of a run (sources edited meanwhile) never shows servers of
 * that run a half-written site. site/dist then carries the time the build started, so a source
 * saved during the build makes the next start build again.
 */
export async function ensureSiteBuilt(root: string, log: (line: string) => void = () => undefined): Promise<string> {
  const site = path.join(root, 'site');
  const dist = path.join(site, 'dist');
  const built = existsSync(path.join(dist, 'index.html')) ? statSync(path.join(dist, 'index.html')).mtimeMs : 0;
  const sources = Math.max(
    newestMtime(path.join(site, 'src')),
    newestMtime(path.join(site, 'public')),
    newestMtime(path.join(site, 'astro.config.mjs')),
    newestMtime(path.join(root, 'shared', 'domain')),
  );
  if (built > sources) return dist;
  log('Building the site (astro build)…');
  const startedAt = new Date();
  const id = `${process.pid}-${randomBytes(4).toString('hex')}`;
  // Beside site/ on the same file system (renames), in a git-ignored folder.
  const work = path.join(root, '.local', 'site-builds');
  const build = path.join(work, `build-${id}`);
  const trash = path.join(work, `old-${id}`);
  await mkdir(work, { recursive: true });
  try {
    await run(process.execPath, [path.join(root, 'node_modules', 'astro', 'astro.js'), 'build', '--root', site, '--outDir', build, '--silent'], {
      cwd: root,
      maxBuffer: 32 * 1024 * 1024,
      // Always the production build: under vitest NODE_ENV is `test`, which Vite would carry into
      // the bundle, shipping React's development build (three times larger, and slower).
      env: { ...process.env, NODE_ENV: 'production', ASTRO_TELEMETRY_DISABLED: '1' },
    });
  } catch (error) {
    await rm(build, { recursive: true, force: true });
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`The site build failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
  try {
    await utimes(path.join(build, 'index.html'), startedAt, startedAt);
    swapInto(dist, build, trash);
  } finally {
    await rm(build, { recursive: true, force: true });
    await rm(trash, { recursive: true, force: true });
  }
  return dist;
}
