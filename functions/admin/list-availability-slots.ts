import { pickFields, slotView } from '../../shared/api/views.ts';
import { mySlots } from '../../shared/schedule/weekly-slots.ts';
import { httpHandler } from '../../shared/http/handler.ts';
import { routes } from '../routes/schedule.ts';

export const handler = httpHandler(routes['GET /api/admin/availability/slots'], async ({ caller }) => ({ data: (await mySlots(caller)).map((slot) => pickFields(slotView, slot)) }));
