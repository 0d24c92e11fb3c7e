import { build } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ESBUILD_OPTIONS } from '../infra/constructs/bundling.ts';
import * as sources from './errors.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

describe('the domain errors in a production bundle (minified, names not kept)', () => {
  it('keep the names the logs show', async () => {
    const outfile = path.join(ROOT, 'node_modules', '.cache', `errors-${process.pid}`, 'errors.mjs');
    mkdirSync(path.dirname(outfile), { recursive: true });
    const result = await build({ ...ESBUILD_OPTIONS, entryPoints: [path.join(ROOT, 'shared/errors.ts')], outfile, absWorkingDir: ROOT, write: false, logLevel: 'silent' });
    for (const output of result.outputFiles) writeFileSync(output.path, output.contents);
    const bundled = (await import(pathToFileURL(outfile).href)) as Record<string, unknown>;
    const classes = Object.entries(sources).filter(([, value]) => typeof value === 'function' && value !== sources.DomainError);
    expect(classes.length).toBeGreaterThan(10);
    for (const [name] of classes) {
      const ErrorClass = bundled[name] as new (message?: string) => Error;
      expect(new ErrorClass('x').name, name).toBe(name);
    }
  });
});
