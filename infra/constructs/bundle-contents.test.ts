import { describe, expect, it } from 'vitest';
import { routes } from '../../functions/routes.ts';
import { productionBundle } from '../../test/helpers/production-bundle.ts';

/**
 * What a function's production bundle carries (issue 20: each function pays only for what it
 * uses). Bundle sizes themselves are figures of `npm run bench`; these are the choices behind them.
 */

/** A route's production bundle, built and removed: the files it is made of, and what it loads from outside. */
async function bundleOf(key: keyof typeof routes) {
  const bundle = await productionBundle(routes[key].handler);
  bundle.remove();
  return bundle;
}

/** The files a route's production bundle is made of. */
const bundledFiles = async (key: keyof typeof routes): Promise<string[]> => (await bundleOf(key)).inputs;

/** The AWS SDK packages a route's production bundle loads, and how. */
const sdkImports = async (key: keyof typeof routes) => (await bundleOf(key)).externalImports.filter(({ path }) => path.startsWith('@aws-sdk/'));

// shared/db/electrodb.ts: ElectroDB's parts come from their own files, so a function carries
// ElectroDB's Service (19 KB minified) only when it queries the availability collection.
describe("ElectroDB's Service", () => {
  const SERVICE = 'node_modules/electrodb/src/service.js';

  it('is left out of functions that do not query a collection', async () => {
    for (const key of ['GET /api/appointments/{id}', 'GET /api/me', 'GET /api/admin/products', 'DELETE /api/admin/products/{id}', 'GET /api/public/bookings/manage'] as const) {
      const files = await bundledFiles(key);
      expect(files, key).toContain('node_modules/electrodb/src/entity.js');
      expect(files, key).not.toContain(SERVICE);
    }
  });

  it('is in the functions that read the availability collection', async () => {
    expect(await bundledFiles('GET /api/availability')).toContain(SERVICE);
  });
});

// shared/notify/mime.ts: the visitor's hold e-mail is written without nodemailer (135 KB).
describe('nodemailer', () => {
  it('is not in the public booking route, which writes its e-mail itself', async () => {
    const files = await bundledFiles('POST /api/public/bookings');
    expect(files).toContain('shared/notify/mime.ts');
    expect(files.filter((file) => file.includes('node_modules/nodemailer/'))).toEqual([]);
  });
});

// shared/aws/load-sdk.ts: a function loads the AWS SDK through require, the DynamoDB clients with
// the module and the others on the first call that needs one: an ESM import of these CommonJS
// packages is parsed twice more (about a fifth of a bare handler's cold start on Node 22).
describe('The AWS SDK', () => {
  it('is loaded through require only, never imported: DynamoDB, Cognito for an erasure, EventBridge for a new appointment, SSM for secrets', async () => {
    for (const key of ['DELETE /api/me', 'POST /api/appointments', 'GET /api/appointments/{id}'] as const) {
      const imports = await sdkImports(key);
      // ElectroDB's own require of the document client is the only one esbuild can see.
      expect(imports, key).toEqual([{ path: '@aws-sdk/lib-dynamodb', kind: 'require-call' }, { path: '@aws-sdk/util-dynamodb', kind: 'require-call' }]);
    }
  });
});
