import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listJobs, listRoutes } from '../functions/routes.ts';
import { ROOT } from '../local/runtime.ts';

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((entry) => {
    const relative = path.join(dir, entry);
    if (statSync(path.join(ROOT, relative)).isDirectory()) return sourceFiles(relative);
    return /\.tsx?$/.test(entry) ? [relative] : [];
  });
}

describe('house rules', () => {
  it('every manifest route and job points at a module that exports a handler', async () => {
    for (const { handler } of [...listRoutes(), ...listJobs()]) {
      expect(existsSync(path.join(ROOT, handler)), handler).toBe(true);
      const module = await import(path.join(ROOT, handler));
      expect(typeof module.handler, handler).toBe('function');
    }
  });

  it('every handler file under functions/ is in the manifest, as a route or a job (no function escapes it)', () => {
    const handlers = sourceFiles('functions').filter((file) => !file.endsWith('.test.ts') && file !== path.join('functions', 'routes.ts'));
    const listed = new Set([...listRoutes(), ...listJobs()].map((entry) => entry.handler));
    expect(handlers.filter((file) => !listed.has(file))).toEqual([]);
  });

  it('keeps HTTP routes and jobs apart: a job is never served by the gateway, a route never triggered by an event', () => {
    const routeHandlers = new Set(listRoutes().map((route) => route.handler));
    expect(listJobs().filter((job) => routeHandlers.has(job.handler))).toEqual([]);
    for (const job of listJobs()) {
      expect(job.handler.startsWith('functions/events/'), job.name).toBe(true);
      if (typeof job.trigger === 'object') expect(Number.isInteger(job.trigger.scheduleMinutes) && job.trigger.scheduleMinutes > 0, job.name).toBe(true);
    }
  });

  it('imports zod as a namespace, so bundles keep only what they use', () => {
    const offenders = [...sourceFiles('shared'), ...sourceFiles('functions')].filter((file) =>
      /import\s*\{\s*z\s*\}\s*from\s*'zod'/.test(readFileSync(path.join(ROOT, file), 'utf8')),
    );
    expect(offenders).toEqual([]);
  });

  it('keeps pure domain code free of I/O and AWS', () => {
    const offenders = sourceFiles('shared/domain').filter((file) =>
      /from '(@aws-sdk|aws-lambda|node:fs|node:http|electrodb)|from '\.\.\/(db|http)\//.test(readFileSync(path.join(ROOT, file), 'utf8')),
    );
    expect(offenders).toEqual([]);
  });
});
