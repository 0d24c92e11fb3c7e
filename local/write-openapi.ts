/** `npm run build` writes the OpenAPI document to docs/openapi.json (a test keeps it current). */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { openApiDocument } from '../shared/api/openapi.ts';
import { ROOT } from './runtime.ts';

await writeFile(path.join(ROOT, 'docs', 'openapi.json'), `${JSON.stringify(openApiDocument(), null, 2)}\n`);
console.log('docs/openapi.json written');
