import { eraseAccount } from '../../shared/accounts/erase-account.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes/support.ts';

/** GDPR erasure of the caller's account (shared/accounts/erase-account.ts). */
export const handler = httpHandler(routes['DELETE /api/me'], async ({ caller }) => ({
  data: { deleted: true, ...(await eraseAccount(caller, new Date().toISOString())) },
}));
