import { organizationUserView } from '../../../shared/api/organization.ts';
import { pickFields } from '../../../shared/api/views.ts';
import { changeRole } from '../../../shared/accounts/organization.ts';
import { httpHandler } from '../../../shared/http/handler.ts';
import { routes } from '../../routes/organization.ts';

export const handler = httpHandler(routes['PUT /api/admin/organization/users/{id}/role'], async ({ params, body, caller }) => ({
  data: pickFields(organizationUserView, await changeRole(params.id, body.role, caller, new Date().toISOString())),
}));
