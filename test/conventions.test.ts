import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
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
    const manifestFiles = new Set(['routes.ts', 'jobs.ts', 'manifest.ts'].map((file) => path.join('functions', file)));
    const isManifest = (file: string) => manifestFiles.has(file) || file.startsWith(path.join('functions', 'routes') + path.sep);
    const handlers = sourceFiles('functions').filter((file) => !file.endsWith('.test.ts') && !isManifest(file));
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

/** The repository-relative paths a source file imports (relative specifiers resolved), and its package imports. */
function importsOf(file: string): { local: string[]; packages: string[] } {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  const specifiers = [...text.matchAll(/^(?:import|export)\b[^'"]*?from\s*'([^']+)'/gm)].map((match) => match[1]!);
  return {
    local: specifiers.filter((s) => s.startsWith('.')).map((s) => path.normalize(path.join(path.dirname(file), s))),
    packages: specifiers.filter((s) => !s.startsWith('.')),
  };
}

const isTest = (file: string) => /\.test(-helper)?\.ts$/.test(file);
const production = (dir: string) => sourceFiles(dir).filter((file) => !isTest(file));
const under = (dir: string) => (file: string) => file.startsWith(`${path.normalize(dir)}${path.sep}`);
/** Where use cases live: one module per use case, (input, caller, now) → result. */
const USE_CASES = ['shared/appointments', 'shared/accounts', 'shared/schedule', 'shared/support', 'shared/connections'];
/** Adapters to the outside (and the data access): they never speak HTTP. */
const ADAPTERS = ['shared/aws', 'shared/db', 'shared/crypto', 'shared/calendar', 'shared/billing', 'shared/notify', 'shared/events', 'shared/auth', 'shared/jobs'];

describe('architecture (README "Architecture on one screen")', () => {
  it('keeps HTTP inside shared/http: data access, adapters and use cases import nothing from it', () => {
    const offenders = [...ADAPTERS, ...USE_CASES].flatMap(production).filter((file) => importsOf(file).local.some(under('shared/http')));
    expect(offenders).toEqual([]);
  });

  it('maps domain errors to status codes in ONE table: only the HTTP chain imports shared/http/errors.ts', () => {
    const table = path.normalize('shared/http/errors.ts');
    const importers = [...sourceFiles('shared'), ...sourceFiles('functions'), ...sourceFiles('local'), ...sourceFiles('infra')].filter(
      (file) => !under('shared/http')(file) && importsOf(file).local.includes(table),
    );
    expect(importers).toEqual([]);
  });

  it('decides what happened by the error class, never by comparing messages', () => {
    const offenders = [...production('shared'), ...production('functions')].filter((file) => /\.message\s*[!=]==/.test(readFileSync(path.join(ROOT, file), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('loads the AWS SDK through shared/aws/load-sdk.ts only: no value import of an @aws-sdk package in functions or shared (types are fine)', () => {
    const valueImport = /^import\s+(?!type\b)[^'"]*?from\s*'@aws-sdk\/|(?<!typeof )\bimport\(\s*'@aws-sdk\//m;
    const offenders = [...production('shared'), ...production('functions')].filter((file) => valueImport.test(readFileSync(path.join(ROOT, file), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('keeps handlers thin: no handler reaches shared/db, they call a use case', () => {
    const offenders = production('functions').filter((file) => importsOf(file).local.some(under('shared/db')));
    expect(offenders).toEqual([]);
  });

  it('keeps use cases free of Lambda and HTTP types', () => {
    const offenders = USE_CASES.flatMap(production).filter((file) => importsOf(file).packages.some((p) => /^(aws-lambda|@middy\/)/.test(p)));
    expect(offenders).toEqual([]);
  });

  it('keeps the domain pure: it imports only itself, the domain errors and date libraries', () => {
    const allowedPackages = new Set(['date-fns', '@date-fns/tz', 'rrule']);
    const errors = path.normalize('shared/errors.ts');
    const offenders = production('shared/domain').filter((file) => {
      const { local, packages } = importsOf(file);
      return local.some((target) => !under('shared/domain')(target) && target !== errors) || packages.some((p) => !allowedPackages.has(p));
    });
    expect(offenders).toEqual([]);
  });

  it("gives every route its schemas in its manifest entry: zod schemas, path parameters exactly the path's", () => {
    for (const route of listRoutes()) {
      const request = route.request ?? {};
      for (const part of ['params', 'query', 'body'] as const) {
        if (request[part] !== undefined) expect(request[part], `${route.key} ${part}`).toBeInstanceOf(z.core.$ZodType);
      }
      if (route.response !== undefined) expect(route.response, `${route.key} response`).toBeInstanceOf(z.core.$ZodType);
      const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
      const declared = request.params instanceof z.core.$ZodObject ? Object.keys(request.params._zod.def.shape).sort() : [];
      expect(declared, route.key).toEqual(names);
      if (request.bodyValidatedByHandler) expect(request.body, `${route.key}: a body its handler validates is still documented`).toBeDefined();
    }
  });

  it('reaches everything about a route from its manifest entry in one hop: its handler names its own entry', () => {
    for (const route of listRoutes()) {
      expect(readFileSync(path.join(ROOT, route.handler), 'utf8'), route.key).toContain(`routes['${route.key}']`);
    }
    for (const job of listJobs()) {
      expect(readFileSync(path.join(ROOT, job.handler), 'utf8'), job.name).toContain(`jobs['${job.name}']`);
    }
  });
});
