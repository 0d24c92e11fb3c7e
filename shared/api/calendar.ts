import * as z from 'zod';
import { CALENDAR_PROVIDERS } from '../domain/vocabulary.ts';

export const connectQuery = z.object({ provider: z.enum(CALENDAR_PROVIDERS) });

/** `?id=` of one of the caller's connections (the seed's `DELETE /api/calendar?id=`). */
export const connectionIdQuery = z.object({ id: z.uuid('id must be a connection id (UUID)') });

export const callbackParams = z.object({ provider: z.enum(CALENDAR_PROVIDERS) });

/**
 * What the provider sends back; unknown parameters (scope, session_state…) are ignored. A person's
 * browser is on this request, so a malformed answer is not a 400: it parses to MALFORMED_CALLBACK,
 * which the callback turns into a redirect to the settings page (the document shows the answer's
 * real parameters only).
 */
const callbackAnswer = z.object({
  code: z.string().max(4096).optional(),
  state: z.string().max(256).optional(),
  error: z.string().max(256).optional(),
});
export const MALFORMED_CALLBACK: z.output<typeof callbackAnswer> = Object.freeze({});
export const callbackQuery = callbackAnswer.catch(MALFORMED_CALLBACK);

/**
 * Microsoft Graph's change notifications (a batch; Graph sends few). The handler validates it
 * itself: the same POST without a body is Graph's validation handshake (`?validationToken=`).
 */
export const microsoftNotificationsBody = z.object({
  value: z.array(z.looseObject({ subscriptionId: z.string().min(1).max(256), clientState: z.string().max(256).optional() })).max(1000),
});
