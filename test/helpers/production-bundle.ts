import { build } from 'esbuild';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESBUILD_OPTIONS } from '../../infra/constructs/bundling.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
let made = 0;

/**
 * `entry` (from the repository root) bundled as CDK bundles a function (infra/constructs/bundling.ts):
 * the files it is made of, the packages it leaves out and how it loads them, and the bundle itself
 * to import. It is written inside node_modules, so that its loads of the AWS SDK (left out, as in
 * AWS) resolve; `remove` deletes it.
 */
export async function productionBundle<T = Record<string, unknown>>(entry: string) {
  const dir = path.join(ROOT, 'node_modules', '.cache', `production-bundle-${process.pid}-${++made}`);
  const outfile = path.join(dir, `${path.basename(entry, '.ts')}.mjs`);
  const result = await build({ ...ESBUILD_OPTIONS, entryPoints: [path.join(ROOT, entry)], outfile, absWorkingDir: ROOT, metafile: true, write: false, logLevel: 'silent' });
  mkdirSync(dir, { recursive: true });
  for (const output of result.outputFiles) writeFileSync(output.path, output.contents);
  const url = pathToFileURL(outfile).href;
  return {
    inputs: Object.keys(result.metafile.inputs),
    /** Each import of a package left out of the bundle (the AWS SDK), with how it is made (`import-statement`, `dynamic-import`, `require-call`). */
    externalImports: Object.values(result.metafile.inputs).flatMap((input) => input.imports.filter((i) => i.external).map(({ path, kind }) => ({ path, kind }))),
    /** The bundle's file URL, for a process of its own to import. */
    url,
    load: async () => (await import(url)) as T,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
