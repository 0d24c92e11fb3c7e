import { removeSlot } from '../../shared/schedule/weekly-slots.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes/schedule.ts';

export const handler = httpHandler(routes['DELETE /api/admin/availability/slots/{id}'], async ({ caller, params }) => {
  await removeSlot(caller, params.id);
  return { data: { id: params.id, deleted: true } };
});
