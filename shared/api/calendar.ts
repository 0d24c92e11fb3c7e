import * as z from 'zod';
import { CALENDAR_PROVIDERS } from '../domain/vocabulary.ts';

export const connectQuery = z.object({ provider: z.enum(CALENDAR_PROVIDERS) });

/** `?id=` of one of the caller's connections (the seed's `DELETE /api/calendar?id=`). */
export const connectionIdQuery = z.object({ id: z.uuid('id must be a connection id (UUID)') });

export const callbackParams = z.object({ provider: z.enum(CALENDAR_PROVIDERS) });

/** What the provider sends back; unknown parameters (scope, session_state…) are ignored. */
export const callbackQuery = z.object({
  code: z.string().max(4096).optional(),
  state: z.string().max(256).optional(),
  error: z.string().max(256).optional(),
});
