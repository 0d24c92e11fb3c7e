import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(target).map((entry) => newestMtime(path.join(target, entry))));
}

/** Builds the Astro site unless site/dist is newer than every source file; returns site/dist. */
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
  try {
    await run(process.execPath, [path.join(root, 'node_modules', 'astro', 'astro.js'), 'build', '--root', site, '--silent'], {
      cwd: root,
      maxBuffer: 32 * 1024 * 1024,
      // Always the production build: under vitest NODE_ENV is `test`, which Vite would carry into
      // the bundle, shipping React's development build (three times larger, and slower).
      env: { ...process.env, NODE_ENV: 'production', ASTRO_TELEMETRY_DISABLED: '1' },
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`The site build failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
  return dist;
}
