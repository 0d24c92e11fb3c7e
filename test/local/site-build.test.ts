import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, symlink, utimes } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../local/runtime.ts';
import { ensureSiteBuilt } from '../../local/site-build.ts';

/**
 * ensureSiteBuilt rebuilds site/dist when a source is newer, possibly while servers of the same
 * run serve it (another `npm start`, the test gateways). The site is copied to a folder of its own
 * here (the repository's site/dist is never touched), and served "by" a reader that keeps checking,
 * during a rebuild, that every page it finds is whole: the page and every asset it references.
 */
let root: string;

beforeAll(async () => {
  // Inside the repository (git-ignored .local/), beside the real node_modules.
  await mkdir(path.join(ROOT, '.local'), { recursive: true });
  root = await mkdtemp(path.join(ROOT, '.local', 'test-site-build-'));
  await cp(path.join(ROOT, 'site'), path.join(root, 'site'), {
    recursive: true,
    filter: (source) => !/[/\\]site[/\\](dist|node_modules|\.astro)$/.test(source),
  });
  await cp(path.join(ROOT, 'tsconfig.json'), path.join(root, 'tsconfig.json'));
  // The site imports types from shared/ (read only); the build runs root/node_modules/astro.
  await symlink(path.join(ROOT, 'shared'), path.join(root, 'shared'));
  await symlink(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'));
}, 60_000);
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

/** What a server would find in dist now: missing pages or assets referenced by a page. */
function incomplete(dist: string): string[] {
  const problems: string[] = [];
  for (const page of ['index.html', 'signin/index.html', 'admin/appointments/index.html']) {
    let html: string;
    try {
      html = readFileSync(path.join(dist, page), 'utf8');
    } catch {
      problems.push(`missing ${page}`);
      continue;
    }
    if (!html.includes('</html>')) problems.push(`half-written ${page}`);
    for (const [, asset] of html.matchAll(/(?:src|href)="\/(_astro\/[^"]+)"/g)) {
      if (!existsSync(path.join(dist, asset!))) problems.push(`${page} → missing ${asset}`);
    }
  }
  return problems;
}

describe('ensureSiteBuilt', () => {
  it('a rebuild never leaves a half-written site/dist for servers to read, and dates it from the build start', async () => {
    const lines: string[] = [];
    const dist = await ensureSiteBuilt(root, (line) => lines.push(line));
    expect(dist).toBe(path.join(root, 'site', 'dist'));
    expect(lines).toEqual(['Building the site (astro build)…']);
    expect(incomplete(dist)).toEqual([]);
    // Fresh: the next call builds nothing.
    await ensureSiteBuilt(root, (line) => lines.push(line));
    expect(lines).toHaveLength(1);

    // A source saved now: the next call rebuilds, while a "server" reads dist every 10 ms.
    const now = new Date();
    await utimes(path.join(root, 'site', 'src', 'styles', 'global.css'), now, now);
    const seen: string[] = [];
    let reads = 0;
    const reader = setInterval(() => {
      reads++;
      seen.push(...incomplete(dist));
    }, 10);
    const startedAt = Date.now();
    try {
      await ensureSiteBuilt(root, (line) => lines.push(line));
    } finally {
      clearInterval(reader);
    }
    expect(lines).toHaveLength(2);
    expect(reads).toBeGreaterThan(20);
    expect([...new Set(seen)]).toEqual([]);
    expect(incomplete(dist)).toEqual([]);
    // site/dist carries the build's start: a source saved during the build is newer, so rebuilt next time.
    expect(statSync(path.join(dist, 'index.html')).mtimeMs).toBeLessThan(startedAt + 1_000);
    // Nothing left over beside it.
    expect(readdirSync(path.join(root, '.local', 'site-builds'))).toEqual([]);
  }, 180_000);
});
