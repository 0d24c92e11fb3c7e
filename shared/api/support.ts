import * as z from 'zod';
import { SUPPORT_CATEGORIES } from '../domain/vocabulary.ts';
import { cursor, limit, text } from './fields.ts';

export const createTicketBody = z.object({
  category: z.enum(SUPPORT_CATEGORIES),
  subject: z.string().trim().min(3, 'must be at least 3 characters').max(200),
  message: text(5000).pipe(z.string().min(10, 'must be at least 10 characters')),
});

export type CreateTicketBody = z.output<typeof createTicketBody>;

export const listTicketsQuery = z.object({ limit: limit(50), cursor });
