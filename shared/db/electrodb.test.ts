import { build } from 'esbuild';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { routes } from '../../functions/routes.ts';
import { ESBUILD_OPTIONS } from '../../infra/constructs/bundling.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SERVICE = 'node_modules/electrodb/src/service.js';

/** The files a route's production bundle is made of (infra/constructs/bundling.ts). */
async function bundledFiles(key: keyof typeof routes): Promise<string[]> {
  const result = await build({
    ...ESBUILD_OPTIONS,
    entryPoints: [path.join(ROOT, routes[key].handler)],
    outfile: path.join(ROOT, 'node_modules', '.cache', 'electrodb-parts', 'handler.mjs'),
    absWorkingDir: ROOT,
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs);
}

// shared/db/electrodb.ts: ElectroDB's parts come from their own files, so a function carries
// ElectroDB's Service (19 KB minified) only when it queries the availability collection.
describe("ElectroDB's parts in a production bundle", () => {
  it('leaves the Service out of functions that do not query a collection', async () => {
    for (const key of ['GET /api/appointments/{id}', 'GET /api/me', 'GET /api/admin/products', 'DELETE /api/admin/products/{id}', 'GET /api/public/bookings/manage'] as const) {
      const files = await bundledFiles(key);
      expect(files, key).toContain('node_modules/electrodb/src/entity.js');
      expect(files, key).not.toContain(SERVICE);
    }
  });

  it('keeps it where the availability collection is read', async () => {
    expect(await bundledFiles('GET /api/availability')).toContain(SERVICE);
  });
});
