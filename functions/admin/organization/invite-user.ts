import { organizationUserView } from '../../../shared/api/organization.ts';
import { pickFields } from '../../../shared/api/views.ts';
import { inviteUser } from '../../../shared/accounts/organization.ts';
import { httpHandler } from '../../../shared/http/handler.ts';
import { routes } from '../../routes/organization.ts';

export const handler = httpHandler(routes['POST /api/admin/organization/users'], async ({ body, caller }) => ({
  status: 201,
  data: pickFields(organizationUserView, await inviteUser(body, caller, new Date().toISOString())),
}));
