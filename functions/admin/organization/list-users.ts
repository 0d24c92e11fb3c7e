import { organizationUserView } from '../../../shared/api/organization.ts';
import { pickFields } from '../../../shared/api/views.ts';
import { listOrganization } from '../../../shared/accounts/organization.ts';
import { httpHandler } from '../../../shared/http/handler.ts';
import { routes } from '../../routes/organization.ts';

export const handler = httpHandler(routes['GET /api/admin/organization/users'], async ({ query }) => {
  const { rows, nextCursor } = await listOrganization(query, new Date().toISOString());
  return { data: rows.map((row) => pickFields(organizationUserView, row)), nextCursor };
});
