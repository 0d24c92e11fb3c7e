import { pickFields, slotView } from '../../shared/api/views.ts';
import { changeSlot } from '../../shared/schedule/weekly-slots.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes/schedule.ts';

export const handler = httpHandler(routes['PUT /api/admin/availability/slots/{id}'], async ({ caller, params, body }) => ({
  data: pickFields(slotView, await changeSlot(caller, params.id, body)),
}));
