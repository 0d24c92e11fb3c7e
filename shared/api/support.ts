import * as z from 'zod/mini';
import { SUPPORT_CATEGORIES } from '../domain/vocabulary.ts';
import { cursor, limit, text } from './fields.ts';

export const createTicketBody = z.object({
  category: z.enum(SUPPORT_CATEGORIES),
  subject: z.string().check(z.trim(), z.minLength(3, 'must be at least 3 characters'), z.maxLength(200)),
  message: z.pipe(text(5000), z.string().check(z.minLength(10, 'must be at least 10 characters'))),
});

export type CreateTicketBody = z.output<typeof createTicketBody>;

export const listTicketsQuery = z.object({ limit: limit(50), cursor });
