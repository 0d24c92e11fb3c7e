import { pickFields, slotView } from '../../shared/api/views.ts';
import { addSlot } from '../../shared/schedule/weekly-slots.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes/schedule.ts';

export const handler = httpHandler(routes['POST /api/admin/availability/slots'], async ({ caller, body }) => ({
  status: 201,
  data: pickFields(slotView, await addSlot(caller, body)),
}));
