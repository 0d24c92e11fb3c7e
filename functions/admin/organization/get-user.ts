import { organizationUserDetailView } from '../../../shared/api/organization.ts';
import { pickFields } from '../../../shared/api/views.ts';
import { organizationUser } from '../../../shared/accounts/organization.ts';
import { httpHandler } from '../../../shared/http/handler.ts';
import { routes } from '../../routes/organization.ts';

export const handler = httpHandler(routes['GET /api/admin/organization/users/{id}'], async ({ params }) => ({
  data: pickFields(organizationUserDetailView, await organizationUser(params.id, new Date().toISOString())),
}));
