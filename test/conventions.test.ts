import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listRoutes } from '../functions/routes.ts';
import { ROOT } from '../local/runtime.ts';

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((entry) => {
    const relative = path.join(dir, entry);
    if (statSync(path.join(ROOT, relative)).isDirectory()) return sourceFiles(relative);
    return /\.tsx?$/.test(entry) ? [relative] : [];
  });
}

describe('house rules', () => {
  it('every manifest route points at a module that exports a handler', async () => {
    for (const route of listRoutes()) {
      expect(existsSync(path.join(ROOT, route.handler)), route.handler).toBe(true);
      const module = await import(path.join(ROOT, route.handler));
      expect(typeof module.handler, route.handler).toBe('function');
    }
  });

  it('every handler file under functions/ is in the manifest (no route escapes it)', () => {
    const handlers = sourceFiles('functions').filter((file) => !file.endsWith('.test.ts') && file !== path.join('functions', 'routes.ts'));
    const routed = new Set(listRoutes().map((route) => route.handler));
    expect(handlers.filter((file) => !routed.has(file))).toEqual([]);
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
