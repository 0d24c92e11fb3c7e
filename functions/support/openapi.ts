import { openApiDocument } from '../../shared/api/openapi.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes/service.ts';

let document: string | undefined;

export const handler = httpHandler(routes['GET /api/openapi.json'], async () => {
  // Built once per container: the document only changes with a deployment.
  document ??= JSON.stringify(openApiDocument());
  return { raw: { statusCode: 200, headers: { 'content-type': 'application/json', 'cache-control': 'public, max-age=300' }, body: document } };
});
