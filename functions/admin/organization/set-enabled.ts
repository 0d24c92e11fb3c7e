import { organizationUserView } from '../../../shared/api/organization.ts';
import { pickFields } from '../../../shared/api/views.ts';
import { setEnabled } from '../../../shared/accounts/organization.ts';
import { httpHandler } from '../../../shared/http/handler.ts';
import { routes } from '../../routes/organization.ts';

export const handler = httpHandler(routes['PUT /api/admin/organization/users/{id}/enabled'], async ({ params, body, caller }) => ({
  data: pickFields(organizationUserView, await setEnabled(params.id, body.enabled, caller, new Date().toISOString())),
}));
